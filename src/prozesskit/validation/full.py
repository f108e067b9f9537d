"""A full run over a register: every file (through the per-file cache), then the register
rules over all facts; the result and what the next run continues from."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from prozesskit.problem import Result
from prozesskit.register.discover import RegisterFiles
from prozesskit.validation.across import register_problems
from prozesskit.validation.collect import check_files, list_work
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.setup import load_setup
from prozesskit.validation.types import RegisterRun, Stats, ValidateOptions


def check_register(
    root: Path, files: RegisterFiles, options: ValidateOptions, stats: Stats | None = None,
    hashes: Mapping[str, str] | None = None,
) -> RegisterRun:
    setup = load_setup(root, options)
    cache = setup.open_cache(root) if options.use_cache else None
    work = list_work(root, files.steckbriefe, "steckbrief", stats=stats)
    work += list_work(root, files.modelle, "bpmn", stats=stats)
    collected = check_files(work, setup.settings, cache, options.jobs, hashes=hashes)
    if cache is not None:
        cache.prune(set(files.steckbriefe) | set(files.modelle))
        cache.save()
    across = register_problems(collected.register_facts(files), setup.settings)
    per_file = set(setup.kept([*setup.manifest_problems, *collected.problems]))
    register_level = frozenset(setup.kept(across)) - per_file
    checked = [w.rel for w in work]
    result = Result.build([*per_file, *register_level], [MANIFEST_NAME, *checked],
                          setup.config.levels)
    return RegisterRun(result, setup.config.sources, register_level,
                       collected.facts_json(checked), setup.snapshot, collected.hashes,
                       setup.settings.ctx.carry)
