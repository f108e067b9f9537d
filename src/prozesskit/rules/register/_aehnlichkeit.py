"""Near-duplicate pairs among many process names, without comparing every pair (PK-S031).

Two processes are near-duplicates when they sit in the same Produktbereich and their names
share most word stems: Dice coefficient ≥ ``schwelle`` over the stems of the whole name
(verb and detail in parentheses included), or ≥ ``schwelle_leika`` when they also share a
LeiKa key. Two processes with LeiKa keys none of which they share are different
Leistungen; they count only with identical stems.

Cheap by construction, for 2,000 Steckbriefe against a Blaupause of 800 on every run:
candidate pairs come from a shared LeiKa key (buckets of one or two) or from a shared
stem among the first, rarest stems of each name (prefix filtering: two sets with Dice ≥ t
must share one of the first ``|A| − ⌈t·|A|/(2−t)⌉ + 1`` stems of each in one global
order, rarest first), so common words such as "erteilen" never make a bucket of
thousands. Only candidates are scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from prozesskit.leika.text import STOPWORDS, fold, stem

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")
_WORD = re.compile(r"[a-z0-9]+")
#: "im offenen / nicht offenen Verfahren", "EU-Staat / Nicht-EU-Staat", "Jagdschein (wieder)
#: erteilen", "Grad der Behinderung (neu) feststellen": a negation or a "again" (stemmed) in one
#: name only makes another Leistung (LeiKa: Erteilung / Wiedererteilung), however alike the rest
_ANOTHER_LEISTUNG = frozenset({"nicht", "ohne", "kein", "wied", "neu", "erneut"})
_STOP = STOPWORDS - _ANOTHER_LEISTUNG
#: Verbs that name the same result of a process (stems after :func:`stem`)
_SAME_VERB = {"ausstell": "erteil", "gewahr": "bewillig"}
_EPS = 1e-9


def name_stems(name: str) -> frozenset[str]:
    """Stems of a name's words, stopwords (but not negations) left out."""
    result = set()
    for word in _WORD.findall(fold(name)):
        if len(word) > 1 and word not in _STOP:
            stemmed = stem(word)
            result.add(_SAME_VERB.get(stemmed, stemmed))
    return frozenset(result)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


@dataclass(frozen=True, slots=True)
class Item(Generic[T]):
    """One process to compare: what it is (``ref``), and what is compared."""

    ref: T
    stems: frozenset[str]
    bereich: str | None
    leika: frozenset[str]


@dataclass(frozen=True, slots=True)
class Pair(Generic[A, B]):
    first: Item[A]
    second: Item[B]
    similarity: float  # Dice of the name stems
    shared_leika: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    names: float  # without a shared LeiKa key; ≥ 0.5 keeps the prefixes short
    leika: float  # with one


def _near(a: Item[A], b: Item[B], limits: Thresholds) -> Pair[A, B] | None:
    if a.bereich is not None and b.bereich is not None and a.bereich != b.bereich:
        return None
    if (a.stems ^ b.stems) & _ANOTHER_LEISTUNG:
        return None
    similarity = dice(a.stems, b.stems)
    shared = tuple(sorted(a.leika & b.leika))
    if shared:
        needed = limits.leika
    elif a.leika and b.leika:
        needed = 1.0  # different Leistungen: only the same name counts
    else:
        needed = limits.names
    return Pair(a, b, similarity, shared) if similarity + _EPS >= needed else None


def _prefix(stems: frozenset[str], order: Counter[str], limit: float) -> list[str]:
    ranked = sorted(stems, key=lambda s: (order[s], s))
    overlap = math.ceil(limit * len(ranked) / (2 - limit) - _EPS)
    return ranked[: max(len(ranked) - overlap + 1, 1)]


def pairs_within(items: Sequence[Item[T]], limits: Thresholds) -> Iterator[Pair[T, T]]:
    """Near-duplicate pairs (earlier, later) in ``items`` order, each pair once."""
    order = Counter(s for item in items for s in item.stems)
    by_stem: dict[str, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        seen: set[int] = set()
        candidates = [j for key in item.leika for j in by_key.get(key, ())]
        prefix = _prefix(item.stems, order, limits.names)
        candidates += [j for s in prefix for j in by_stem.get(s, ())]
        for j in candidates:
            if j in seen:
                continue
            seen.add(j)
            pair = _near(items[j], item, limits)
            if pair is not None:
                yield pair
        for key in item.leika:
            by_key.setdefault(key, []).append(index)
        for s in prefix:
            by_stem.setdefault(s, []).append(index)


def pairs_across(
    probes: Iterable[Item[A]], targets: Sequence[Item[B]], limits: Thresholds
) -> Iterator[Pair[A, B]]:
    """Near-duplicate pairs (probe, target) between two collections."""
    probe_list = list(probes)
    if not probe_list or not targets:
        return
    order = Counter(s for item in probe_list for s in item.stems)
    order.update(s for item in targets for s in item.stems)
    by_stem: dict[str, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for index, target in enumerate(targets):
        for key in target.leika:
            by_key.setdefault(key, []).append(index)
        for s in _prefix(target.stems, order, limits.names):
            by_stem.setdefault(s, []).append(index)
    for probe in probe_list:
        seen: set[int] = set()
        candidates = [j for key in probe.leika for j in by_key.get(key, ())]
        candidates += [j for s in _prefix(probe.stems, order, limits.names)
                       for j in by_stem.get(s, ())]
        for j in candidates:
            if j not in seen:
                seen.add(j)
                pair = _near(probe, targets[j], limits)
                if pair is not None:
                    yield pair
