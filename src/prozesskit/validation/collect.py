"""Files → problems and facts: from the per-file cache where it holds, else checked.

Register rules need the facts of every file, whichever way they were obtained; the JSON
form of those facts is kept where it is at hand, so that the memo does not make it again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit.fsutil import read_regular, stat_key
from prozesskit.problem import Problem
from prozesskit.register.discover import RegisterFiles
from prozesskit.rules.context import BpmnFacts, RegisterFacts, SteckbriefFacts
from prozesskit.validation.pool import run_checks
from prozesskit.validation.runner import RunSettings
from prozesskit.validation.transfer import NO_STAT, Work, facts_from_json
from prozesskit.validation.types import Stats

if TYPE_CHECKING:  # a patch run keeps no per-file cache: not imported there
    from prozesskit.validation.cache import CachedFile, ResultCache


@dataclass
class Collected:
    problems: list[Problem] = field(default_factory=list)
    steckbriefe: list[SteckbriefFacts] = field(default_factory=list)
    modelle: dict[str, BpmnFacts] = field(default_factory=dict)
    #: facts in JSON form where already at hand (cache entries, or made for the cache)
    as_json: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    #: sha256 of the content each file's problems and facts belong to (for the memo)
    hashes: dict[str, str] = field(default_factory=dict)

    def add_facts(self, facts: SteckbriefFacts | BpmnFacts | None) -> None:
        if isinstance(facts, SteckbriefFacts):
            self.steckbriefe.append(facts)
        elif isinstance(facts, BpmnFacts):
            self.modelle[facts.file] = facts

    def register_facts(self, files: RegisterFiles) -> RegisterFacts:
        """Steckbriefe in file order, whichever came from a cache and whichever was checked."""
        steckbriefe = tuple(sorted(self.steckbriefe, key=lambda f: f.file))
        return RegisterFacts(files=files.files, steckbriefe=steckbriefe, modelle=self.modelle)

    def facts_json(self, checked: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """Facts by file for the next run; None for a checked file without (unparsable).

        The JSON form made for the per-file cache (or read from it) is reused, not made twice.
        """
        known = self.as_json
        facts: dict[str, dict[str, Any] | None] = dict.fromkeys(checked)
        items: list[SteckbriefFacts | BpmnFacts] = [*self.steckbriefe, *self.modelle.values()]
        for item in items:
            data = known.get(item.file)
            facts[item.file] = data if data is not None else item.to_json()
        return facts


def list_work(
    root: Path,
    rels: Iterable[str],
    kind: str,
    changed: frozenset[str] | None = None,
    stats: Stats | None = None,
) -> list[Work]:
    """Work items; with ``changed``, the other files are only read for register facts.

    ``stats`` taken by the engine are reused: a second stat of every file would cost as
    much as the stat itself. A file that vanished gets no key and is reported unreadable.
    """
    work = []
    for rel in rels:
        path = os.path.join(root, rel)
        known = stats.get(rel) if stats is not None else stat_key(path)
        key = tuple(known) if known is not None else NO_STAT
        work.append(Work(rel, kind, path, key, changed is not None and rel not in changed))
    return work


def check_files(
    work: list[Work],
    settings: RunSettings,
    cache: ResultCache | None,
    jobs: int | None,
    report: frozenset[str] | None = None,
    hashes: Mapping[str, str] | None = None,
) -> Collected:
    """Cached files contribute their stored problems and facts; the rest are checked.

    ``report`` limits which files' problems are wanted (``--changed-since``); the facts of
    all files are still collected because register rules need them. ``hashes``: content
    hashes the engine already took (comparing with the last run), so that a file is not
    read and hashed a second time to consult the per-file cache.
    """
    collected = Collected()
    todo = []
    for item in work:
        hit = _lookup(cache, item, hashes) if cache is not None else None
        cached = _from_cache(item, hit, report) if hit is not None else None
        if cached is None:
            todo.append(item)
            continue
        collected.problems.extend(cached[0])
        collected.add_facts(cached[1])
        if hit is not None:
            collected.as_json[item.rel] = hit.facts
            collected.hashes[item.rel] = hit.sha256
    for done in run_checks(todo, settings, jobs):
        outcome = done.outcome
        collected.problems.extend(outcome.problems)
        collected.add_facts(outcome.facts)
        if done.sha256:
            collected.hashes[outcome.rel] = done.sha256
        if cache is not None and done.sha256:  # facts-only results are incomplete: not cached
            from prozesskit.validation.cache import CachedFile

            facts = done.json_facts()
            collected.as_json[outcome.rel] = facts
            cache.put(outcome.rel, CachedFile(done.sha256, done.problem_rows(), facts, done.stat))
    return collected


def _lookup(cache: ResultCache, item: Work, hashes: Mapping[str, str] | None
            ) -> CachedFile | None:
    """Stat shortcut first; on a stat difference, the content hash decides."""
    hit = cache.get_by_stat(item.rel, item.stat)
    entry = cache.entries.get(item.rel)
    if hit is not None or entry is None:
        return hit
    if item.stat and entry.stat[0] != item.stat[0]:
        return None  # another size is another content: nothing to read for that
    known = hashes.get(item.rel) if hashes is not None else None
    if known is not None:
        return cache.confirm(item.rel, known, item.stat)
    try:
        raw = read_regular(item.path)
    except OSError:
        return None
    return cache.confirm(item.rel, hashlib.sha256(raw).hexdigest(), item.stat)


def _from_cache(
    item: Work, hit: CachedFile, report: frozenset[str] | None
) -> tuple[list[Problem], SteckbriefFacts | BpmnFacts | None] | None:
    """Problems and facts of a cache entry; None if the entry is unusable (then re-check)."""
    try:
        problems = (
            [Problem.from_row(row) for row in hit.problems]
            if report is None or item.rel in report
            else []
        )
        return problems, facts_from_json(item.kind, hit.facts)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
