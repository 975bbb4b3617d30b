"""``python -m tutor.cli``: the same as the ``tutor`` console script."""

import sys

from tutor.cli.main import main

sys.exit(main())
