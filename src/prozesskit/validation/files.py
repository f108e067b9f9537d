"""Single files given on the command line, outside or inside a register (then with its
conventions); no register rules, no memo, no per-file cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prozesskit.fsutil import posix_relatives, stat_key
from prozesskit.problem import Problem, Result
from prozesskit.validation.collect import check_files
from prozesskit.validation.runner import RunSettings
from prozesskit.validation.setup import load_setup
from prozesskit.validation.transfer import NO_STAT, Work
from prozesskit.validation.types import ValidateOptions


def check_files_alone(
    paths: Sequence[Path], options: ValidateOptions, *, root: Path | None = None
) -> Result:
    setup = load_setup(root, options)
    work = []
    problems = []
    checked = []
    rels = (posix_relatives(paths, root) if root is not None
            else [path.as_posix() for path in paths])
    for path, rel in zip(paths, rels, strict=True):
        checked.append(rel)
        if path.suffix.lower() == ".xml" and _xprozess(path):
            problems.extend(_check_xprozess(path, rel, setup.settings))
            continue
        kind = "bpmn" if path.suffix.lower() in (".bpmn", ".xml") else "steckbrief"
        work.append(Work(rel, kind, str(path), stat_key(str(path)) or NO_STAT))
    collected = check_files(work, setup.settings, None, options.jobs)
    return Result.build(setup.kept([*collected.problems, *problems]), checked,
                        setup.config.levels)


def _xprozess(path: Path) -> bool:
    """An ``.xml`` file naming the XProzess namespace at its start is a message, not BPMN."""
    from prozesskit.dateiart import SNIFF_BYTES, is_xprozess_file

    if path.is_symlink() or not path.is_file():
        return False  # links and FIFOs: the BPMN path reports them unread
    try:
        with open(path, "rb") as handle:  # only the start; read_regular reads the rest
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return is_xprozess_file(head)


def _check_xprozess(path: Path, rel: str, settings: RunSettings) -> list[Problem]:
    from prozesskit import limits
    from prozesskit.exchange.xprozess.pruefen import RULE_LESBAR, check_xprozess
    from prozesskit.fsutil import read_regular
    from prozesskit.problem import Level

    try:
        raw = read_regular(str(path), limits.MAX_XPROZESS_BYTES)
    except OSError as exc:
        from prozesskit.fsutil import os_error_reason

        return [Problem(rel, None, None, RULE_LESBAR, Level.ERROR,
                        f"XProzess-Datei nicht lesbar: {os_error_reason(exc)}")]
    return check_xprozess(rel, raw, settings)
