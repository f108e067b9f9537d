"""Blaupausen: the built-in catalogue of municipal processes and its derivations."""

from __future__ import annotations

from prozesskit.blueprint.catalogue import (
    Catalogue,
    Entry,
    builtin_root,
    derive,
    entry_sha256,
    load_catalogue,
)

__all__ = ["Catalogue", "Entry", "builtin_root", "derive", "entry_sha256", "load_catalogue"]
