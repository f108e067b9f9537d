"""Records the validation modules hand each other.

Light on purpose (no pydantic, no rules, no parsers): the engine, the memo and every run
mode import these at module level, so dependencies run one way, from the engine down to
the run modes, and none of them has to defer an import to dodge a cycle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit.problem import Problem, Result, Row

if TYPE_CHECKING:
    from prozesskit.register.discover import RegisterFiles


@dataclass(frozen=True)
class ValidateOptions:
    profile: str | None = None
    use_cache: bool = True
    #: relative paths; None = everything. A function (``gitio.start_changed_files``) is
    #: asked only when the set is needed: git works while the engine reads its memo.
    changed: frozenset[str] | Callable[[], frozenset[str]] | None = None
    jobs: int | None = None
    fetch_git: Callable[[str], Path] | None = None
    #: relative paths treated as absent (``--nur-versioniert``: files git does not track)
    left_out: frozenset[str] = frozenset()
    #: the folder ``left_out`` is relative to when it is not the register (the hook runs at
    #: the repository's root, registers lie below it): each register takes its own part
    left_out_base: Path | None = None

    def left_out_at(self, root: Path) -> frozenset[str]:
        """:attr:`left_out` relative to the register at ``root``."""
        if self.left_out_base is None or not self.left_out:
            return self.left_out
        rel = Path(os.path.relpath(root.resolve(), self.left_out_base.resolve())).as_posix()
        if rel == ".":
            return self.left_out
        prefix = rel + "/"
        return frozenset(path[len(prefix):] for path in self.left_out
                         if path.startswith(prefix))

    def changed_paths(self) -> frozenset[str] | None:
        """The changed files, waiting for git if they were handed over as a function."""
        return self.changed() if callable(self.changed) else self.changed


#: Stat of each file as the engine took it before the run (``RunInputs.stats``).
Stats = Mapping[str, Sequence[int] | None]


@dataclass(frozen=True, slots=True)
class RegisterRun:
    """A register's result and what a later run needs to continue from it.

    ``register_level`` are the problems of register rules (recomputed on every change);
    every other problem belongs to the file it names and stays valid while that file does.
    ``facts`` (JSON form, by file) feed the register rules of a later incremental run.
    """

    result: Result
    config_sources: tuple[str, ...]  # EffectiveConfig.sources: profiles, paths, git specs
    register_level: frozenset[Problem] = frozenset()
    facts: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    setup: Mapping[str, Any] = field(default_factory=dict)  # resolved config, JSON form
    #: sha256 of the bytes each checked file was checked as (from the worker or the
    #: per-file cache): the memo compares content by it when stats no longer match
    hashes: Mapping[str, str] = field(default_factory=dict)
    #: what the register rules left for the next run (``RuleContext.carry``)
    carry: Mapping[str, Any] = field(default_factory=dict)
    #: the whole result as memo rows with a register flag for each, when the run has it in
    #: that form (a patch run carries most rows over from the memo); then ``result`` holds
    #: only the problems the caller asked for (``--changed-since``), with every file
    rows: tuple[Sequence[Row], bytes] | None = None


@dataclass(frozen=True, slots=True)
class Previous:
    """The last run of a register, as :mod:`prozesskit.validation.runcache` hands it back.

    Its problems stay memo rows: a patch run carries most of them over unchanged and
    writes them back as they are; only those it reports become :class:`Problem` objects
    (one changed Steckbrief of 2,000: a handful instead of 13,800)."""

    #: every problem of the last result in its order (a patch run keeps the order of what
    #: still holds instead of sorting it again), as ``problems_to_rows`` makes them
    rows: Sequence[Row]
    register_flags: bytes  # one byte per row: 1 for a problem of a register rule
    facts: dict[str, dict[str, Any] | None]
    setup: Mapping[str, Any]  # Setup.snapshot of that run
    carry: Mapping[str, Any] = field(default_factory=dict)  # RegisterRun.carry of that run


class StaleMemo(Exception):
    """The last run cannot be continued from; the caller runs from scratch instead."""


#: The facts of a file that a command without rules needs (``pack``: id, name and what the
#: package manifest records, see ``register.facts.paket_angaben``). The memo's base keeps
#: them as a part of their own: decoding every position, LeiKa key and word stem of 2,000
#: Steckbriefe cost pack a fifth of its time.
SUMMARY_FIELDS = ("id", "name", "paket")


def summarize(facts: Mapping[str, dict[str, Any] | None]) -> dict[str, dict[str, Any] | None]:
    """The :data:`SUMMARY_FIELDS` of each file's facts (None stays None: not YAML)."""
    return {rel: None if data is None else {key: data[key] for key in SUMMARY_FIELDS
                                            if key in data}
            for rel, data in facts.items()}


#: How many findings of each rule and level a tally keeps, in the result's order: a package
#: lists the first 20 of each (``exchange.kennung.BEFUNDE_JE_REGEL``); a few more let a
#: choice that leaves some files out still be listed from the tally.
TALLY_FIRST = 24

#: A result's findings as ``pack`` needs them (:func:`tally`): by file, the count of each
#: (rule, level); by (rule, level), the first :data:`TALLY_FIRST` findings as
#: (file, index among that file's rows, row), in the result's order.
Tally = tuple[dict[str, tuple[tuple[str, str, int], ...]],
              dict[tuple[str, str], list[tuple[str, int, Row]]]]


def tally(rows: Sequence[Row]) -> Tally:
    """The :data:`Tally` of ``rows`` (a result's, ordered by file first). The memo's base
    keeps it as a part of its own: a package manifest counts the findings of the packed
    files and lists the first of each rule, and decoding and counting all 13,800 rows of
    the benchmark register was a sixth of ``pack``."""
    counts: dict[str, tuple[tuple[str, str, int], ...]] = {}
    firsts: dict[tuple[str, str], list[tuple[str, int, Row]]] = {}
    at = 0
    end = len(rows)
    while at < end:
        file = rows[at][0]
        per: dict[tuple[str, str], int] = {}
        index = 0
        while at < end and rows[at][0] == file:
            row = rows[at]
            key = (row[3], row[4])
            per[key] = per.get(key, 0) + 1
            listed = firsts.setdefault(key, [])
            if len(listed) < TALLY_FIRST:
                listed.append((file, index, row))
            index += 1
            at += 1
        counts[file] = tuple((rule, level, count) for (rule, level), count in per.items())
    return counts, firsts


@dataclass(frozen=True, slots=True)
class Checked:
    """A register's result together with what the run knew of each file, for a command
    that uses the files after validating them (``pack``) instead of parsing them again.

    ``hashes``: the sha256 of the bytes each file's problems and facts are of (a caller
    that reads a file again compares its hash: equal, and the result holds for what it
    read). ``facts()``: the facts in JSON form by file, decoded only when asked for.
    A ``--changed-since`` run has neither (it checked only some files). ``outcome``: the
    result, or (a memo's) how to make it: see :attr:`result` and :meth:`rows`.
    """

    outcome: Result | Callable[[], Result]
    files: RegisterFiles
    hashes: Mapping[str, str] = field(default_factory=dict)
    facts: Callable[[], Mapping[str, dict[str, Any] | None]] = dict
    #: the stat key (size, mtime_ns, ctime_ns) of each file when the run began, and the
    #: time before which a key's mtime and ctime must lie to vouch for the content (see
    #: ``vouched``; like the memo's racily-clean rule: on Windows ctime is the creation time)
    stats: Mapping[str, Sequence[int] | None] = field(default_factory=dict)
    settled_ns: int = 0
    #: ``summary()`` without decoding all facts (the memo's own part), if the run has it
    summaries: Callable[[], Mapping[str, dict[str, Any] | None]] | None = None
    #: the result's problems as the memo's rows, if the run has them (see ``rows``)
    rows_of: Callable[[], Sequence[Row]] | None = None
    _made: list[Result] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def result(self) -> Result:
        """The result; a memo's problems become Problem objects on the first call."""
        if isinstance(self.outcome, Result):
            return self.outcome
        if not self._made:
            self._made.append(self.outcome())
        return self._made[0]

    def rows(self) -> Sequence[Row]:
        """The result's problems in its order as rows (a Problem is one: the same fields in
        the same order, its level a str), without making Problem objects of the memo's:
        ``pack`` only counts and lists them (13,500 findings of the benchmark register took
        it 7 ms to make)."""
        return self.rows_of() if self.rows_of is not None else self.result.problems

    def summary(self) -> Mapping[str, dict[str, Any] | None]:
        """The facts' :data:`SUMMARY_FIELDS` by file."""
        return self.summaries() if self.summaries is not None else summarize(self.facts())

    def vouched(self, rel: str, key: tuple[int, int, int]) -> str | None:
        """The sha256 of ``rel`` without hashing it again, if a read whose stat key (taken
        after the read) is ``key`` must have read the bytes the run's hash is of: the key
        is the one the run began with, and the file had not changed for a while then (a
        second edit within the timestamp granularity could keep the key; the same window
        as the memo's racily-clean rule)."""
        known = self.stats.get(rel)
        if known is None or tuple(known) != key or max(key[1], key[2]) >= self.settled_ns:
            return None
        return self.hashes.get(rel)
