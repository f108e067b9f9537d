"""The *Stand* view over five members with real git histories across quarters (commits
with set author and committer dates), checked against counts worked out by hand below.

Bereich 12 of the Gemeinde and Stadt Blaupausen has 15 processes, the Kreis 7."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from netz.conftest import edit, git, make_register
from prozesskit.gitindex import blob_id
from prozesskit.netz.load import members_of, open_members, read_netz
from prozesskit.netz.report import render_stand
from prozesskit.netz.stand import Stand, quartal, stand

SONDER = "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen"
WIDMEN = "strasse-widmen"
WINTER = "winterdienst-organisieren"


def _dated(repo: Path, when: str, *args: str) -> None:
    """A git command at a set author and committer date (a module fixture runs before the
    autouse isolation, so the identity is given here, not taken from any config)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, env=env,
                   capture_output=True)


def _commit(repo: Path, when: str, message: str) -> str:
    _dated(repo, when, "add", "-A")
    _dated(repo, when, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def _modelled(status: str, art: str = "ist") -> Any:
    def change(data: dict[str, Any]) -> None:
        data["modellierung"] = {"status": status, "verantwortlich": "X"}
        if status != "in_modellierung":
            data["modelle"] = [{"art": art, "datei": f"modelle/{data['id']}.{art}.bpmn"}]
    return change


def _strike(data: dict[str, Any]) -> None:
    data.update(status="entfaellt", status_grund="gibt es hier nicht")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("stand")
    commits: dict[str, str] = {}
    # A (repository = register): 2025-Q1 init; Q2 models Sondernutzung (IST) and strikes
    # Winterdienst; Q3 nothing; Q4 Straße widmen SOLL
    a = make_register(root / "a", "gemeinde", "Gemeinde A")
    git(a, "init", "-q", "-b", "main")
    commits["a1"] = _commit(a, "2025-02-10T09:00:00+01:00", "Register")
    edit(a, SONDER, _modelled("ist_modelliert"))
    commits["a2"] = _commit(a, "2025-05-05T09:00:00+02:00", "Sondernutzung IST")
    edit(a, WINTER, _strike)
    commits["a3"] = _commit(a, "2025-05-20T09:00:00+02:00", "Winterdienst gestrichen")
    edit(a, WIDMEN, _modelled("soll_modelliert", "soll"))
    commits["a4"] = _commit(a, "2025-11-03T09:00:00+01:00", "Straße widmen SOLL")
    # B (register in a subfolder): 2025-Q2 init; Q3 a README-only commit (no snapshot) and
    # Straße widmen in Arbeit; a side branch modelling Winterdienst merged in 2025-Q4; an
    # unmerged branch (modelling Sondernutzung) never counts
    repo_b = root / "b-repo"
    b = make_register(repo_b / "prozesse", "gemeinde", "Gemeinde B")
    git(repo_b, "init", "-q", "-b", "main")
    commits["b1"] = _commit(repo_b, "2025-04-01T10:00:00+02:00", "Register")
    (repo_b / "README.md").write_text("Gemeinde B\n", encoding="utf-8")
    commits["b2"] = _commit(repo_b, "2025-08-01T10:00:00+02:00", "README")
    edit(b, WIDMEN, _modelled("in_modellierung"))
    commits["b3"] = _commit(repo_b, "2025-09-15T10:00:00+02:00", "Straße widmen in Arbeit")
    git(repo_b, "checkout", "-q", "-b", "winter")
    edit(b, WINTER, _modelled("ist_modelliert"))
    _commit(repo_b, "2025-09-20T10:00:00+02:00", "Winterdienst IST (Zweig)")
    git(repo_b, "checkout", "-q", "main")
    _dated(repo_b, "2025-10-02T10:00:00+02:00", "merge", "-q", "--no-ff", "-m",
           "Merge winter", "winter")
    commits["b4"] = git(repo_b, "rev-parse", "HEAD").strip()
    git(repo_b, "checkout", "-q", "-b", "offen")
    edit(b, SONDER, _modelled("ist_modelliert"))
    _commit(repo_b, "2025-12-01T10:00:00+01:00", "nie gemergt")
    git(repo_b, "checkout", "-q", "main")
    # C (Stadt, read as git URL at tag v1): 2024-Q4 init; 2025-Q1 two models; tag v1;
    # 2025-Q4 a third after the tag (not read: the member is at v1)
    c = make_register(root / "c", "stadt", "Stadt C")
    git(c, "init", "-q", "-b", "main")
    commits["c1"] = _commit(c, "2024-12-01T08:00:00+01:00", "Register")
    edit(c, SONDER, _modelled("freigegeben", "soll"))
    edit(c, WIDMEN, _modelled("abgestimmt", "soll"))
    commits["c2"] = _commit(c, "2025-03-31T23:30:00+02:00", "zwei SOLL")
    git(c, "tag", "v1")
    edit(c, WINTER, _modelled("ist_modelliert"))
    _commit(c, "2025-12-01T08:00:00+01:00", "nach v1")
    # D: a folder without git; E: the built-in Blaupause
    make_register(root / "d", "kreis", "Kreis D")
    (root / "netz.yaml").write_text(f"""\
format: 1
name: Netz Stand
mitglieder:
  - {{name: Gemeinde A, register: a}}
  - {{name: Gemeinde B, register: b-repo/prozesse}}
  - {{name: Stadt C, register: "file://{c}@v1"}}
  - {{name: Kreis D, register: d}}
  - {{name: Blaupause, register: "prozesskit:gemeinde"}}
""", encoding="utf-8")
    return root, commits


@pytest.fixture(autouse=True)
def _local_git_allowed(network: tuple[Path, dict[str, str]],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """netz.yaml names Stadt C by a local git repository (file://): a file may name one
    only in a folder the user allowed (PROZESSKIT_LOKALE_GIT_ORDNER)."""
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(network[0]))


def _stand(root: Path, quartale: int) -> Stand:
    netz = read_netz(root / "netz.yaml")
    return stand(open_members(members_of(netz, root)), quartale)


def _cells(result: Stand) -> dict[str, dict[str, tuple[int, int, int, str]]]:
    return {v.mitglied: {q: (c.modelliert, c.aktiv, c.in_arbeit, c.commit)
                         for q, c in v.quartale.items()} for v in result.verlaeufe}


def test_quarter_of_a_date() -> None:
    assert quartal("2025-01-01T00:00:00+01:00") == "2025-Q1"
    assert quartal("2025-03-31T23:30:00+02:00") == "2025-Q1"
    assert quartal("2025-04-01T00:00:00+02:00") == "2025-Q2"
    assert quartal("2025-12-31") == "2025-Q4"


def test_progress_per_member_and_quarter(network: tuple[Path, dict[str, str]]) -> None:
    root, commits = network
    result = _stand(root, 5)
    # the newest commit read is B's merge (2025-Q4); five quarters back from it
    assert result.quartale == ("2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
    cells = _cells(result)
    assert cells["Gemeinde A"] == {
        "2025-Q1": (0, 15, 0, commits["a1"]),
        "2025-Q2": (1, 14, 0, commits["a3"]),  # last commit of the quarter
        "2025-Q3": (1, 14, 0, commits["a3"]),  # no commit: carried
        "2025-Q4": (2, 14, 0, commits["a4"]),
    }
    assert cells["Gemeinde B"] == {
        "2025-Q2": (0, 15, 0, commits["b1"]),
        "2025-Q3": (0, 15, 1, commits["b3"]),  # the README commit is no snapshot
        "2025-Q4": (1, 15, 1, commits["b4"]),  # the merge brought Winterdienst IST
    }
    assert cells["Stadt C"] == {
        "2024-Q4": (0, 15, 0, commits["c1"]),
        "2025-Q1": (2, 15, 0, commits["c2"]),  # 23:30 at +02:00 is still March
        "2025-Q2": (2, 15, 0, commits["c2"]),
        "2025-Q3": (2, 15, 0, commits["c2"]),
        "2025-Q4": (2, 15, 0, commits["c2"]),  # the commit after v1 is not read
    }
    hinweise = {v.mitglied: v.hinweis for v in result.verlaeufe}
    assert cells["Kreis D"] == {} and hinweise["Kreis D"] == "kein git-Repository"
    assert cells["Blaupause"] == {} and "keine git-Geschichte" in str(hinweise["Blaupause"])
    assert hinweise["Gemeinde A"] is None


def test_counts_are_cached_per_commit(network: tuple[Path, dict[str, str]],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = network
    first = _stand(root, 5)

    def no_reads(*args: object, **kwargs: object) -> object:
        raise AssertionError("a cached count read a blob")

    monkeypatch.setattr("prozesskit.gitio.read_blobs", no_reads)
    assert _cells(_stand(root, 5)) == _cells(first)


def test_renderings(network: tuple[Path, dict[str, str]]) -> None:
    root, commits = network
    result = _stand(root, 2)
    assert result.quartale == ("2025-Q3", "2025-Q4")
    text = render_stand(result, "text")
    line = next(x for x in text.splitlines() if x.startswith("Gemeinde A"))
    assert line.split() == ["Gemeinde", "A", "1/14", "2/14", "14", "%"]
    assert "kein git-Repository" in text
    md = render_stand(result, "markdown")
    assert "| Stadt C | 2/15 | 2/15 | 13 % |" in md
    rows = render_stand(result, "csv").splitlines()
    assert rows[0].startswith("Mitglied;Quartal;Commit;Datum;Steckbriefe;Aktiv;Modelliert")
    assert f"Gemeinde B;2025-Q4;{commits['b4']};2025-10-02;15;15;1;1;0;7;" in rows
    assert "Kreis D;;;;;;;;;;kein git-Repository" in rows
    data = json.loads(render_stand(result, "json"))
    assert data["quartale"] == ["2025-Q3", "2025-Q4"]
    a = next(m for m in data["mitglieder"] if m["name"] == "Gemeinde A")
    assert a["quartale"]["2025-Q4"] == {"commit": commits["a4"], "datum": "2025-11-03",
                                        "steckbriefe": 15, "aktiv": 14, "modelliert": 2,
                                        "in_arbeit": 0, "nicht_lesbar": 0}


def test_cli_stand(network: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = network
    code, out, err = run_cli(["netz", str(root / "netz.yaml"), "--ansicht", "stand",
                              "--quartale", "3", "--format", "csv"], monkeypatch, capsys)
    assert code == 0, err
    assert "Gemeinde A;2025-Q4;" in out
    assert ";2025-Q1;" not in out  # three quarters: Q2 to Q4


def test_history_reads_are_bounded(network: tuple[Path, dict[str, str]]) -> None:
    from prozesskit import gitio
    from prozesskit.errors import GitError

    root, commits = network
    with pytest.raises(GitError, match="größer als"):
        gitio.first_parent_changes(root / "a", commits["a4"], "steckbriefe/", max_bytes=100)
    changes = gitio.first_parent_changes(root / "a", commits["a4"], "steckbriefe/")
    assert [sha for sha, _, _ in changes] == [commits[k] for k in ("a1", "a2", "a3", "a4")]
    blob = changes[1][2][f"{SONDER}.yaml"]
    assert blob is not None
    raw = (root / "a" / "steckbriefe" / f"{SONDER}.yaml").read_bytes()
    assert blob_id(raw) == blob
    assert gitio.read_blobs(root / "a", [blob], len(raw)) == {blob: raw}
    assert gitio.read_blobs(root / "a", [blob], len(raw) - 1) == {blob: None}  # too large


@pytest.mark.parametrize("ansicht", ["matrix", "priorisierung", "arbeitsteilung", "stand"])
def test_html_page_per_view(network: tuple[Path, dict[str, str]], ansicht: str,
                            monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = network
    code, out, err = run_cli(["netz", str(root / "netz.yaml"), "--ansicht", ansicht,
                              "--format", "html"], monkeypatch, capsys)
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert "Content-Security-Policy" in out and "<script" not in out
    if ansicht == "priorisierung":  # no member gave Kennzahlen
        assert "<p>(keine)</p>" in out
    else:
        assert out.count("<table>") >= 1 and '<th scope="col">' in out
    if ansicht == "stand":
        assert '<th scope="row">Gemeinde A</th><td>–</td><td>–</td><td>–</td><td>–</td>' \
               '<td>0/15</td><td>1/14</td><td>1/14</td><td>2/14</td><td>14 %</td>' in out
    if ansicht == "matrix":
        assert '<th scope="col">Gemeinde B</th>' in out


def test_xlsx_needs_an_output_file(network: tuple[Path, dict[str, str]], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    root, _ = network
    code, _out, err = run_cli(["netz", str(root / "netz.yaml"), "--format", "xlsx"],
                              monkeypatch, capsys)
    assert code == 2 and "-o DATEI.xlsx" in err
    target = tmp_path / "stand.xlsx"
    code, _out, err = run_cli(["netz", str(root / "netz.yaml"), "--ansicht", "stand",
                               "--quartale", "2", "--format", "xlsx", "-o", str(target)],
                              monkeypatch, capsys)
    assert code == 0, err
    sheet = openpyxl.load_workbook(target)["Stand"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mitglied", "2025-Q3", "2025-Q4", "Anteil"]
    assert rows[1] == ["Gemeinde A", "1/14", "2/14", "14 %"]
    assert rows[4] == ["Kreis D", None, None, "kein git-Repository"]


def test_a_damaged_cache_is_recomputed(network: tuple[Path, dict[str, str]]) -> None:
    from prozesskit.settings import cache_root

    root, _ = network
    first = _cells(_stand(root, 5))
    cache = cache_root() / "netz-stand-v1.json"
    entries = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps({key: ["2025-01-01", "x", 1, 2, 3, True]
                                 for key in entries}), encoding="utf-8")
    assert _cells(_stand(root, 5)) == first  # wrong types: counted again
    cache.write_bytes(b"\xff kein json")
    assert _cells(_stand(root, 5)) == first
