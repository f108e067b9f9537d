"""Summaries of Steckbriefe by content hash, in the register's ``.prozesskit/cache``.

A rebuild of the site after one edit must not parse 2,000 Steckbriefe again to redraw
the map, the dashboard and the search index: it takes each unchanged Steckbrief's
:class:`~prozesskit.site.data.Summary` (map fields and search terms) from here, keyed by
the file's sha256, and parses only files whose hash it does not know. The cache holds
nothing but what those bytes yield under a fingerprint (prozesskit build, Produktrahmen,
LeiKa catalogue); another fingerprint starts a fresh cache. Like ``validate``'s cache it is
JSON (never pickle) sealed with this user's key (:mod:`prozesskit.validation.seal`): a
cache committed into a shared register could otherwise put words into someone's site.
Anything unexpected in it only means "not cached".
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson

from prozesskit.fsutil import atomic_write_bytes, atomic_write_text, no_link_below
from prozesskit.site.data import Summary
from prozesskit.validation.layout import CACHE_DIR
from prozesskit.validation.seal import read_sealed_json, seal

CACHE_FILE = "site-v1.json"
SEAL_PURPOSE = "prozesskit site summaries"


def to_json(summary: Summary) -> list[Any]:
    return [summary.id, summary.name, summary.beschreibung, summary.bereich,
            summary.bereich_name, summary.organisationseinheit, summary.prioritaet,
            summary.modellierung, summary.aktiv, summary.leika, summary.stufe,
            summary.reifegradmodell, [list(m) for m in summary.modelle],
            dict(summary.terms), summary.fehlt]


def from_json(value: Any) -> Summary | None:
    """The summary written by :func:`to_json`, or None for anything else. The file is
    sealed and fingerprinted (only this prozesskit wrote it), so the shape is checked,
    not every term: 2,000 summaries are read on every run."""
    if not isinstance(value, list) or len(value) != 15:
        return None
    (ident, name, beschreibung, bereich, bereich_name, oe, prioritaet, modellierung, aktiv,
     leika, stufe, reifegrad, modelle, terms, fehlt) = value
    if not isinstance(modelle, list) or not isinstance(terms, dict):
        return None
    try:
        refs = tuple((art, datei, target) for art, datei, target in modelle)
    except (TypeError, ValueError):
        return None
    return Summary(ident, name, beschreibung, bereich, bereich_name, oe, prioritaet,
                   modellierung, aktiv, leika, stufe, reifegrad, refs, tuple(terms.items()),
                   fehlt)


class SummaryCache:
    """Summaries by sha256; ``root`` None (a register not from a folder): none kept."""

    def __init__(self, root: Path | None, fingerprint: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE if root is not None else None
        # a symlinked .prozesskit or cache folder: no cache (nothing read or written there)
        self.usable = root is not None and no_link_below(root, f"{CACHE_DIR}/{CACHE_FILE}")
        self.fingerprint = fingerprint
        self.raw: dict[str, Any] = {}  # as read: decoded only when asked for
        self.new: dict[str, Any] = {}  # what this run used or made
        self.dirty = False

    def load(self) -> None:
        if not self.usable or self.path is None:
            return
        data = read_sealed_json(self.path, purpose=SEAL_PURPOSE, fingerprint=self.fingerprint)
        if data is None:
            return
        entries = data.get("summaries")
        if isinstance(entries, dict):
            self.raw = entries

    def get(self, sha256: str) -> Summary | None:
        value = self.raw.get(sha256)
        summary = from_json(value) if value is not None else None
        if summary is not None:
            self.new[sha256] = value
        return summary

    def put(self, sha256: str, summary: Summary) -> None:
        self.new[sha256] = to_json(summary)
        self.dirty = True

    def save(self) -> None:
        """Keep what this run used (a deleted Steckbrief's summary goes); written only
        when that differs from what was read."""
        if not self.usable or self.path is None:
            return
        if not self.dirty and len(self.new) == len(self.raw):
            return
        payload = {"fingerprint": self.fingerprint,
                   "summaries": dict(sorted(self.new.items()))}
        with contextlib.suppress(OSError, TypeError):  # TypeError: data orjson cannot write
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent / ".gitignore"  # as validate's cache: git stays clean
            if not gitignore.exists():
                atomic_write_text(gitignore, "*\n")
            sealed = seal(orjson.dumps(payload), purpose=SEAL_PURPOSE)
            if sealed is not None:
                atomic_write_bytes(self.path, sealed, durable=False)
