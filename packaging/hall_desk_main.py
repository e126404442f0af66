"""Entry point of the bundled app (PyInstaller runs this file): the same as ``hall-desk``."""

import sys

from hall_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
