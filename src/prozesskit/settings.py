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
