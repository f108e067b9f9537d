"""A private library cloned with a token in its URL (``https://oauth2:TOKEN@host/…``, how
GitLab/openCode CI clones): the token is used, but never written into the register (lock,
manifest, Steckbrief ``herkunft`` are committed and pushed) nor printed (CI logs).

No network: git's own ``url.<base>.insteadOf`` (in the test's $HOME/.gitconfig, the way a
runner is configured) maps the https URL to a real local repository, so git, the clone
cache, import and update run for real."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import REPO, empty_register, example_library, git, run_cli
from prozesskit.credentials import scrubbed, without_credentials

TOKEN = "glpat-geheim4711"
WITH_TOKEN = f"https://oauth2:{TOKEN}@git.example.de/netz/bibliothek.git"
PLAIN = "https://git.example.de/netz/bibliothek.git"


@pytest.mark.parametrize(("spec", "kept"), [
    (f"{WITH_TOKEN}@v1", f"{PLAIN}@v1"),
    ("https://ghp_geheim@github.com/netz/b.git", "https://github.com/netz/b.git"),
    ("HTTPS://u:p@host/x.git#unter", "HTTPS://host/x.git#unter"),
    ("ssh://git:geheim@host/x.git@v2", "ssh://git@host/x.git@v2"),
    # the prefix register sources and extends accept (security review, session 10)
    ("git+https://ghp_geheim@github.com/o/r", "git+https://github.com/o/r"),
    ("GIT+HTTPS://oauth2:glpat-x@host/r.git@v1#k.yaml", "GIT+HTTPS://host/r.git@v1#k.yaml"),
    ("git+ssh://git:geheim@host/x.git", "git+ssh://git@host/x.git"),
    ("file://ghp_geheim@localhost/srv/r.git", "file://localhost/srv/r.git"),
    ("ssh://git@host/x.git@v2", "ssh://git@host/x.git@v2"),  # the user name is needed
    ("git@git.example.de:netz/a.git@main", "git@git.example.de:netz/a.git@main"),
    ("https://host/pfad/mit@zeichen.git", "https://host/pfad/mit@zeichen.git"),
    ("../kreis-register", "../kreis-register"),
    ("prozesskit:kreis", "prozesskit:kreis"),
])
def test_without_credentials(spec: str, kept: str) -> None:
    assert without_credentials(spec) == kept


def test_scrubbed_finds_every_url_in_a_sentence() -> None:
    text = (f"Die Version 'v9' gibt es im Repository {WITH_TOKEN} nicht. Vorhandene zeigt: "
            f"git ls-remote --tags '{WITH_TOKEN}'; Kontakt: prozesse@kreis.example.de")
    assert scrubbed(text) == (
        f"Die Version 'v9' gibt es im Repository {PLAIN} nicht. Vorhandene zeigt: "
        f"git ls-remote --tags '{PLAIN}'; Kontakt: prozesse@kreis.example.de")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The example library as a local repository that git reaches under both https URLs."""
    repo = example_library(tmp_path / "bibliothek")
    gitconfig = Path(os.environ["HOME"]) / ".gitconfig"
    gitconfig.parent.mkdir(parents=True, exist_ok=True)
    gitconfig.write_text(f'[url "file://{repo}"]\n\tinsteadOf = {WITH_TOKEN}\n'
                         f"\tinsteadOf = {PLAIN}\n", encoding="utf-8")
    return repo


def _member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty member register, the working directory of the commands."""
    register = empty_register(tmp_path / "mitglied")
    monkeypatch.chdir(register)
    return register


def _written(register: Path) -> dict[str, str]:
    return {str(path.relative_to(register)): path.read_text(encoding="utf-8")
            for path in register.rglob("*") if path.is_file() and ".prozesskit" not in path.parts
            and ".git" not in path.parts}


def test_import_with_a_token_writes_and_prints_no_token(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    register = _member(tmp_path, monkeypatch)
    code, out, err = run_cli(["import", f"{WITH_TOKEN}@v1", "--alle"], monkeypatch, capsys)
    assert code == 0, err
    assert TOKEN not in out + err
    files = _written(register)
    assert len([name for name in files if name.startswith("steckbriefe/")]) > 1
    leaked = [name for name, text in files.items() if TOKEN in text]
    assert leaked == []
    assert PLAIN in files["prozesskit.lock"] and PLAIN in files["prozesskit.yaml"]

    # the same library named again, with or without token: the same source, nothing new
    for spec in (f"{WITH_TOKEN}@v1", f"{PLAIN}@v1"):
        code, out, err = run_cli(["diff", spec], monkeypatch, capsys)
        assert code == 0, err
        assert TOKEN not in out + err
    lock = files["prozesskit.lock"]
    assert lock.count('"art": "git"') == 1

    # a newer version, taken by update through the recorded URL (git's insteadOf supplies
    # access, as a credential helper would on a runner)
    (library / "README.md").write_text("v2\n", encoding="utf-8")
    git(library, "add", "-A")
    git(library, "commit", "-qm", "v2")
    git(library, "tag", "v2")
    code, out, err = run_cli(["update", f"{WITH_TOKEN}@v2"], monkeypatch, capsys)
    assert code == 0, err
    assert TOKEN not in out + err
    assert [name for name, text in _written(register).items() if TOKEN in text] == []


def test_a_lock_written_by_an_older_prozesskit_with_the_token_is_the_same_source(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Registers that already hold a token (written before this fix) keep working: the
    source is recognised by its URL without credentials, not imported a second time."""
    register = _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{PLAIN}@v1", "--alle"], monkeypatch, capsys)[0] == 0
    lock = register / "prozesskit.lock"
    lock.write_text(lock.read_text(encoding="utf-8").replace(PLAIN, WITH_TOKEN),
                    encoding="utf-8")
    code, out, err = run_cli(["diff", f"{PLAIN}@v1"], monkeypatch, capsys)
    assert code == 0, err
    assert "nicht importiert" not in out and TOKEN not in out + err


@pytest.mark.parametrize("args", [
    ["import", f"{WITH_TOKEN.replace('git.example.de', '127.0.0.1:9')}@main", "--alle"],
    ["diff", f"{WITH_TOKEN.replace('git.example.de', '127.0.0.1:9')}@main"],
])
def test_errors_name_the_url_without_its_token(
        args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Port 9 on localhost refuses at once: no network is reached."""
    _member(tmp_path, monkeypatch)
    code, out, err = run_cli(args, monkeypatch, capsys)
    assert code == 2
    assert "https://127.0.0.1:9/netz/bibliothek.git" in err and TOKEN not in out + err


def test_a_version_that_does_not_exist_is_named_without_the_token(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _member(tmp_path, monkeypatch)
    code, out, err = run_cli(["import", f"{WITH_TOKEN}@v9", "--alle"], monkeypatch, capsys)
    assert code == 2 and "'v9'" in err
    assert TOKEN not in out + err and PLAIN in err


def test_update_names_an_unknown_source_without_its_token(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{PLAIN}@v1", "--alle"], monkeypatch, capsys)[0] == 0
    other = WITH_TOKEN.replace("bibliothek", "andere")
    code, out, err = run_cli(["update", f"{other}@main"], monkeypatch, capsys)
    assert code == 2 and "nichts importiert" in err
    assert PLAIN.replace("bibliothek", "andere") in err and TOKEN not in out + err


def _map_only(url: str, repo: Path) -> None:
    """git reaches ``repo`` under ``url`` only (a token that works; any other does not)."""
    gitconfig = Path(os.environ["HOME"]) / ".gitconfig"
    gitconfig.write_text(f'[url "file://{repo}"]\n\tinsteadOf = {url}\n', encoding="utf-8")


def _cache() -> Path:
    return Path(os.environ["PROZESSKIT_CACHE_DIR"])


def test_reports_and_the_clone_cache_hold_no_token(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{WITH_TOKEN}@v1", "--alle"], monkeypatch, capsys)[0] == 0
    code, out, err = run_cli(["diff", f"{WITH_TOKEN}@v1", "--format", "json"],
                             monkeypatch, capsys)
    assert code == 0, err
    assert TOKEN not in out + err and PLAIN in out  # "herkunft" of the JSON report
    configs = list(_cache().glob("repos/*.git/config"))
    assert configs and all(TOKEN not in path.read_text(encoding="utf-8") for path in configs)


def test_a_new_token_is_used_for_the_next_fetch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Tokens expire: the URL given now is fetched, not the one of the first clone."""
    repo = example_library(tmp_path / "bibliothek")
    _map_only(WITH_TOKEN, repo)
    _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{WITH_TOKEN}@v1", "--alle"], monkeypatch, capsys)[0] == 0
    (repo / "README.md").write_text("v2\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v2")
    git(repo, "tag", "v2")
    fresh = WITH_TOKEN.replace(TOKEN, "glpat-neu0815")
    _map_only(fresh, repo)  # the old token no longer works
    code, out, err = run_cli(["update", f"{fresh}@v2"], monkeypatch, capsys)
    assert code == 0, out + err
    assert "glpat-neu0815" not in out + err


def test_beitragen_reports_the_library_without_token(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Its result's URL is what the CLI prints ("Nichts beizutragen … (URL@v1)")."""
    from prozesskit.library.beitrag import beitragen

    register = _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{WITH_TOKEN}@v1", "--alle", "--mit-modellen"],
                   monkeypatch, capsys)[0] == 0
    result = beitragen(register, ["gewerbeanmeldung-entgegennehmen"], f"{WITH_TOKEN}@v1",
                       klon=tmp_path / "klon")
    assert result.url == PLAIN
    code, out, err = run_cli(["beitragen", "gewerbeanmeldung-entgegennehmen", "--an",
                              f"{WITH_TOKEN}@v1", "--klon", str(tmp_path / "klon2")],
                             monkeypatch, capsys)
    assert code == 0, err
    assert TOKEN not in out + err


def test_a_catalogue_behind_a_token_is_updated_with_the_token_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """init --blueprint URL-with-token records the URL without it; update with the token
    must clone with the token (on a fresh runner the cache is empty)."""
    katalog = tmp_path / "katalog"
    shutil.copytree(REPO / "blueprints", katalog)
    git(katalog, "init", "-q", "-b", "main")
    git(katalog, "add", "-A")
    git(katalog, "commit", "-qm", "v1")
    git(katalog, "tag", "v1")
    url = WITH_TOKEN.replace("bibliothek", "katalog")
    _map_only(url, katalog)
    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", f"{url}@v1#gemeinde", "--name", "G", "--ags",
                            "05999001", "--bereich", "11", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    assert [p for p in reg.rglob("*") if p.is_file() and ".git" not in p.parts
            and TOKEN in p.read_text(encoding="utf-8", errors="replace")] == []
    shutil.rmtree(_cache())  # a fresh runner
    code, out, err = run_cli(["update", f"{url}@v1", "-r", str(reg)], monkeypatch, capsys)
    assert code == 0, out + err
    assert TOKEN not in out + err


def test_a_manifest_written_with_the_token_still_names_the_same_library(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A prozesskit.yaml from before this fix holds the token: importing again must not
    list the library a second time."""
    register = _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{PLAIN}@v1", "gewerbeanmeldung-entgegennehmen"],
                   monkeypatch, capsys)[0] == 0
    manifest = register / "prozesskit.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(PLAIN, WITH_TOKEN),
                        encoding="utf-8")
    code, _, err = run_cli(["import", f"{PLAIN}@v1", "fahrzeug-zulassen"], monkeypatch, capsys)
    assert code == 0, err
    assert manifest.read_text(encoding="utf-8").count("url:") == 1


def test_a_mirror_cloned_by_an_older_prozesskit_loses_its_token_on_next_use(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Before the credentials fix, the cache's mirror kept the clone URL (with the token) as
    its ``origin``; that cache lives on in users' home folders and CI caches."""
    _member(tmp_path, monkeypatch)
    assert run_cli(["import", f"{WITH_TOKEN}@v1", "--alle"], monkeypatch, capsys)[0] == 0
    (mirror,) = _cache().glob("repos/*.git")
    git(mirror, "remote", "set-url", "origin", WITH_TOKEN)  # as an older version left it
    assert TOKEN in (mirror / "config").read_text(encoding="utf-8")
    code, out, err = run_cli(["update", f"{PLAIN}@main"], monkeypatch, capsys)
    assert code == 0, out + err
    config = (mirror / "config").read_text(encoding="utf-8")
    assert TOKEN not in config and f"url = {PLAIN}" in config


def test_a_git_plus_https_token_never_reaches_the_error_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``git+https://TOKEN@…`` (the prefix netz.yaml and extends accept) kept its token in
    the error on stderr, a CI log (security review, session 10)."""
    monkeypatch.setenv("PROZESSKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["netz", f"git+https://ghp_{TOKEN}@nonexistent.invalid/o/r"],
                             monkeypatch, capsys)
    assert code == 2, out + err
    assert TOKEN not in out + err and "nonexistent.invalid/o/r" in err
