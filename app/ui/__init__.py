"""The FinLens desktop window (PySide6).

Everything Qt lives here: widgets, Qt item models over :mod:`app.core` data, and the one worker helper
(:mod:`app.ui.workers`) that runs core work off the GUI thread. The core never imports this package.

Entry point: :func:`app.ui.application.run_app`.
"""
