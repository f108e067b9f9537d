"""``--changed-since`` without a last run to filter (a CI job without a cache): only the
changed files are checked; the others are read just for the facts register rules need."""

from __future__ import annotations

from pathlib import Path

from prozesskit.problem import Result
from prozesskit.register.discover import RegisterFiles
from prozesskit.register.modelpath import model_path
from prozesskit.validation.across import register_problems
from prozesskit.validation.changes import touches
from prozesskit.validation.collect import check_files, list_work
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.setup import load_setup
from prozesskit.validation.types import Stats, ValidateOptions


def check_changed(
    root: Path,
    files: RegisterFiles,
    options: ValidateOptions,
    changed: frozenset[str],
    stats: Stats | None = None,
) -> Result:
    """Problems of the changed files and register problems that concern them. Nothing of
    it is remembered as a last run: the facts of the other files are partial."""
    setup = load_setup(root, options)
    settings = setup.settings
    cache = setup.open_cache(root) if options.use_cache else None
    work = list_work(root, files.steckbriefe, "steckbrief", changed, stats)
    work += list_work(root, [m for m in files.modelle if m in changed], "bpmn", stats=stats)
    collected = check_files(work, settings, cache, options.jobs, changed)
    # models that changed Steckbriefe point to: their names for PK-S030
    wanted = {path for f in collected.steckbriefe if f.file in changed for ref in f.modelle
              if (path := model_path(ref.datei))} & set(files.modelle)
    extra = list_work(root, sorted(wanted - changed), "bpmn", changed, stats)
    more = check_files(extra, settings, cache, options.jobs, changed)
    collected.problems += more.problems
    collected.modelle.update(more.modelle)
    work += extra
    if cache is not None:
        cache.prune(set(files.steckbriefe) | set(files.modelle))
        cache.save()
    across = register_problems(collected.register_facts(files), settings)
    problems = [p for p in [*setup.manifest_problems, *collected.problems] if p.file in changed]
    per_file = set(setup.kept(problems))
    register_level = frozenset(setup.kept(p for p in across if touches(p, changed))) - per_file
    checked = [w.rel for w in work if w.rel in changed]
    # the manifest counts only if it changed (as in changes.only_changed)
    manifest = [MANIFEST_NAME] if MANIFEST_NAME in changed else []
    return Result.build([*per_file, *register_level], [*manifest, *checked],
                        setup.config.levels)
