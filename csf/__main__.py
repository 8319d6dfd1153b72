"""`csf` and `python -m csf`.

`csf --version` is answered before anything else is imported: scripts call it to see
whether csf is installed, and it should cost no more than starting Python.
"""

import sys


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"csf {__version__}")
        return 0
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
