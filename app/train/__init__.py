"""Training pipeline for the FinLens finance embedder.

Everything under ``app.train`` needs the ``train`` extra (torch, sentence-transformers);
the desktop app never imports it at run time.
"""
