"""``--changed-since``: only files changed against a ref are reported (real git repo)."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from helpers import run_cli


def test_only_changed_files_are_reported(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    steckbriefe = example / "steckbriefe"
    (steckbriefe / "alt.yaml").write_text("id: alt\nname: kaputt\n", encoding="utf-8")
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    (steckbriefe / "neu.yaml").write_text("id: neu\nname: auch kaputt\n", encoding="utf-8")
    code, out, _ = run_cli(
        ["validate", str(example), "--changed-since", "HEAD", "-f", "json"], monkeypatch, capsys
    )
    files = {p["file"] for p in json.loads(out)["problems"]}
    assert code == 1
    assert files == {"steckbriefe/neu.yaml"}


def test_bad_ref_is_usage_error(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    code, _, err = run_cli(
        ["validate", str(example), "--changed-since", "gibtsnicht"], monkeypatch, capsys
    )
    assert code == 2 and "git" in err


def test_changed_file_with_umlaut_and_tilde_ref(example: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("eins")
    (example / "steckbriefe" / "notiz.txt").write_text("x", encoding="utf-8")
    repo.git.add(A=True)
    repo.index.commit("zwei")
    (example / "steckbriefe" / "büro-einrichten.yaml").write_text("id: x\n", encoding="utf-8")
    code, out, _ = run_cli(["validate", str(example), "--changed-since", "HEAD~1", "-f",
                            "json"], monkeypatch, capsys)
    assert code == 1
    assert {p["file"] for p in json.loads(out)["problems"]} == {
        "steckbriefe/büro-einrichten.yaml"}


def test_outside_git_is_a_clear_german_error(example: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", str(example), "--changed-since", "main"], monkeypatch,
                           capsys)
    assert code == 2 and "git-Repository" in err and len(err.splitlines()) <= 2


def test_deleting_a_model_reports_the_steckbrief_that_needs_it(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    (example / "modelle" / "baugenehmigung-erteilen.soll.bpmn").unlink()
    code, out, _ = run_cli(["validate", str(example), "--changed-since", "HEAD", "-f", "json"],
                           monkeypatch, capsys)
    found = {(p["file"], p["rule"]) for p in json.loads(out)["problems"]}
    assert code == 1
    assert ("steckbriefe/baugenehmigung-erteilen.yaml", "PK-S008") in found


def test_register_rules_see_unchanged_files_without_cache(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    source = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    (example / "steckbriefe" / "aaa-kopie.yaml").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli(["validate", str(example), "--changed-since", "HEAD", "--no-cache",
                            "-f", "json"], monkeypatch, capsys)
    found = {(p["file"], p["rule"]) for p in json.loads(out)["problems"]}
    assert code == 1
    assert ("steckbriefe/aaa-kopie.yaml", "PK-S005") in found  # file name ≠ id
    assert any(rule == "PK-S006" for _, rule in found)  # same id as an unchanged file


@pytest.mark.parametrize("cache", ["memo", "--no-cache"])
def test_manifest_counts_only_when_it_changed(
    cache: str, example: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    extra = [] if cache == "memo" else [cache]
    if cache == "memo":  # a remembered run, filtered to the changes (engine.only_changed)
        assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    steckbrief = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    steckbrief.write_text(steckbrief.read_text(encoding="utf-8") + "# geändert\n",
                          encoding="utf-8")
    args = ["validate", str(example), "--changed-since", "HEAD", *extra]
    code, out, _ = run_cli(args, monkeypatch, capsys)
    assert (code, out.strip()) == (0, "✔ Keine Probleme in 1 Datei")
    code, out, _ = run_cli([*args, "-f", "json"], monkeypatch, capsys)
    assert json.loads(out)["summary"]["files"] == 1
    manifest = example / "prozesskit.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "# geändert\n", encoding="utf-8")
    code, out, _ = run_cli(args, monkeypatch, capsys)
    assert (code, out.strip()) == (0, "✔ Keine Probleme in 2 Dateien")


def test_nothing_changed_says_no_file_was_checked(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    code, out, _ = run_cli(["validate", str(example), "--changed-since", "HEAD"],
                           monkeypatch, capsys)
    assert (code, out.strip()) == (0, "✔ Keine Probleme (keine Datei geprüft)")


def test_model_of_a_changed_steckbrief_is_found_through_the_one_path_normaliser(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a memo, ``--changed-since`` reads the models changed Steckbriefe point to, for
    PK-S030. It looked them up by the raw ``datei``: './modelle/x.bpmn' found no model, so
    a renamed Steckbrief went unreported in CI (PK-S008 accepts the same path)."""
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    path = example / "steckbriefe" / "gewerbeanmeldung-entgegennehmen.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Gewerbeanmeldung entgegennehmen", "name: Gewerbe anmelden", 1)
    text = text.replace("datei: modelle/", "datei: ./modelle/", 1)
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(["validate", str(example), "--changed-since", "HEAD", "--no-cache",
                            "-f", "json"], monkeypatch, capsys)
    rules = {p["rule"] for p in json.loads(out)["problems"]}
    assert "PK-S030" in rules and "PK-S008" not in rules, out
    assert code in (0, 1)


def test_git_answers_are_waited_for_only_when_validate_needs_them(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``start_changed_files`` starts git at once and answers later (validate reads its memo
    meanwhile); the result equals the set handed over directly, with and without a memo."""
    import subprocess

    from prozesskit import gitio
    from prozesskit.validation.engine import ValidateOptions, validate

    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Stand")
    (example / "steckbriefe" / "neu.yaml").write_text("id: neu\nname: kaputt\n",
                                                      encoding="utf-8")
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], **kwargs: object) -> object:
        started.append(list(args))
        return real_popen(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(gitio.subprocess, "Popen", popen)
    pending = gitio.start_changed_files(example, "HEAD")
    assert [args[1] for args in started] == ["rev-parse", "rev-parse", "diff", "ls-files"]
    eager = gitio.changed_files(example, "HEAD")
    assert pending() == eager == {"steckbriefe/neu.yaml"}
    for use_cache in (False, True, True):  # no memo; a full run remembered; from the memo
        lazy = validate([example], ValidateOptions(
            use_cache=use_cache, changed=gitio.start_changed_files(example, "HEAD")))
        direct = validate([example], ValidateOptions(use_cache=use_cache, changed=eager))
        assert lazy == direct and {p.file for p in lazy.problems} == {"steckbriefe/neu.yaml"}
