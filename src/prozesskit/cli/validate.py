"""``prozesskit validate``: the CI check on every merge request."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from prozesskit import __version__
from prozesskit.cli._exit import allow_fast_exit
from prozesskit.errors import UsageError
from prozesskit.fsutil import atomic_write_bytes, atomic_write_text
from prozesskit.register.discover import find_root
from prozesskit.reporters import get as get_reporter
from prozesskit.reporters.base import ReportContext, RuleMeta
from prozesskit.reporters.text import summary_line
from prozesskit.validation.engine import ValidateOptions, single_register, validate
from prozesskit.validation.gctune import few_collections, no_collections

if TYPE_CHECKING:
    import typer


class _RuleMetaIndex(Mapping[str, RuleMeta]):
    """Rule descriptions for reports, loaded on first use.

    Only SARIF describes rules; building this for every run would import all rule modules
    and pydantic, which the fast path of an unchanged register otherwise does without.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, RuleMeta] | None = None

    def _meta(self) -> dict[str, RuleMeta]:
        if self._loaded is None:
            from prozesskit.rules import all_rules

            self._loaded = {
                code: RuleMeta(code=code, name=r.name, title=r.title, level=r.level,
                                 help=r.help_text)
                for code, r in all_rules().items()
            }
        return self._loaded

    def __getitem__(self, code: str) -> RuleMeta:
        return self._meta()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._meta())

    def __len__(self) -> int:
        return len(self._meta())


def _path_prefix(root: Path) -> str:
    """Register folder relative to its git top level, so CI annotations hit the file."""
    current = root.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            rel = current.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def register(app: typer.Typer) -> None:
    """The typer command; its options are also parsed by :mod:`prozesskit.cli._direct`,
    which must know each of them (a test compares the two)."""
    import typer

    @app.command("validate")
    def validate_command(
        paths: list[Path] = typer.Argument(
            None, help="Register-Ordner oder einzelne Dateien (Standard: aktueller Ordner)."
        ),
        format: str = typer.Option(
            "text", "--format", "-f", help="text, json, sarif, junit, gitlab, github, markdown"
        ),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Bericht in diese Datei schreiben."
        ),
        profil: str | None = typer.Option(
            None, "--profil", help="Eingebautes Profil: empfohlen, streng, fim, alle."
        ),
        strict: bool = typer.Option(False, "--strict", help="Auch Warnungen lassen scheitern."),
        changed_since: str | None = typer.Option(
            None,
            "--changed-since",
            help="Nur Dateien, die sich gegenüber diesem git-Ref geändert haben.",
        ),
        no_cache: bool = typer.Option(False, "--no-cache", help="Cache nicht verwenden."),
        nur_versioniert: bool = typer.Option(
            False,
            "--nur-versioniert",
            help="Nur Dateien, die git kennt: neue, noch nicht hinzugefügte und ignorierte "
            "auslassen (der pre-commit-Hook prüft so genau, was committet wird).",
        ),
        jobs: int | None = typer.Option(
            None, "--jobs", "-j", min=1, help="Anzahl paralleler Prozesse."
        ),
    ) -> int:
        """Steckbriefe und BPMN-Modelle gegen Schema und Konventionen prüfen."""
        raise typer.Exit(run(paths=paths, format=format, output=output, profil=profil,
                             strict=strict, changed_since=changed_since, no_cache=no_cache,
                             nur_versioniert=nur_versioniert, jobs=jobs))


def run(
    *,
    paths: list[Path] | None,
    format: str,
    output: Path | None,
    profil: str | None,
    strict: bool,
    changed_since: str | None,
    no_cache: bool,
    nur_versioniert: bool,
    jobs: int | None,
) -> int:
    """The command itself, whichever parser read the command line; returns the exit code."""
    reporter = get_reporter(format)
    targets = list(paths or [Path(".")])
    changed = _changed(targets, changed_since) if changed_since else None
    base = _untracked_base(targets) if nur_versioniert else None
    options = ValidateOptions(
        profile=profil,
        use_cache=not no_cache,
        changed=changed,
        jobs=jobs,
        fetch_git=_fetch_config_file,
        left_out=_untracked(base) if base is not None else frozenset(),
        left_out_base=base,
    )
    # the CLI's process, not the library's to tune: a run keeps what it reads (memo, facts,
    # problems) until it ends and makes no cycles worth collecting; collections walked it
    # again and again (2 % of a patch run). Forked workers collect as before (20,000).
    with no_collections(), few_collections():
        result = validate(targets, options)
    root = single_register(targets) or Path.cwd()
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    ctx = ReportContext(
        tool_version=__version__,
        rules=_RuleMetaIndex(),
        path_prefix=_path_prefix(root),
        github_step_summary=bool(summary_file),
        width=shutil.get_terminal_size().columns if sys.stdout.isatty() else 0,
        color=output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
    )
    rendered = reporter.render(result, ctx)
    if output is not None:
        write_report(output, rendered)
        from typer import echo  # click's echo (stream checks, flush), as it always was

        echo(summary_line(result))
    else:
        sys.stdout.write(
            rendered if rendered.endswith("\n") or not rendered else rendered + "\n"
        )
    if summary_file:
        from prozesskit.reporters.github import step_summary_markdown  # only on GitHub

        _append_summary(Path(summary_file), step_summary_markdown(result))
    allow_fast_exit()  # every file written above is closed
    return result.exit_code(strict=strict)


def write_report(output: Path, text: str | bytes) -> None:
    """``--output`` of every report command (validate, diff, netz, bericht): one place for
    the atomic write and the German message when the target is a folder or not writable.
    Bytes (a workbook) are written as they are."""
    from prozesskit.fsutil import refuse_register_input

    if output.is_dir():
        raise UsageError(f"--output '{output}' ist ein Ordner; bitte einen Dateinamen angeben")
    refuse_register_input(output, "--output")
    try:
        if isinstance(text, bytes):
            atomic_write_bytes(output, text)
        else:
            atomic_write_text(output, text)
    except OSError as exc:
        from prozesskit.fsutil import write_failure

        raise UsageError(write_failure("Bericht", output, exc)) from None


def _append_summary(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        from prozesskit.fsutil import os_error_reason

        raise UsageError(f"GITHUB_STEP_SUMMARY '{path}' ist nicht beschreibbar: "
                         f"{os_error_reason(exc)}") from None


def _fetch_config_file(spec: str) -> Path:
    """Shared conventions from git; imports GitPython only when a config asks for it."""
    from prozesskit.gitio import fetch_config_file

    return fetch_config_file(spec)


def _untracked_base(targets: list[Path]) -> Path:
    """Where the hook's untracked files are listed from: the register around the target,
    else the target folder itself (the repository root, with registers below it, where
    pre-commit runs the hook)."""
    root = find_root(targets[0])
    if root is not None:
        return root
    if targets[0].is_dir():
        return targets[0]
    raise UsageError("--nur-versioniert braucht ein Register (prozesskit.yaml) in einem "
                     "git-Repository, oder einen Ordner, unter dem Register liegen")


def _untracked(base: Path) -> frozenset[str]:
    from prozesskit.gitio import untracked_files

    return untracked_files(base)


def _changed(targets: list[Path], ref: str) -> Callable[[], frozenset[str]]:
    root = find_root(targets[0])
    if root is None:
        raise UsageError(
            "--changed-since braucht ein Register (prozesskit.yaml) in einem git-Repository"
        )
    from prozesskit.gitio import start_changed_files

    return start_changed_files(root, ref)  # answered when validate needs the set
