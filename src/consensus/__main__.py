"""``python -m consensus``: the ``consensus`` command."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
