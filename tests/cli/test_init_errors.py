"""``init`` fails in German, names what is wrong and exits 2: never exit 3, never English."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from helpers import REPO, run_cli

GEMEINDE = ["--name", "Gemeinde Musterdorf", "--ags", "05999002"]
SPEC = ["--installieren", "prozesskit @ git+https://example.invalid/netz/prozesskit.git@v0.1.0"]


def _catalogue_repo(tmp_path: Path) -> Path:
    source = tmp_path / "netz-blaupause"
    shutil.copytree(REPO / "blueprints", source)
    repo = git.Repo.init(source)
    repo.git.add(A=True)
    repo.index.commit("Blaupause 2026.1")
    repo.create_tag("v2026.1")
    return source


def test_target_below_a_file_is_a_german_error_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run_cli(["init", "-b", "gemeinde", str(blocker / "reg"), *GEMEINDE],
                           monkeypatch, capsys)
    assert code == 2, err
    assert f"Kann nicht nach '{blocker / 'reg'}' schreiben" in err
    assert "Datei, kein Ordner" in err and "Unerwarteter" not in err


def test_target_where_even_root_may_not_write(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """/sys refuses new entries to every user, root included (tests run as root)."""
    target = Path("/sys/prozesskit-test-register")
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *GEMEINDE, "--bereich", "02"],
                           monkeypatch, capsys)
    assert code == 2, err
    assert f"Kann nicht nach '{target}' schreiben" in err and "(/sys)" in err
    assert not target.exists()


@pytest.mark.parametrize(("platform", "blocker"), [
    ("github", ".github"),  # a file where the workflow folder belongs
    ("gitlab", ".gitlab-ci.yml/x"),  # a folder where the pipeline file belongs
])
def test_ci_into_a_register_that_cannot_take_it(
    platform: str, blocker: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "reg"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *GEMEINDE, "--bereich", "02"],
                           monkeypatch, capsys)
    assert code == 0, err
    (target / blocker).parent.mkdir(parents=True, exist_ok=True)
    (target / blocker).write_text("", encoding="utf-8")
    code, _, err = run_cli(["init", str(target), "--ci", platform, *SPEC], monkeypatch, capsys)
    assert code == 2, err
    assert str(target) in err and "Unerwarteter" not in err


def test_ags_of_wrong_length_is_explained_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["init", "-b", "gemeinde", str(tmp_path / "reg"), "--name", "G",
                            "--ags", "0599912"], monkeypatch, capsys)
    assert code == 2
    assert "'0599912' ist kein amtlicher Schlüssel" in err
    assert "5-stelligen Kreisschlüssel" in err and "8-stelligen" in err
    assert "String should" not in err and "pattern" not in err
    assert not (tmp_path / "reg").exists()


def test_url_without_blueprint_name_asks_for_it_with_an_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _catalogue_repo(tmp_path)
    spec = f"{source.as_uri()}@v2026.1"
    code, _, err = run_cli(["init", "-b", spec, str(tmp_path / "reg"), *GEMEINDE],
                           monkeypatch, capsys)
    assert code == 2
    assert "--typ fehlt" not in err
    assert "mehrere Blaupausen (gemeinde, kreis, kreisfreie-stadt, stadt)" in err
    assert f"--blueprint '{spec}#gemeinde'" in err


def test_missing_local_blueprint_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gibt-es-nicht"
    code, _, err = run_cli(["init", "-b", f"{missing}#kreis", str(tmp_path / "reg"), *GEMEINDE],
                           monkeypatch, capsys)
    assert code == 2
    assert f"Den Ordner '{missing}' gibt es nicht" in err
    assert "nicht erkannt" not in err


def test_misspelt_builtin_blueprint_gets_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["init", "-b", "kries", str(tmp_path / "reg"), *GEMEINDE],
                           monkeypatch, capsys)
    assert code == 2 and "Meinten Sie 'kreis'?" in err


def test_unknown_ref_names_repository_and_how_to_list_refs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _catalogue_repo(tmp_path)
    code, _, err = run_cli(["init", "-b", f"{source.as_uri()}@v9.9#gemeinde",
                            str(tmp_path / "reg"), *GEMEINDE], monkeypatch, capsys)
    assert code == 2
    assert "Needed a single revision" not in err and "fatal" not in err
    assert ("Die Version 'v9.9' (Tag, Branch oder Commit) gibt es im Repository "
            f"{source.as_uri()} nicht") in err
    assert "git ls-remote --tags --heads" in err


def test_usage_error_is_german_without_placeholders(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["init", "--ci", "github"], monkeypatch, capsys)
    assert code == 2
    usage, hilfe = err.splitlines()[:2]  # the program name depends on how it was started
    assert usage.startswith("Aufruf: ") and usage.endswith("prozesskit init [OPTIONEN] ZIEL")
    assert hilfe.startswith("Hilfe: ") and hilfe.endswith("prozesskit init --help")
    assert "Fehler: Argument 'ZIEL' fehlt." in err
    for english in ("Usage", "Try", "Missing", "Error", "{"):
        assert english not in err


def test_help_usage_line_is_german(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["init", "--help"], monkeypatch, capsys)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("Aufruf: ") and first.endswith("prozesskit init [OPTIONEN] ZIEL")
    assert "{" not in out and "<str>" not in out
    assert "Argumente:" in out and "Optionen:" in out and "[Pflicht]" in out
    assert "Diese Hilfe anzeigen und beenden." in out
    for english in ("Usage", "Arguments", "Options", "Show this message", "[required]"):
        assert english not in out


def test_unknown_option_is_german(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["init", "reg", "--gibtsnicht"], monkeypatch, capsys)
    assert code == 2 and "Fehler: Unbekannte Option --gibtsnicht." in err


def test_count_has_thousands_separator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalogue with more than 999 processes for one Blaupause (networks merge catalogues)."""
    source = tmp_path / "gross"
    shutil.copytree(REPO / "blueprints", source)
    extra = source / "prozesse" / "99-gross.yaml"
    lines = []
    for index in range(1200):
        lines += [f"- id: zusatzprozess-{index:04d}-bearbeiten",
                  f"  name: Zusatzvorgang {index} bearbeiten",
                  "  produkt:", "    bereich: '01'", "  ebenen: [gemeinde]",
                  "  quelle:", "    hinweis: Test"]
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    katalog = source / "katalog.yaml"
    text = katalog.read_text(encoding="utf-8")
    katalog.write_text(text.replace("dateien:\n", "dateien:\n  - prozesse/99-gross.yaml\n", 1),
                       encoding="utf-8")
    code, out, err = run_cli(["init", "-b", f"{source}#gemeinde", str(tmp_path / "reg"),
                              *GEMEINDE], monkeypatch, capsys)
    assert code == 0, err
    count = len(list((tmp_path / "reg" / "steckbriefe").glob("*.yaml")))
    assert count > 1600
    assert f"mit {count // 1000}.{count % 1000:03d} Steckbriefen" in out
