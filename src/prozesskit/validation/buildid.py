"""Which prozesskit computed a cached result: version plus the state of its own files.

Caches are keyed by this, not by the version alone: in an editable install or a source
checkout the rules change without a version bump, and a cache must not outlive the code
that filled it. Stat of ~200 package files costs about a millisecond.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from prozesskit import __version__


@lru_cache(maxsize=1)
def build_id() -> str:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the whole package
    digest = hashlib.sha256(__version__.encode())
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = os.path.relpath(folder, root)
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            info = os.stat(os.path.join(folder, name))
            digest.update(f"{rel}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"
