"""The clone cache against the repository it mirrors, through the real commands on real git
repositories: a broken cache entry is cloned again (never anything outside the cache
deleted), a moved tag or a library created anew under the same URL is noticed (tester
finding 17, session 10), an unreachable server leaves the cache in charge with a note."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, empty_register, git, run_cli
from prozesskit import gitio
from prozesskit.settings import cache_root

ID = "wohngeld-bewilligen"
STECKBRIEF = Path("steckbriefe") / f"{ID}.yaml"


def _library(folder: Path, prioritaet: str = "mittel") -> Path:
    """The example register as a git library, tagged v1."""
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".prozesskit"))
    _set(folder, prioritaet)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "v1")
    git(folder, "tag", "v1")
    return folder


def _set(library: Path, prioritaet: str) -> None:
    path = library / STECKBRIEF
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("prioritaet: mittel", f"prioritaet: {prioritaet}"),
                    encoding="utf-8")


def _import(library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    empty_register(member)
    code, _, err = run_cli(["import", f"{library.as_uri()}@v1", ID, "-r", str(member)],
                           monkeypatch, capsys)
    return code, err


def _prioritaet(member: Path) -> str:
    text = (member / STECKBRIEF).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("prioritaet:"))


def _locked_commit(member: Path) -> str:
    lock = json.loads((member / "prozesskit.lock").read_text(encoding="utf-8"))
    return str(lock["prozesse"][ID]["commit"])


def _break(mirror: Path, how: str) -> None:
    if how == "leer":  # an interrupted copy of the cache: the folder, nothing in it
        shutil.rmtree(mirror)
        mirror.mkdir()
    elif how == "HEAD-geloescht":
        (mirror / "HEAD").unlink()
    elif how == "refs-geloescht":
        shutil.rmtree(mirror / "refs")


@pytest.mark.parametrize("how", ["leer", "HEAD-geloescht", "refs-geloescht"])
def test_a_broken_cache_entry_is_cloned_again(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lib = _library(tmp_path / "lib")
    code, err = _import(lib, tmp_path / "a", monkeypatch, capsys)
    assert code == 0, err
    mirror = gitio._mirror(lib.as_uri())
    assert mirror.is_dir()
    _break(mirror, how)
    shutil.rmtree(cache_root() / "checkouts")  # so that the mirror must answer
    code, err = _import(lib, tmp_path / "b", monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis: Der Cache-Eintrag von" in err and "neu geklont" in err
    assert _locked_commit(tmp_path / "b") == git(lib, "rev-parse", "v1")
    # diff reads the mirror again (a branch is always fetched): whole again, no note
    shutil.rmtree(cache_root() / "checkouts")
    code, out, err = run_cli(["diff", f"{lib.as_uri()}@main", ID, "-r", str(tmp_path / "b")],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "Keine Unterschiede" in out and "Hinweis" not in err


def test_a_broken_entry_that_leads_out_of_the_cache_is_not_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A cache entry that is a link (to a folder of the user's) is refused, never emptied."""
    lib = _library(tmp_path / "lib")
    elsewhere = tmp_path / "eigene-daten"
    elsewhere.mkdir()
    (elsewhere / "wichtig.txt").write_text("bleibt\n", encoding="utf-8")
    mirror = gitio._mirror(lib.as_uri())
    mirror.parent.mkdir(parents=True)
    mirror.symlink_to(elsewhere, target_is_directory=True)
    code, err = _import(lib, tmp_path / "a", monkeypatch, capsys)
    assert code == 2 and err.startswith("Fehler: ")
    assert (elsewhere / "wichtig.txt").read_text(encoding="utf-8") == "bleibt\n"
    assert mirror.is_symlink()


def test_a_moved_tag_is_noticed_and_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    lib = _library(tmp_path / "lib")
    code, err = _import(lib, tmp_path / "a", monkeypatch, capsys)
    assert code == 0, err
    old = git(lib, "rev-parse", "v1")
    _set(lib, "niedrig")
    git(lib, "commit", "-qam", "v1 korrigiert")
    git(lib, "tag", "-f", "v1")
    new = git(lib, "rev-parse", "v1")
    code, err = _import(lib, tmp_path / "b", monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: Der Tag 'v1' im Repository {lib.as_uri()} zeigt jetzt auf Commit " \
           f"{new[:10]}, nicht mehr auf {old[:10]}" in err
    assert _prioritaet(tmp_path / "b") == "prioritaet: niedrig"
    assert _locked_commit(tmp_path / "b") == new
    code, out, err = run_cli(["diff", f"{lib.as_uri()}@v1", ID, "-r", str(tmp_path / "a")],
                             monkeypatch, capsys)
    assert "Keine Unterschiede" not in out and "niedrig" in out, err
    assert "Hinweis: Der Tag" not in err  # the cache knows the new state now


def test_a_library_created_anew_under_the_same_url_is_not_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    lib = _library(tmp_path / "lib")
    code, err = _import(lib, tmp_path / "a", monkeypatch, capsys)
    assert code == 0, err
    shutil.rmtree(lib)
    _library(lib, prioritaet="hoch")  # another repository, the same URL and tag name
    code, err = _import(lib, tmp_path / "b", monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis: Der Tag 'v1'" in err
    assert _prioritaet(tmp_path / "b") == "prioritaet: hoch"
    assert _locked_commit(tmp_path / "b") == git(lib, "rev-parse", "v1")


def test_an_unreachable_server_leaves_the_cached_tag_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    lib = _library(tmp_path / "lib")
    code, err = _import(lib, tmp_path / "a", monkeypatch, capsys)
    assert code == 0, err
    url, commit = lib.as_uri(), git(lib, "rev-parse", "v1")
    lib.rename(tmp_path / "weg")  # the network share is offline
    code, _, err = run_cli(["import", f"{url}@v1", ID, "-r", str(empty_register(
        tmp_path / "b"))], monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: {url} ist nicht erreichbar: Tag 'v1' aus dem Cache (Commit " \
           f"{commit[:10]})" in err
    assert len([line for line in err.splitlines() if line.startswith("Hinweis")]) == 1
    assert _locked_commit(tmp_path / "b") == commit
