"""Paths and small builders shared by the tests (importable: tests/ is on pythonpath)."""

from __future__ import annotations

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
