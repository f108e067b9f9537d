"""The clone cache against the repository it mirrors, through the real commands on real git
repositories: a broken cache entry is cloned again (never anything outside the cache
deleted)."""

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
