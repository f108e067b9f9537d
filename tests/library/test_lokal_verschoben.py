"""A Steckbrief the member moved into a subfolder (``git mv``, as ``neu --ordner`` lays out
new ones) is the same process: ``diff``, ``update`` and ``import`` follow its local id
instead of calling it "lokal entfallen" (and ``import --force`` writing a second file with
the same id). Real git repositories for the library and the member, no mock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import edit_once, example_library, git, imported_member, run_cli
from prozesskit.library.lock import read_lock

GEWERBE = "gewerbeanmeldung-entgegennehmen"
OLD = f"steckbriefe/{GEWERBE}.yaml"
NEW = f"steckbriefe/ordnung/{GEWERBE}.yaml"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return example_library(tmp_path / "lib")


@pytest.fixture
def member(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    """A git register that imported one process at v1, then moved its Steckbrief into
    ``steckbriefe/ordnung/`` and edited a field the library leaves alone; the library
    released v2 with another field changed."""
    target = imported_member(library, tmp_path / "kommune", monkeypatch, capsys, GEWERBE)
    (target / "steckbriefe" / "ordnung").mkdir()
    git(target, "mv", OLD, NEW)
    edit_once(target / NEW, "prozessverantwortlich: Leitung Ordnungsamt",
              "prozessverantwortlich: Sachgebiet Gewerbe")
    git(target, "commit", "-qam", "verschoben")
    edit_once(library / OLD, "organisationseinheit: Ordnungsamt",
              "organisationseinheit: Gewerbeamt")
    git(library, "commit", "-qam", "v2")
    git(library, "tag", "v2")
    return target


def test_update_merges_into_the_moved_file_and_moves_the_lock(
        member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["update", "lib@v2", "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "lokal entfallen" not in out
    assert f"lokal verschoben: {OLD} → {NEW}" in out
    text = (member / NEW).read_text("utf-8")
    assert "organisationseinheit: Gewerbeamt" in text  # the library's change, merged
    assert "prozessverantwortlich: Sachgebiet Gewerbe" in text  # the member's edit, kept
    assert not (member / OLD).exists()
    assert read_lock(member).prozesse[GEWERBE].datei == NEW
    code, out, err = run_cli(["update", "lib@v2", "-r", str(member)], monkeypatch, capsys)
    assert code == 0 and "lokal verschoben" not in out, out + err  # the lock knows it now


def test_update_records_a_move_even_when_the_source_did_not_change(
        member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["update", "lib@v1", "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert read_lock(member).prozesse[GEWERBE].datei == NEW
    assert "prozessverantwortlich: Sachgebiet Gewerbe" in (member / NEW).read_text("utf-8")


def test_diff_compares_the_moved_file(member: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["diff", "lib@v2", GEWERBE, "-r", str(member), "--format", "json"],
                             monkeypatch, capsys)
    assert code == 1, out + err
    [quelle] = json.loads(out)["quellen"]
    [prozess] = quelle["prozesse"]
    assert prozess["stand"] == "beidseitig_geaendert", prozess
    assert prozess["datei"] == NEW
    code, out, _ = run_cli(["diff", "lib@v2", "-r", str(member)], monkeypatch, capsys)
    assert "lokal entfallen" not in out


def test_import_again_writes_into_the_moved_file_not_a_second_one(
        member: Path, library: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["import", f"file://{library}@v2", GEWERBE, "--force",
                              "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert not (member / OLD).exists()
    assert "organisationseinheit: Gewerbeamt" in (member / NEW).read_text("utf-8")
    assert read_lock(member).prozesse[GEWERBE].datei == NEW
    code, out, _ = run_cli(["validate", str(member)], monkeypatch, capsys)
    assert "PK-S006" not in out and "PK-S005" not in out


def test_a_deleted_steckbrief_is_still_lokal_entfallen(
        member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    git(member, "rm", "-q", NEW)
    code, out, err = run_cli(["update", "lib@v2", "-r", str(member)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "lokal entfallen" in out and not (member / OLD).exists()
    assert read_lock(member).prozesse[GEWERBE].datei == OLD
