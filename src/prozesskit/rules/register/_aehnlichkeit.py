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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


def near(a: Item[A], b: Item[B], limits: Thresholds) -> Pair[A, B] | None:
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
            pair = near(items[j], item, limits)
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
                pair = near(probe, targets[j], limits)
                if pair is not None:
                    yield pair


# --------------------------------------------------------------------------- from the last run
# A patch run changes one or a few Steckbriefe of thousands; searching all pairs again cost
# the run ~0.05 s. The pairs of the last run (the memo keeps them, see RuleContext.carry)
# hold for every two items whose compared parts (:func:`signature`) are unchanged: only the
# items that are new or changed are compared, each with every item. Exact by construction:
# :func:`near` reads nothing but those parts.

#: Up to this many new or changed items the last run's pairs are brought up to date (one
#: comparison with every item each); more, and the blocked search runs from scratch.
UPDATE_AT_MOST = 16


#: stems and LeiKa keys, each sorted and joined by spaces (neither holds a space), and the
#: Produktbereich
Signature = tuple[str, str | None, str]


def signature(item: Item[Any]) -> Signature:
    """Everything :func:`near` reads of an item, as plain strings the run memo keeps.

    Strings, not the sets themselves: the memo holds one signature per Steckbrief twice
    (register pairs, catalogue), and every patch run wrote and read 4,000 frozensets
    (a tenth of its time) only to compare them with today's.
    """
    return (" ".join(sorted(item.stems)), item.bereich, " ".join(sorted(item.leika)))


def near_pairs_within(
    items: Sequence[Item[T]], keys: Sequence[str], signatures: Sequence[Signature],
    limits: Thresholds, last: Mapping[str, Any] | None,
) -> tuple[list[tuple[int, int]], dict[str, Any]]:
    """The near-duplicate pairs of ``items`` as index pairs ``(i, j)``, ``i < j``, the same
    set :func:`pairs_within` finds; and what a later run continues from. ``keys`` name the
    items uniquely (files), ``signatures`` are theirs; ``last`` is what the last run
    returned here, or None."""
    found = _update_within(items, keys, signatures, limits, last)
    if found is None:
        at = {id(item): i for i, item in enumerate(items)}
        found = [(at[id(pair.first)], at[id(pair.second)])
                 for pair in pairs_within(items, limits)]
    state = {"signatures": dict(zip(keys, signatures, strict=True)),
             "pairs": [[keys[i], keys[j]] for i, j in found]}
    return found, state


def _update_within(
    items: Sequence[Item[T]], keys: Sequence[str], signatures: Sequence[Signature],
    limits: Thresholds, last: Mapping[str, Any] | None,
) -> list[tuple[int, int]] | None:
    """The last run's pairs brought up to date; None where that is not cheaper or ``last``
    is not what :func:`near_pairs_within` returned."""
    if not last:
        return None
    before, pairs = last.get("signatures"), last.get("pairs")
    at = {key: i for i, key in enumerate(keys)}
    if not isinstance(before, dict) or not isinstance(pairs, list) or len(at) != len(keys):
        return None
    fresh = [i for i, (key, sig) in enumerate(zip(keys, signatures, strict=True))
             if before.get(key) != sig]
    if len(fresh) > UPDATE_AT_MOST:
        return None
    renewed = set(fresh)
    found: list[tuple[int, int]] = []
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            return None
        i, j = at.get(pair[0]), at.get(pair[1])
        if i is not None and j is not None and i not in renewed and j not in renewed:
            found.append((i, j) if i < j else (j, i))
    for new in fresh:
        for other in range(len(items)):
            if other == new or (other in renewed and other < new):
                continue  # itself, or a pair of two fresh items already compared
            i, j = (other, new) if other < new else (new, other)
            if near(items[i], items[j], limits) is not None:
                found.append((i, j))
    return found


def near_targets(
    probes: Sequence[Item[A]], keys: Sequence[str], signatures: Sequence[Signature],
    targets: Sequence[Item[B]], limits: Thresholds, last: Mapping[str, Any] | None,
) -> tuple[list[list[int]], dict[str, Any]]:
    """For each probe the positions in ``targets`` of its near-duplicates (the pairs
    :func:`pairs_across` finds), and what a later run continues from. ``last`` must be of
    the same targets and limits (the caller keys it)."""
    nearby: list[list[int] | None] = [None] * len(probes)
    before = last.get("signatures") if last else None
    known = last.get("near") if last else None
    if isinstance(before, dict) and isinstance(known, dict):
        for n, (key, sig) in enumerate(zip(keys, signatures, strict=True)):
            positions = known.get(key)
            if before.get(key) == sig and isinstance(positions, list) and all(
                    isinstance(k, int) and 0 <= k < len(targets) for k in positions):
                nearby[n] = positions
    todo = [n for n, positions in enumerate(nearby) if positions is None]
    if len(todo) > UPDATE_AT_MOST:
        at = {id(target): k for k, target in enumerate(targets)}
        slot = {id(probes[n]): n for n in todo}
        for n in todo:
            nearby[n] = []
        for pair in pairs_across([probes[n] for n in todo], targets, limits):
            found = nearby[slot[id(pair.first)]]
            assert found is not None
            found.append(at[id(pair.second)])
    else:
        for n in todo:
            nearby[n] = [k for k, target in enumerate(targets)
                       if near(probes[n], target, limits) is not None]
    result = [positions or [] for positions in nearby]
    state = {"signatures": dict(zip(keys, signatures, strict=True)),
             "near": dict(zip(keys, result, strict=True))}
    return result, state
