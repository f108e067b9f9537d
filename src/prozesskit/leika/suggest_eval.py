"""Measure `leika vorschlagen` on catalogue processes: key recovery and wrong proposals.

Kept in the library (not only in ``tools/``) so that the test that pins the figures and the
tool that prints them compute them the same way (as :mod:`prozesskit.leika.evaluate` does
for the search).

Two questions, each on a *tuning* and a *held-out* half (chosen by a hash of the process
id, so that new processes fall into a half without anybody choosing):

* *Wiederfinden*: a process with a LeiKa key, the key (and its variants) removed: is one
  of its keys proposed first (the proposal ``--schreiben`` writes: above the threshold) /
  among the first three the user sees (the proposals, or when there is none the
  candidates listed as "unsicher", :func:`~prozesskit.leika.suggest.zum_pruefen`)?
* *Ohne Schlüssel*: a process without key: a proposal above the threshold must be one a
  person has judged right (``richtig``); a proposal nobody judged counts as wrong, so that
  the figure can only improve by judging, never by looking away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.felder import process_keys
from prozesskit.leika.rangfolge import Rang
from prozesskit.leika.suggest import THRESHOLD, candidates, proposals, zum_pruefen

TUNING = "tuning"
#: Candidate recall: is one of the keys among the first so many candidates (search order)?
RECALL_AT = (20, 50)
HELDOUT = "heldout"
PARTS = (TUNING, HELDOUT)
#: Fields that carry the answer (or nothing ``suggest`` reads) and are left out of a case.
_ANSWER_FIELDS = frozenset({"leika", "varianten", "quelle"})


def part_of(ident: str) -> str:
    """The half a process belongs to: fixed by its id, independent of order and count."""
    return TUNING if hashlib.sha256(ident.encode("utf-8")).digest()[0] % 2 == 0 else HELDOUT


def keys_of(process: Mapping[str, Any]) -> frozenset[str]:
    """The LeiKa keys of a process: ``leika`` and those of its ``varianten``."""
    return frozenset(process_keys(process))


@dataclass(frozen=True, slots=True)
class Case:
    """One catalogue process as ``vorschlagen`` sees it once its keys are gone."""

    id: str
    fields: Mapping[str, Any]
    keys: frozenset[str]  # empty: a process without key
    richtig: frozenset[str] = frozenset()  # judged right proposals (processes without key)

    @property
    def part(self) -> str:
        return part_of(self.id)


def case_from_process(process: Mapping[str, Any],
                      richtig: Iterable[str] = ()) -> Case:
    fields = {k: v for k, v in process.items() if k not in _ANSWER_FIELDS}
    return Case(str(process["id"]), fields, keys_of(process), frozenset(richtig))


@dataclass(frozen=True, slots=True)
class Proposal:
    """The best proposal above the threshold for a process without key."""

    case: Case
    key: str
    bezeichnung: str
    score: float

    @property
    def verdict(self) -> str:
        """``richtig`` / ``ungeprüft`` (counted as wrong); see :data:`Figures.wrong`."""
        return "richtig" if self.key in self.case.richtig else "ungeprüft"


@dataclass(frozen=True, slots=True)
class Figures:
    """Figures of one half."""

    part: str
    with_key: int = 0
    first: int = 0
    top3: int = 0
    without_key: int = 0
    proposals: tuple[Proposal, ...] = ()
    misses: tuple[tuple[Case, tuple[str, ...]], ...] = field(default=(), repr=False)
    #: processes with key whose key is among the first 20 / 50 / all candidates: what
    #: any ranking can reach at most
    recall: tuple[int, ...] = (0,) * (len(RECALL_AT) + 1)

    @property
    def first_share(self) -> float:
        return self.first / max(1, self.with_key)

    @property
    def top3_share(self) -> float:
        return self.top3 / max(1, self.with_key)

    @property
    def wrong(self) -> int:
        return sum(p.verdict != "richtig" for p in self.proposals)

    @property
    def wrong_share(self) -> float:
        return self.wrong / max(1, len(self.proposals))


def measure(catalog: LeikaCatalog, cases: Sequence[Case], part: str | None = None,
            min_score: float = THRESHOLD, model: Rang | None = None,
            label: str | None = None) -> Figures:
    """Figures over the cases of ``part`` (all cases when None); ``model``: the rank
    model to use instead of the packaged one (cross-validation)."""
    chosen = [c for c in cases if part is None or c.part == part]
    first = top3 = with_key = without = 0
    found_at = [0] * (len(RECALL_AT) + 1)
    made: list[Proposal] = []
    misses: list[tuple[Case, tuple[str, ...]]] = []
    for case in chosen:
        found = candidates(catalog, case.fields)
        hits = proposals(found, limit=3, min_score=min_score, model=model)
        keys = tuple(hit.leistung.key for hit in hits)
        # what the user sees: the proposals, else the candidates to check by hand
        shown = keys or tuple(hit.leistung.key for hit in zum_pruefen(found, 3, model))
        if case.keys:
            with_key += 1
            ranks = [i for i, (leistung, _m) in enumerate(found) if leistung.key in case.keys]
            for j, cut in enumerate((*RECALL_AT, len(found))):
                found_at[j] += bool(ranks) and ranks[0] < cut
            first += bool(keys) and keys[0] in case.keys
            top3 += bool(case.keys.intersection(shown))
            if not keys or keys[0] not in case.keys:
                misses.append((case, shown))
        else:
            without += 1
            if hits:
                best = hits[0]
                made.append(Proposal(case, best.leistung.key, best.leistung.bezeichnung,
                                     best.score))
    return Figures(label or part or "alle", with_key, first, top3, without, tuple(made),
                   tuple(misses), tuple(found_at))


# --- the frozen case set of the tests -----------------------------------------------------


def read_cases(path: Path) -> list[Case]:
    """The case file (``tests/data/leika-vorschlag-faelle.yaml``): processes as in the
    catalogue, with ``richtig`` (judged proposals) on those without key."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [case_from_process(item, item.get("richtig") or ())
            for item in raw if isinstance(item, Mapping)]


def judgements(cases: Iterable[Case]) -> dict[str, frozenset[str]]:
    """id → judged right keys, to carry over when the case set is frozen again."""
    return {case.id: case.richtig for case in cases if case.richtig}


def frozen_item(process: Mapping[str, Any], richtig: Iterable[str] = ()) -> dict[str, Any]:
    """A catalogue process reduced to what ``suggest`` reads, plus the answer."""
    item: dict[str, Any] = {"id": process["id"], "name": process["name"]}
    for name in ("beschreibung", "ozg"):
        if process.get(name):
            item[name] = process[name]
    rechts = process.get("rechtsgrundlagen")
    if isinstance(rechts, list) and rechts:
        item["rechtsgrundlagen"] = [{"name": r["name"]} for r in rechts
                                    if isinstance(r, Mapping) and r.get("name")]
    if process.get("leika"):
        item["leika"] = str(process["leika"])
    varianten = process.get("varianten")
    if isinstance(varianten, list) and varianten:
        item["varianten"] = [{"leika": str(v["leika"])} for v in varianten
                             if isinstance(v, Mapping) and v.get("leika")]
    judged = sorted(set(richtig))
    if judged and not item.get("leika"):
        item["richtig"] = judged
    return item
