"""``python -m analysis run`` does what the ``media-bias`` console script does."""

import sys

from .app.cli import main

sys.exit(main())
