"""Run the kubeship CLI with ``python -m kubeship``."""

from kubeship.cli import main

if __name__ == "__main__":
    main()
