#!/usr/bin/env python
"""Django's command-line utility for Vireo."""

import os
import sys
from pathlib import Path


def main() -> None:
    # platform/ is a source folder, not a package (a package named `platform` would shadow
    # the stdlib module): its sub-packages (config, accounts, ...) import by their own names.
    root = Path(__file__).resolve().parent
    sys.path[:0] = [str(root / "platform"), str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
