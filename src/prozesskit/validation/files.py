"""Single files given on the command line, outside or inside a register (then with its
conventions); no register rules, no memo, no per-file cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prozesskit.fsutil import posix_relative, stat_key
from prozesskit.problem import Result
from prozesskit.validation.collect import check_files
from prozesskit.validation.setup import load_setup
from prozesskit.validation.transfer import NO_STAT, Work
from prozesskit.validation.types import ValidateOptions


def check_files_alone(
    paths: Sequence[Path], options: ValidateOptions, *, root: Path | None = None
) -> Result:
    setup = load_setup(root, options)
    work = []
    for path in paths:
        kind = "bpmn" if path.suffix.lower() in (".bpmn", ".xml") else "steckbrief"
        rel = posix_relative(path, root) if root is not None else path.as_posix()
        work.append(Work(rel, kind, str(path), stat_key(str(path)) or NO_STAT))
    collected = check_files(work, setup.settings, None, options.jobs)
    return Result.build(setup.kept(collected.problems), [w.rel for w in work],
                        setup.config.levels)
