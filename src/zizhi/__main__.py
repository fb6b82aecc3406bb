"""``python -m zizhi``.

Python puts the working folder first on the import path for ``-m``; in CI that folder is the
repository under test, which is untrusted: its ``pluggy.py`` or a fake ``*.dist-info`` with
``zizhi`` entry points would be imported. So the working folder is taken off the path before
anything else is imported (``zizhi/__init__.py`` imports nothing). A ``zizhi/`` folder in the
working folder would still shadow the package itself: in CI, prefer the ``zizhi`` console script
or ``python -P -m zizhi`` (docs/security.md).
"""

import os
import sys


def _drop_working_folder() -> None:
    if getattr(sys.flags, "safe_path", False) or not sys.path:
        return
    first = sys.path[0]
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:
        return
    if first == "" or os.path.realpath(first) == here:
        del sys.path[0]


_drop_working_folder()

from zizhi.cli import main  # noqa: E402

if __name__ == "__main__":  # worker processes started by spawn import this module too
    raise SystemExit(main())
