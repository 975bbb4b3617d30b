"""The ``tutor`` command line: one module per command group, listed in :mod:`tutor.cli.main`.

Commands only parse arguments, call the container and print; the console script
``tutor = "tutor.cli:main"`` points here.
"""

from tutor.cli.main import main

__all__ = ["main"]
