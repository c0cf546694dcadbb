"""``python -m analysis run`` does what the ``media-bias`` console script does."""

import sys

from .cli import main

sys.exit(main())
