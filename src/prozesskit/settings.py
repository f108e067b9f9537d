"""The only place that reads environment variables (besides the CLI's GitHub summary)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """$PROZESSKIT_CACHE_DIR, else $XDG_CACHE_HOME/prozesskit, else ~/.cache/prozesskit."""
    explicit = os.environ.get("PROZESSKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "prozesskit" if xdg else Path.home() / ".cache" / "prozesskit"


#: The opt-in for local git repositories named in files (``extends: git+/pfad…``,
#: ``file://`` in netz.yaml): folders, separated like PATH
LOCAL_GIT_VARIABLE = "PROZESSKIT_LOKALE_GIT_ORDNER"


def local_git_folders() -> tuple[Path, ...]:
    """The folders (resolved) whose git repositories a register's files may name as a
    source: empty unless the user sets $PROZESSKIT_LOKALE_GIT_ORDNER."""
    raw = os.environ.get(LOCAL_GIT_VARIABLE, "")
    return tuple(Path(part).expanduser().resolve() for part in raw.split(os.pathsep)
                 if part.strip())
