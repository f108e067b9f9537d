"""A patch run: the last run brought up to date by checking only the files that changed."""

from __future__ import annotations

from pathlib import Path

from prozesskit.problem import Result
from prozesskit.register.discover import RegisterFiles
from prozesskit.rules.base import Scope
from prozesskit.validation.across import register_problems
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
) -> RegisterRun:
    """Only ``changed`` files (changed or new) are checked.

    Problems of unchanged files and their facts come from the last run; register rules run
    again over all facts, because a change in one file can make or mend a finding in
    another (a duplicate name, a model reference). The configuration is the last run's
    (the caller made sure), so its ignores already apply to what is kept. Only the rules of
    the scopes that changed are imported (no BPMN rules and no lxml for a Steckbrief edit).
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
    remaining = [p for p in previous.file_problems  # files still there, unchanged
                 if p.file not in changed and (p.file in present or p.file == MANIFEST_NAME)]
    per_file = set(remaining).union(setup.kept(fresh.problems))
    settings.ctx.carry.update(previous.carry)  # register rules continue from the last run
    across = register_problems(collected.register_facts(files), settings)
    register_level = frozenset(setup.kept(across)) - per_file
    checked = [*files.steckbriefe, *files.modelle]
    # what still holds is in the last result's order (register rules give mostly the same
    # problems again); only the new ones need placing
    ordered = [p for p, flag in zip(previous.problems, previous.register_flags, strict=True)
               if (p in register_level if flag else p.file not in changed
                   and (p.file in present or p.file == MANIFEST_NAME))]
    result = Result.merge(ordered, (per_file | register_level) - set(ordered),
                          [MANIFEST_NAME, *checked], setup.config.levels)
    # unchanged files keep the facts in the form they were stored in
    facts_json = kept | fresh.facts_json([item.rel for item in work])
    return RegisterRun(result, setup.config.sources, register_level, facts_json,
                       previous.setup, fresh.hashes, settings.ctx.carry)
