"""Measure the LeiKa search on a query set: share of queries answered in the top 1 / top 5.

Kept in the library (not only in ``tools/``) so that the test that guards the figures and
the tool that prints them compute them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.search import search_corrected


@dataclass(frozen=True, slots=True)
class Query:
    """One everyday query with the keys that count as a right answer."""

    text: str
    keys: frozenset[str]
    part: str  # "tuning" or "heldout"


@dataclass(frozen=True, slots=True)
class Figures:
    """Top-1 / top-5 shares of one part of a query set, with the misses for reading."""

    part: str
    count: int
    top1: float
    top5: float
    misses: tuple[tuple[str, tuple[str, ...]], ...]  # query, its top-5 keys


def read_queries(path: Path) -> list[Query]:
    """The YAML list ``[{q, keys, teil}]`` of ``tests/data/leika-queries.yaml``."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Query(str(item["q"]), frozenset(str(k) for k in item["keys"]), str(item["teil"]))
            for item in raw if isinstance(item, Mapping)]


def measure(catalog: LeikaCatalog, queries: Iterable[Query], part: str) -> Figures:
    """Top-1 and top-5 share for the queries of ``part``."""
    chosen = [q for q in queries if q.part == part]
    top1 = top5 = 0
    misses: list[tuple[str, tuple[str, ...]]] = []
    for query in chosen:
        # as `prozesskit leika SUCHE` searches: with typos corrected
        hits = search_corrected(catalog, query.text, limit=5).hits
        found = tuple(hit.leistung.key for hit in hits)
        if found[:1] and found[0] in query.keys:
            top1 += 1
        if query.keys.intersection(found):
            top5 += 1
        if not found[:1] or found[0] not in query.keys:
            misses.append((query.text, found))
    count = max(1, len(chosen))
    return Figures(part, len(chosen), top1 / count, top5 / count, tuple(misses))
