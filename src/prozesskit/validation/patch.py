"""A patch run: the last run brought up to date by checking only the files that changed."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import compress
from pathlib import Path

from prozesskit.problem import Result, problems_from_rows, problems_to_rows, row_sort_key
from prozesskit.register.discover import RegisterFiles
from prozesskit.rules.base import Scope
from prozesskit.validation.across import register_problems
from prozesskit.validation.changes import reported
from prozesskit.validation.collect import Collected, list_work
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.pool import run_checks
from prozesskit.validation.setup import resume
from prozesskit.validation.transfer import facts_from_json
from prozesskit.validation.types import Previous, RegisterRun, Stats, ValidateOptions


def patch_register(
    root: Path,
    files: RegisterFiles,
    options: ValidateOptions,
    previous: Previous,
    changed: frozenset[str],
    stats: Stats | None = None,
    report: Callable[[], frozenset[str] | None] | None = None,
) -> RegisterRun:
    """Only ``changed`` files (changed or new) are checked.

    Problems of unchanged files and their facts come from the last run; register rules run
    again over all facts, because a change in one file can make or mend a finding in
    another (a duplicate name, a model reference). The configuration is the last run's
    (the caller made sure), so its ignores already apply to what is kept. Only the rules of
    the scopes that changed are imported (no BPMN rules and no lxml for a Steckbrief edit).

    The last run's problems stay memo rows and go back into the memo as they are; only
    those the caller shows become :class:`~prozesskit.problem.Problem` objects: with
    ``report`` (``--changed-since``: the changed files, asked for at the end, as git may
    still be working) the result holds only the problems ``only_changed`` keeps.
    """
    scopes = {Scope.REGISTER.value}
    scopes |= {Scope.STECKBRIEF.value for f in files.steckbriefe if f in changed}
    scopes |= {Scope.BPMN.value for m in files.modelle if m in changed}
    setup = resume(previous.setup, scopes)
    settings = setup.settings
    present = set(files.steckbriefe) | set(files.modelle)
    kinds = dict.fromkeys(files.steckbriefe, "steckbrief") | dict.fromkeys(files.modelle, "bpmn")
    work = list_work(root, [f for f in files.steckbriefe if f in changed], "steckbrief",
                     stats=stats)
    work += list_work(root, [m for m in files.modelle if m in changed], "bpmn", stats=stats)
    kept = {rel: data for rel, data in previous.facts.items()
            if rel in present and rel not in changed}
    collected = Collected()
    for rel, data in kept.items():
        collected.add_facts(facts_from_json(kinds[rel], data))
    fresh = Collected()  # the changed files, checked now
    for done in run_checks(work, settings, options.jobs):
        if done.sha256:
            fresh.hashes[done.outcome.rel] = done.sha256
        fresh.problems.extend(done.outcome.problems)
        fresh.add_facts(done.outcome.facts)
        collected.add_facts(done.outcome.facts)
    fresh_kept = setup.kept(fresh.problems)
    settings.ctx.carry.update(previous.carry)  # register rules continue from the last run
    across = setup.kept(register_problems(collected.register_facts(files), settings))
    rows, flags = previous.rows, previous.register_flags
    # old problems of files still there and unchanged, where a new problem may repeat one
    named = {p.file for p in across} | {p.file for p in fresh_kept}
    remaining = {row for row, flag in zip(rows, flags, strict=True)
                 if not flag and row[0] in named and row[0] not in changed
                 and (row[0] in present or row[0] == MANIFEST_NAME)}
    fresh_set = set(fresh_kept)
    register_pairs = [(p, row) for p, row in zip(across, problems_to_rows(across), strict=True)
                      if p not in fresh_set and row not in remaining]
    register_level = frozenset(p for p, _ in register_pairs)
    register_rows = {row for _, row in register_pairs}
    # what still holds is in the last result's order (register rules give mostly the same
    # problems again); only the new ones need placing
    keep = [row in register_rows if flag else row[0] not in changed
            and (row[0] in present or row[0] == MANIFEST_NAME)
            for row, flag in zip(rows, flags, strict=True)]
    merged, merged_flags = list(compress(rows, keep)), bytearray(compress(flags, keep))
    new = {row for row in problems_to_rows(fresh_kept) if row not in remaining}
    held = compress(rows, [bool(k and f) for k, f in zip(keep, flags, strict=True)])
    new |= register_rows.difference(held)  # register problems that were not there
    for row in sorted(new, key=row_sort_key):
        at = bisect_right(merged, row_sort_key(row), key=row_sort_key)
        merged.insert(at, row)
        merged_flags.insert(at, row in register_rows)
    wanted = report() if report is not None else None
    shown = merged if wanted is None else [  # as only_changed keeps them (file first)
        row for row, flag in zip(merged, merged_flags, strict=True)
        if row[0] in wanted or (flag and reported(row[0], row[8], True, wanted))]
    checked = [MANIFEST_NAME, *files.steckbriefe, *files.modelle]
    result = Result(tuple(problems_from_rows(shown)), tuple(sorted(set(checked))),
                    tuple(sorted(set(setup.config.levels))))
    # unchanged files keep the facts in the form they were stored in
    facts_json = kept | fresh.facts_json([item.rel for item in work])
    return RegisterRun(result, setup.config.sources, register_level, facts_json,
                       previous.setup, fresh.hashes, settings.ctx.carry,
                       (merged, bytes(merged_flags)))

