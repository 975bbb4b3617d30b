"""``python -m ingest``: index the corpus."""

import sys

from ingest.cli import main

sys.exit(main())
