"""Paths and small builders shared by the tests (importable: tests/ is on pythonpath)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "kreis-musterland"
#: Third-party files the tests own (origins and licences in tests/data/README.md): a fresh
#: clone has nothing beside it, so no test reads outside the repository.
DATA = REPO / "tests" / "data"
CORPUS = DATA / "corpus"
REFERENCE = DATA / "reference"


def run_cli(args: list[str], monkeypatch: object, capsys: object) -> tuple[int, str, str]:
    """Run the real console entry (with its error mapping) in-process."""
    import sys

    import pytest

    from prozesskit.cli import app
    from prozesskit.cli._errors import run_guarded

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(sys, "argv", ["prozesskit", *args])
    code = run_guarded(app)
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    return code, captured.out, captured.err


def git(repo: Path, *args: str) -> str:
    """A git command in ``repo`` (hooks and config as the test's isolation sets them)."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file below ``root`` outside ``.git``: to assert that nothing was written."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and ".git" not in p.relative_to(root).parts}


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, as a member would edit the file."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def packed_example(base: Path) -> Path:
    """A real package of the example register, packed through the CLI into ``base``
    (outside a pytest capture: ``sys.argv`` is set and restored here)."""
    import shutil
    import sys

    from prozesskit.cli import app
    from prozesskit.cli._errors import run_guarded

    source = base / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    out = base / "gut.zip"
    argv = sys.argv
    sys.argv = ["prozesskit", "pack", "--alle", "--register", str(source), "-o", str(out)]
    try:
        assert run_guarded(app) == 0
    finally:
        sys.argv = argv
    return out


def example_library(repo: Path, tag: str | None = "v1") -> Path:
    """The example register as a shared library repository: one commit ``v1``, tagged
    ``tag`` (none: untagged). Without the example's local cache (``.prozesskit``)."""
    import shutil

    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".prozesskit"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    if tag is not None:
        git(repo, "tag", tag)
    return repo


def empty_register(target: Path) -> Path:
    """The example's manifest and conventions with no Steckbrief and no model: a member
    register about to import from a library."""
    import shutil

    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".prozesskit"))
    for folder in ("steckbriefe", "modelle"):
        shutil.rmtree(target / folder)
        (target / folder).mkdir()
    return target


def imported_member(library: Path, target: Path, monkeypatch: object, capsys: object,
                    *import_args: str) -> Path:
    """A member's git register that imported from ``library`` at v1 and committed that: the
    start of every update/diff story (``import_args``: the processes and options)."""
    empty_register(target)
    git(target, "init", "-q", "-b", "main")
    code, _, err = run_cli(["import", f"file://{library}@v1", *import_args, "-r", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    git(target, "add", "-A")
    git(target, "commit", "-qm", "import")
    return target
