"""Where the built-in Blaupausen live, in a module of its own.

The near-duplicate rule (PK-S031) needs only this folder on every patch run; importing
:mod:`prozesskit.init.catalogue` (the loader, its records and their checks) for it cost
more than the rule's own work on one changed Steckbrief.
"""

from __future__ import annotations

from pathlib import Path


def builtin_root() -> Path:
    """The ``blueprints/`` folder: inside an installed wheel, else beside ``src/``."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_blueprints"
    if installed.is_dir():
        return installed
    return package.parent.parent / "blueprints"
