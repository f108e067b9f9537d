"""``import`` and ``update`` decide on files as they read them; another run (an
``import-xlsx`` of a workshop table, an editor) that writes one of them before they write
must not lose its change: the plan is refused (exit 2, nothing written) and, run again,
starts from the file as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import example_library, git, imported_member, snapshot
from prozesskit.errors import UsageError
from prozesskit.library.importieren import Auswahl, plan_import
from prozesskit.library.update import plan_update

GEWERBE = "gewerbeanmeldung-entgegennehmen"
DATEI = f"steckbriefe/{GEWERBE}.yaml"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return example_library(tmp_path / "lib")


def _edit_meanwhile(member: Path) -> bytes:
    path = member / DATEI
    edited = path.read_bytes() + b"prozessverantwortlich: Frau B\n"
    path.write_bytes(edited)
    return edited


def test_an_import_does_not_replace_a_steckbrief_edited_while_it_planned(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    member = imported_member(library, tmp_path / "kommune", monkeypatch, capsys, GEWERBE)
    (library / DATEI).write_text((library / DATEI).read_text(encoding="utf-8").replace(
        "name: Gewerbeanmeldung", "name: Neue Gewerbeanmeldung"), encoding="utf-8")
    git(library, "commit", "-qam", "v2")
    git(library, "tag", "v2")
    planned = plan_import(member, f"file://{library}@v2", Auswahl(ids=(GEWERBE,)))
    edited = _edit_meanwhile(member)
    before = snapshot(member)
    with pytest.raises(UsageError) as refused:
        planned.commit()
    assert DATEI in str(refused.value) and "erneut ausführen" in str(refused.value)
    assert (member / DATEI).read_bytes() == edited and snapshot(member) == before


def test_an_update_does_not_delete_a_steckbrief_edited_while_it_planned(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    member = imported_member(library, tmp_path / "kommune", monkeypatch, capsys, GEWERBE)
    git(library, "rm", "-q", DATEI)
    git(library, "commit", "-qm", "entfallen")
    git(library, "tag", "v2")
    planned = plan_update(member, f"file://{library}@v2", [], None)
    assert DATEI in planned.files.removals()  # unedited, gone upstream: it would go
    edited = _edit_meanwhile(member)
    with pytest.raises(UsageError) as refused:
        planned.commit()
    assert DATEI in str(refused.value)
    assert (member / DATEI).read_bytes() == edited
