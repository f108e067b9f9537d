"""Validation of a register or of single files: what to check, and whether it must be.

A register whose files, configuration and prozesskit are as in the last run gets that
run's result (:mod:`.runcache`) without importing the rules, the parsers or pydantic; a
few changed files are a patch run (:mod:`.patch`), everything else a full run
(:mod:`.full`), ``--changed-since`` without a last run a partial one (:mod:`.partial`),
single files :mod:`.files`. The run modules are imported only when a run needs them: that
is what keeps the unchanged case cheap. The engine never prints and never exits; the CLI
maps its Result to output and exit code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from prozesskit.errors import UsageError
from prozesskit.fsutil import stat_key
from prozesskit.problem import Problem, Result, Row
from prozesskit.register.discover import RegisterFiles, discover, find_root
from prozesskit.register.unread import unread_problem, unread_problems
from prozesskit.validation import runcache
from prozesskit.validation.changes import only_changed
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.types import Checked, StaleMemo, Tally, ValidateOptions

__all__ = ["Checked", "Remembered", "ValidateOptions", "checked_register", "remembered_register",
           "single_register", "validate", "validate_files", "validate_register"]


def validate_register(root: Path, options: ValidateOptions) -> Result:
    """One register, with a problem for every entry it holds but never reads (symlinks,
    FIFOs): those are not part of the remembered run, so they are added to whichever
    result the run produced."""
    return checked_register(root, options).result


def checked_register(root: Path, options: ValidateOptions) -> Checked:
    """:func:`validate_register`, with the run's facts and content hashes (see
    :class:`~prozesskit.validation.types.Checked`): what the run learned is handed on, so
    that ``pack`` need not parse the files again."""
    files = discover(root).without(options.left_out_at(root))
    checked = _validate_register(root, files, options)
    if not files.unread:
        return checked
    result = checked.result
    unread = unread_problems(files.unread, options.changed_paths())
    return replace(checked, rows_of=None, outcome=Result.build([*result.problems, *unread],
                                                [*result.files, *(p.file for p in unread)],
                                                result.rules_run))


class Remembered(NamedTuple):
    """The last run as :func:`remembered_register` hands it over."""

    checked: Checked
    #: whether every input except the given ones (which the caller reads and checks
    #: itself) still has the stat the run recorded
    confirm: Callable[[Collection[str]], bool]
    #: the findings' tally (``types.tally``) without decoding every row; ValueError if
    #: the memo has none that holds (then ``checked.rows()``)
    tally: Callable[[], Tally]


def remembered_register(root: Path, options: ValidateOptions) -> Remembered | None:
    """The last run's result, for a caller that reads the files it uses and compares each
    one's stat key *after* that read with the run's (``pack``): no stat of every input
    first, so the check costs that caller nothing beyond the memo.

    ``Checked.stats`` are the memo's (each recorded settled: ``runcache.save`` keeps no
    racy memo), so ``Checked.vouched`` holds for a read whose key is the memo's, exactly
    as :func:`checked_register`'s unchanged case trusts an unchanged stat. The result
    holds only if every input the caller does not read still has its recorded stat:
    ``confirm`` stats those (the manifest, files not used) and says so. None: no
    memo for these files, prozesskit, profile and conventions (or unread entries, a
    ``--changed-since`` run, no cache): the caller runs :func:`checked_register`, as it
    must whenever a key or a confirmation does not hold (never a memo whose inputs changed).
    """
    if not options.use_cache or options.changed is not None:
        return None
    files = discover(root).without(options.left_out_at(root))
    if files.unread:
        return None
    inputs = runcache.RunInputs.collect(root, files, options.profile, stat=False)
    last = runcache.load(inputs)
    if last is None:
        return None
    try:
        header = last.header
        stats, hashes = header["stats"], header.get("hashes") or {}
        if header["files"] != inputs.files or not isinstance(hashes, dict):
            return None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a memo we cannot read is no memo (its parts: the caller's part)
    base = str(root) + os.sep

    def confirm(read: Collection[str]) -> bool:
        for rel, stat in stats.items():
            if rel not in read:
                key = stat_key(base + rel)
                if (list(key) if key is not None else None) != stat:
                    return False
        return True

    checked = Checked(lambda: last.result()[0], files, hashes, last.facts, stats,
                      inputs.started_ns - runcache.RACY_NS, last.summaries, last.rows)
    return Remembered(checked, confirm, last.tally)


def _validate_register(root: Path, files: RegisterFiles, options: ValidateOptions) -> Checked:
    """One register; continues from the last run where that run still holds.

    Nothing changed: the last result, without importing rules, parsers or pydantic. A few
    files changed: only those are checked, the rest comes from the last run. Otherwise a
    full run (with the per-file cache). ``--changed-since`` filters the same result to the
    changed files; only without a last run does it check just those files (reading the
    others for register facts), which is what a CI job without a cache does.
    """
    inputs = runcache.RunInputs.collect(root, files, options.profile) if options.use_cache \
        else None
    found = _continue(root, files, options, inputs) if inputs is not None else None
    stats = inputs.stats if inputs is not None else None
    if found is None and options.changed is not None:
        # deliberate, as all run modules: the heavy part (rules, parsers, pydantic)
        from prozesskit.validation import partial

        changed = options.changed_paths()
        assert changed is not None
        return Checked(partial.check_changed(root, files, options, changed, stats), files)
    if found is None:
        from prozesskit.validation import full  # deliberate, see above

        hashes = inputs.hashes if inputs is not None else None  # no file hashed twice
        run = full.check_register(root, files, options, stats, hashes)
        if inputs is not None:
            runcache.save(inputs, run)
        found = _Found(run.result, run.register_level, {**(hashes or {}), **run.hashes},
                       lambda: run.facts)
    changed = options.changed_paths()
    if changed is None:
        if inputs is None:
            return Checked(found.result, files, found.hashes, found.facts,
                           summaries=found.summaries, rows_of=found.rows)
        return Checked(found.result, files, found.hashes, found.facts, inputs.stats,
                       inputs.started_ns - runcache.RACY_NS,  # see Checked.vouched
                       found.summaries, found.rows)
    result = found.result if isinstance(found.result, Result) else found.result()
    return Checked(only_changed(result, found.register_level or frozenset(), changed), files)


@dataclass(frozen=True, slots=True)
class _Found:
    """A run's result and what it knew of the files, however it was obtained."""

    result: Result | Callable[[], Result]  # a memo's is made when asked for (_remembered)
    register_level: frozenset[Problem] | None
    hashes: Mapping[str, str]
    facts: Callable[[], Mapping[str, dict[str, Any] | None]]
    #: the memo's summary part (see Checked.summary); None: derived from ``facts``
    summaries: Callable[[], Mapping[str, dict[str, Any] | None]] | None = None
    rows: Callable[[], Sequence[Row]] | None = None  # see Checked.rows


def _remembered(last: runcache.Memo, register_level: bool, hashes: Mapping[str, str]
                ) -> _Found:
    """The memo's run. Without ``register_level`` its problems become Problem objects only
    when the result is asked for (``pack`` reads the rows); the rows are decoded here all
    the same, where a memo that cannot be read still means no memo."""
    if register_level:
        return _Found(*last.result(with_register_level=True), hashes, last.facts,
                      last.summaries)
    rows = last.rows()
    return _Found(lambda: last.result()[0], None, hashes, last.facts, last.summaries,
                  lambda: rows)


def _continue(
    root: Path, files: RegisterFiles, options: ValidateOptions, inputs: runcache.RunInputs
) -> _Found | None:
    """The result (and register-rule problems) from the last run, brought up to date; None
    if there is no last run to continue from."""
    last = runcache.load(inputs)
    if last is None:
        return None
    whole = replace(options, changed=None)
    register_level = options.changed is not None
    try:
        if last.unchanged(inputs):
            known = last.header.get("hashes") or {}
            return _remembered(last, register_level, {**known, **inputs.hashes})
        changed = last.changed_files(inputs)  # by content where stats differ
        if changed is not None and not changed and last.same_content(inputs):
            runcache.refresh(inputs, last)  # a fresh checkout of the same files
            return _remembered(last, register_level, dict(inputs.hashes))
        previous = last.previous() if changed is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a memo we cannot read is no memo
    if changed is None or previous is None:
        return None
    from prozesskit.validation import patch  # deliberate: a run module, only when needed

    try:
        run = patch.patch_register(root, files, whole, previous, changed, inputs.stats,
                                   options.changed_paths if register_level else None)
    except StaleMemo:
        return None
    runcache.save(inputs, run, last)  # last's base is written back as it was read
    return _Found(run.result, run.register_level, {**inputs.hashes, **run.hashes},
                  lambda: run.facts)



def validate_files(
    paths: Sequence[Path], options: ValidateOptions, *, root: Path | None = None
) -> Result:
    """Single files, outside or inside a register (then with its conventions)."""
    from prozesskit.validation import files  # deliberate: a run module, only when needed

    return files.check_files_alone(paths, options, root=root)


def single_register(paths: Sequence[Path]) -> Path | None:
    """The register root when exactly one register folder is validated, else None.

    Reports then use paths relative to that register; in every other case (several
    targets, loose files, a folder holding several registers) paths are relative to the
    working directory, so that files of different registers never collide.
    """
    targets = list(paths) or [Path(".")]
    if len(targets) != 1 or not targets[0].is_dir():
        return None
    root = find_root(targets[0])
    return root if root is not None and root == targets[0].resolve() else None


def validate(paths: Sequence[Path], options: ValidateOptions) -> Result:
    """Entry point: folders are registers (or hold some), files are checked alone."""
    targets = list(paths) or [Path(".")]
    for target in targets:
        if not target.exists():
            slash = ("; Pfade bitte mit / angeben" if "\\" in str(target) and os.sep == "/"
                     else "")
            raise UsageError(f"'{target}' gibt es nicht{slash}")
        if not target.is_dir() and target.suffix.lower() not in _CHECKED_SUFFIXES:
            raise UsageError(_not_checked(target))
    root = single_register(targets)
    if root is not None:
        return validate_register(root, options)
    cwd = Path.cwd()
    results = [_rebase(result, base, cwd) for target in targets
               for base, result in _validate_target(target, options)]
    merged = Result.build(
        [p for r in results for p in r.problems],
        [f for r in results for f in r.files],
        [c for r in results for c in r.rules_run],
    )
    if not merged.files:
        names = ", ".join(f"'{t}'" for t in targets)
        raise UsageError(f"In {names} gibt es weder ein Register (prozesskit.yaml) noch "
                         "Steckbriefe oder BPMN-Modelle")
    return merged


#: What validate reads when a file is named: a Steckbrief, a BPMN model, an XProzess message
_CHECKED_SUFFIXES = (".yaml", ".yml", ".bpmn", ".xml")


def _not_checked(target: Path) -> str:
    """Why a named file is not checked, and what checks it instead: read as a Steckbrief,
    a package or a workbook would get a misleading "nicht in UTF-8 kodiert"."""
    from prozesskit.fsutil import shell_arg

    suffix = target.suffix.lower()
    instead = {
        ".zip": f"ein Paket wird beim Entpacken geprüft: 'prozesskit unpack {shell_arg(target)} "
                "--ziel REGISTER' schreibt nichts, wenn etwas nicht stimmt",
        ".xlsx": f"eine exportierte Tabelle liest 'prozesskit import-xlsx {shell_arg(target)}'",
    }.get(suffix, "bitte einen Register-Ordner oder eine solche Datei angeben")
    return (f"'{target}' wird nicht geprüft: validate prüft Register-Ordner, Steckbriefe "
            f"(.yaml, .yml), BPMN-Modelle (.bpmn) und XProzess-Dateien (.xml); {instead}")


def _rebase(result: Result, base: Path, cwd: Path) -> Result:
    """File paths relative to ``base`` → relative to the working directory."""

    def move(file: str) -> str:
        path = Path(file)
        full = path if path.is_absolute() else base / path
        try:
            return Path(os.path.relpath(full, cwd)).as_posix()
        except ValueError:  # another drive on Windows
            return full.as_posix()

    problems = [p._replace(file=move(p.file)) for p in result.problems]
    return Result.build(problems, [move(f) for f in result.files], result.rules_run)


def _validate_target(target: Path, options: ValidateOptions) -> list[tuple[Path, Result]]:
    """(base of the result's paths, result) for one command-line target."""
    cwd = Path.cwd()
    if not target.is_dir():
        linked = _through_folder_link(target)
        if linked is not None:
            return [linked]
    root = find_root(target)
    if not target.is_dir():  # a file, a link or a FIFO: the check refuses the last two
        if target.name == MANIFEST_NAME and root is not None:
            from prozesskit.register.manifest import load_manifest  # deliberate: pydantic

            _, _, problems = load_manifest(root)
            return [(root, Result.build(problems, [MANIFEST_NAME]))]
        return [(root or cwd, validate_files([target], options, root=root))]
    if root is not None and root == target.resolve():
        return [(root, validate_register(root, options))]
    found = discover(target, loose=True)
    nested = sorted({(target / f).parent.resolve() for f in found.files
                     if f.endswith(MANIFEST_NAME) and Path(f).name == MANIFEST_NAME})
    results = [(register, validate_register(register, options)) for register in nested]
    # a file's folder decides which register it belongs to, not a symlink's target
    untracked = options.left_out_at(target)  # --nur-versioniert at the repository root
    loose = [target / f for f in sorted(found.files)
             if f.endswith((".yaml", ".yml", ".bpmn")) and f not in untracked
             and not any((target / f).parent.resolve().is_relative_to(r) for r in nested)]
    if loose:  # symlinks and FIFOs among them: the check refuses and reports each
        results.append((root or cwd, validate_files(loose, options, root=root)))
    folders = [(rel, what) for rel, what in found.unread if what == "linkdir"
               and not any((target / rel).parent.resolve().is_relative_to(r) for r in nested)]
    if folders:
        problems = unread_problems(folders)
        results.append((target, Result.build(problems, [p.file for p in problems])))
    return results


def _through_folder_link(target: Path) -> tuple[Path, Result] | None:
    """A file named through a linked folder of its register (``steckbriefe/extern/x.yaml``
    with ``extern`` a symlink): refused like a linked file, never read.

    ``find_root`` follows the folder link, so the file would otherwise be checked as a
    loose file wherever the link points, outside the register. The register is the one
    the path names as written; folders above it may be links (a home on another disk).
    """
    place = Path(os.path.abspath(target))
    for root in place.parents:
        if (root / MANIFEST_NAME).is_file():
            break
    else:
        return None
    folder = root
    for part in place.parent.relative_to(root).parts:
        folder = folder / part
        if folder.is_symlink():
            rel = place.relative_to(root).as_posix()
            kind = "bpmn" if place.suffix.lower() in (".bpmn", ".xml") else "steckbrief"
            return root, Result.build([unread_problem(rel, "link", kind)], [rel])
    return None
