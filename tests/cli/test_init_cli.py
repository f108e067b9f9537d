"""``prozesskit init`` end to end: each Blaupause, git, refusal, non-TTY, round-trip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest

from helpers import run_cli
from prozesskit.yamlio.edit import dump_text, load_text

MINIMUM = {"kreis": 450, "stadt": 450, "gemeinde": 250, "kreisfreie-stadt": 700}
ARGS = {
    "kreis": ["--name", "Kreis Musterland", "--ags", "05999"],
    "stadt": ["--name", "Stadt Musterstadt", "--ags", "05999001"],
    "gemeinde": ["--name", "Gemeinde Musterdorf", "--ags", "05999002"],
    "kreisfreie-stadt": ["--name", "Stadt Musterhausen", "--ags", "05998000"],
}


@pytest.mark.parametrize("blueprint", sorted(MINIMUM))
def test_init_then_validate_is_clean(
    blueprint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / blueprint
    code, out, err = run_cli(
        ["init", "--blueprint", blueprint, str(target), *ARGS[blueprint], "--git"],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    steckbriefe = sorted((target / "steckbriefe").glob("*.yaml"))
    assert len(steckbriefe) >= MINIMUM[blueprint]
    assert (target / ".prozesskit/schemas/steckbrief.schema.json").is_file()
    repo = git.Repo(target)
    assert not repo.is_dirty(untracked_files=True)
    assert len(list(repo.iter_commits())) == 1
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 0, out[-2000:]
    first = steckbriefe[0].read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../.prozesskit/schemas/")
    assert "herkunft:\n  art: blaupause\n" in first


def test_written_files_round_trip_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "reg"
    code, _, err = run_cli(
        ["init", "-b", "gemeinde", str(target), *ARGS["gemeinde"]], monkeypatch, capsys
    )
    assert code == 0, err
    for path in [target / "prozesskit.yaml", *sorted(target.glob("steckbriefe/*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        assert dump_text(load_text(text, str(path))) == text, path


def test_only_some_produktbereiche(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "reg"
    code, _, err = run_cli(
        ["init", "-b", "kreis", str(target), *ARGS["kreis"], "--bereich", "02", "--bereich", "05"],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    for path in target.glob("steckbriefe/*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "bereich: '02'" in text or "bereich: '05'" in text


def test_refuses_non_empty_target_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "reg"
    target.mkdir()
    (target / "notiz.txt").write_text("meins", encoding="utf-8")
    code, _, err = run_cli(
        ["init", "-b", "kreis", str(target), *ARGS["kreis"]], monkeypatch, capsys
    )
    assert code == 2 and "nicht leer" in err and "--force" in err
    assert sorted(p.name for p in target.iterdir()) == ["notiz.txt"]
    code, _, err = run_cli(
        ["init", "-b", "kreis", str(target), *ARGS["kreis"], "--force"], monkeypatch, capsys
    )
    assert code == 0, err
    assert (target / "notiz.txt").read_text(encoding="utf-8") == "meins"


def test_missing_data_without_terminal_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        ["init", "-b", "kreis", str(tmp_path / "reg"), "--ags", "05999"], monkeypatch, capsys
    )
    assert code == 2 and "--name fehlt" in err
    assert not (tmp_path / "reg").exists()


def test_wrong_ags_for_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        ["init", "-b", "kreis", str(tmp_path / "reg"), "--name", "K", "--ags", "05999001"],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "Kreisschlüssel" in err
    assert not (tmp_path / "reg").exists()


def test_blueprint_from_git_url_records_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from helpers import REPO

    source = tmp_path / "netz-blaupause"
    shutil.copytree(REPO / "blueprints", source)
    repo = git.Repo.init(source)
    repo.git.add(A=True)
    commit = repo.index.commit("Blaupause 2026.1")
    repo.create_tag("v2026.1")
    target = tmp_path / "reg"
    code, _, err = run_cli(
        ["init", "-b", f"{source.as_uri()}@v2026.1#gemeinde", str(target), *ARGS["gemeinde"]],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    manifest = (target / "prozesskit.yaml").read_text(encoding="utf-8")
    assert f"commit: {commit.hexsha}" in manifest
    assert source.as_uri() in manifest


@pytest.mark.parametrize(("platform", "path", "needle"), [
    ("gitlab", ".gitlab-ci.yml", "codequality: gl-code-quality-report.json"),
    ("github", ".github/workflows/prozesskit.yml", "upload-sarif"),
])
def test_ci_template_into_new_and_existing_register(
        platform: str, path: str, needle: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    spec = "prozesskit @ git+https://example.invalid/netz/prozesskit.git@v0.1.0"
    target = tmp_path / "reg"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *ARGS["gemeinde"], "--ci",
                            platform, "--installieren", spec, "--git"], monkeypatch, capsys)
    assert code == 0, err
    text = (target / path).read_text(encoding="utf-8")
    assert needle in text and "prozesskit validate" in text
    assert isinstance(yaml.safe_load(text), dict)
    assert f'PROZESSKIT_PIP_SPEC: "{spec}"' in text
    # the same template again is no conflict; another one needs --force
    code, _, err = run_cli(["init", str(target), "--ci", platform, "--installieren", spec],
                           monkeypatch, capsys)
    assert code == 0, err
    other = spec.replace("v0.1.0", "v0.2.0")
    code, _, err = run_cli(["init", str(target), "--ci", platform, "--installieren", other],
                           monkeypatch, capsys)
    assert code == 2 and "--force" in err
    assert f'"{spec}"' in (target / path).read_text(encoding="utf-8")
    code, _, err = run_cli(["init", str(target), "--ci", platform, "--installieren", other,
                            "--force"], monkeypatch, capsys)
    assert code == 0, err
    assert f'"{other}"' in (target / path).read_text(encoding="utf-8")


def test_ci_template_needs_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["init", str(tmp_path), "--ci", "gitlab", "--installieren",
                            "werkzeuge/prozesskit-0.1.0-py3-none-any.whl"], monkeypatch, capsys)
    assert code == 2 and "kein Register" in err


def _evil_catalogue(tmp_path: Path, entry_id: str) -> Path:
    import shutil

    from helpers import REPO

    source = tmp_path / "fremd"
    shutil.copytree(REPO / "blueprints", source)
    first = sorted((source / "prozesse").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    old_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
    first.write_text(text.replace(f"- id: {old_id}", f"- id: {entry_id}", 1), encoding="utf-8")
    return source


@pytest.mark.parametrize("entry_id", ["../../ausgebrochen", "'/etc/x'", "ABC"])
def test_untrusted_catalogue_cannot_escape_target(
        entry_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = _evil_catalogue(tmp_path, entry_id)
    work = tmp_path / "arbeit"
    work.mkdir()
    code, _, err = run_cli(["init", "-b", f"{source}#gemeinde", str(work / "reg"),
                            *ARGS["gemeinde"]], monkeypatch, capsys)
    assert code == 2 and "ungültiger id" in err
    assert list(work.iterdir()) == []
    assert not list(tmp_path.glob("**/ausgebrochen.yaml"))


def test_written_register_has_normal_permissions(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import os

    target = tmp_path / "reg"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *ARGS["gemeinde"],
                            "--bereich", "02"], monkeypatch, capsys)
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (target / "prozesskit.yaml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_ci_template_of_a_register_in_a_subfolder_goes_to_the_repository_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    spec = "prozesskit @ git+https://example.invalid/netz/prozesskit.git@v0.1.0"
    repo = tmp_path / "repo"
    git.Repo.init(repo)
    target = repo / "register"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *ARGS["gemeinde"],
                            "--bereich", "02"], monkeypatch, capsys)
    assert code == 0, err
    code, out, err = run_cli(["init", str(target), "--ci", "github", "--installieren", spec],
                             monkeypatch, capsys)
    assert code == 0, err
    workflow = repo / ".github/workflows/prozesskit.yml"
    assert str(workflow) in out and not (target / ".github").exists()
    assert yaml.safe_load(workflow.read_text(encoding="utf-8"))["env"] == {
        "PROZESSKIT_PIP_SPEC": spec, "PROZESSKIT_REGISTER": "register"}
    # a new register with --ci in the same repository: its pipeline at the root as well
    code, _, err = run_cli(["init", "-b", "gemeinde", str(repo / "zweites"), *ARGS["gemeinde"],
                            "--bereich", "02", "--ci", "gitlab", "--installieren", spec],
                           monkeypatch, capsys)
    assert code == 0, err
    pipeline = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["PROZESSKIT_REGISTER"] == "zweites"
    assert not (repo / "zweites" / ".gitlab-ci.yml").exists()
    # a differing pipeline at the root stops the new register before anything is written
    code, _, err = run_cli(["init", "-b", "gemeinde", str(repo / "drittes"), *ARGS["gemeinde"],
                            "--bereich", "02", "--ci", "gitlab", "--installieren",
                            spec.replace("v0.1.0", "v0.2.0")], monkeypatch, capsys)
    assert code == 2 and "--force" in err
    assert not (repo / "drittes").exists()


def test_ci_workflow_names_the_branch_that_is_pushed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """git without ``init.defaultBranch`` (Debian's and Ubuntu's servers) creates ``master``;
    a workflow that checks and publishes only ``main`` then never runs on pushes."""
    import yaml

    spec = "prozesskit @ git+https://example.invalid/netz/prozesskit.git@v0.1.0"
    target = tmp_path / "neu"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *ARGS["gemeinde"],
                            "--bereich", "02", "--git", "--ci", "github",
                            "--installieren", spec], monkeypatch, capsys)
    assert code == 0, err
    assert git.Repo(target).active_branch.name == "main"
    workflow = yaml.safe_load((target / ".github/workflows/prozesskit.yml").read_text(
        encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    # an existing repository on master: the workflow follows it
    repo = tmp_path / "alt"
    subprocess.run(["git", "init", "-q", "-b", "master", str(repo)], check=True)
    code, _, err = run_cli(["init", "-b", "gemeinde", str(repo / "register"),
                            *ARGS["gemeinde"], "--bereich", "02", "--ci", "github",
                            "--installieren", spec], monkeypatch, capsys)
    assert code == 0, err
    text = (repo / ".github/workflows/prozesskit.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow[True]["push"]["branches"] == ["master"]
    assert workflow["jobs"]["site"]["if"].endswith("github.ref == 'refs/heads/master'")
    assert "main" not in text


def test_the_suggested_commands_can_be_pasted_with_spaces_in_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Network drives and Windows folders nearly always have spaces ("Prozessregister Stadt
    X"): the printed ``Weiter:`` and ``Nach dem Bearbeiten:`` lines must run as printed."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "-b", "gemeinde", "Prozessregister Müß",
                              *ARGS["gemeinde"], "--bereich", "02"], monkeypatch, capsys)
    assert code == 0, err
    weiter = next(line for line in out.splitlines() if line.startswith("Weiter: "))
    assert weiter == 'Weiter: cd "Prozessregister Müß" && prozesskit validate'
    shown = subprocess.run(["bash", "-c", weiter.removeprefix("Weiter: ").replace(
        "prozesskit validate", "pwd")], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == str(tmp_path / "Prozessregister Müß")
    code, out, err = run_cli(["export", "-o", "Werkstatt Tabelle.xlsx", "Prozessregister Müß"],
                             monkeypatch, capsys)
    assert code == 0, err
    assert 'prozesskit import-xlsx "Werkstatt Tabelle.xlsx" "Prozessregister Müß"' in out


def test_ci_added_on_a_feature_branch_names_the_branch_merged_into(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """CI is usually added by a merge request: the workflow must name main, not the feature
    branch it was written on (a branch name is a YAML string even when it looks like 1.10)."""
    import yaml

    spec = "prozesskit @ git+https://example.invalid/netz/prozesskit.git@v0.1.0"
    repo = tmp_path / "repo"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(repo), *ARGS["gemeinde"],
                            "--bereich", "02", "--git"], monkeypatch, capsys)
    assert code == 0, err
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-b", "feature/ci"], check=True)
    code, _, err = run_cli(["init", str(repo), "--ci", "github", "--installieren", spec],
                           monkeypatch, capsys)
    assert code == 0, err
    workflow = yaml.safe_load((repo / ".github/workflows/prozesskit.yml").read_text(
        encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["jobs"]["site"]["if"].endswith("'refs/heads/main'")
    from prozesskit.init.citemplates import render

    _, text = render("github", spec, ".", "1.10")
    assert yaml.safe_load(text)[True]["push"]["branches"] == ["1.10"]


@pytest.mark.parametrize(("blaupause", "typ", "fitting"), [
    ("gemeinde", "kreisfreie_stadt", "kreisfreie-stadt"),
    ("kreisfreie-stadt", "gemeinde", "gemeinde"),
    ("kreis", "mittlere_kreisangehoerige_stadt", "stadt"),
])
def test_typ_contradicting_the_blueprint_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    blaupause: str, typ: str, fitting: str,
) -> None:
    """Finding 11.10: a Gemeinde with 760 Kreis processes was made without a word."""
    ags = "05999" if typ == "kreis" else "05999001"
    code, _, err = run_cli(["init", "-b", blaupause, str(tmp_path / "reg"), "--name", "R",
                            "--ags", ags, "--typ", typ, "--bereich", "16"], monkeypatch, capsys)
    assert code == 0, err
    assert f"Hinweis: Typ '{typ}', aber Blaupause '{blaupause}'" in err
    assert f"die Blaupause für diesen Typ ist '{fitting}'" in err
    assert f"typ: {typ}" in (tmp_path / "reg" / "prozesskit.yaml").read_text("utf-8")


def test_typ_fitting_the_blueprint_gets_no_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["init", "-b", "stadt", str(tmp_path / "reg"), "--name", "R",
                            "--ags", "05999001", "--typ", "gemeinde", "--bereich", "16"],
                           monkeypatch, capsys)
    assert code == 0 and "Hinweis" not in err, err
