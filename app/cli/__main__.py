"""``python -m app.cli``: the ``finlens`` command."""

import sys

from app.cli import main

sys.exit(main())
