"""Sources on real inputs: a folder, a real temporary git repository at a tag and a
branch, the built-in Blaupause (byte for byte what ``init`` writes), hostile specs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit import Source, SourceKind, open_source
from prozesskit.errors import GitError, InputError, PaketError, UsageError
from prozesskit.init.catalogue import builtin_root, load_catalogue


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A git repository holding the example register, tagged v1, then one edit on main."""
    repo = tmp_path / "bibliothek"
    shutil.copytree(EXAMPLE, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    _git(repo, "tag", "v1")
    path = repo / "steckbriefe" / "stelle-ausschreiben.yaml"
    path.write_text(path.read_text().replace("Stelle ausschreiben", "Stelle öffentlich "
                                             "ausschreiben"))
    _git(repo, "commit", "-qam", "v2")
    return repo


def test_parse_names_every_kind(tmp_path: Path) -> None:
    assert Source.parse("prozesskit:kreis") == Source(SourceKind.BLAUPAUSE, "kreis")
    assert Source.parse(str(EXAMPLE)).kind is SourceKind.ORDNER
    assert Source.parse(EXAMPLE).kind is SourceKind.ORDNER
    parsed = Source.parse("git+https://git.example/netz/bibliothek.git@v3#register")
    assert parsed == Source(SourceKind.GIT, "https://git.example/netz/bibliothek.git", "v3",
                            "register")
    assert str(parsed) == "https://git.example/netz/bibliothek.git@v3#register"
    assert Source.parse("git@git.example:netz/bib.git@v1") == Source(
        SourceKind.GIT, "git@git.example:netz/bib.git", "v1")
    (tmp_path / "paket.zip").write_bytes(b"PK")
    (tmp_path / "export.xml").write_text("<x/>")
    assert Source.parse(str(tmp_path / "paket.zip")).kind is SourceKind.PAKET
    assert Source.parse(str(tmp_path / "export.xml")).kind is SourceKind.XPROZESS
    assert Source.parse(tmp_path / "paket.zip").kind is SourceKind.PAKET  # a Path alike


@pytest.mark.parametrize("spec", ["ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/x",
                                  "http://git.example/bib.git", "fd::3"])
def test_code_running_or_clear_text_transports_are_refused(spec: str) -> None:
    with pytest.raises(GitError, match="abgelehnt"):
        Source.parse(spec)


def test_unknown_blaupause_and_kinds_not_built_yet(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="prozesskit:dorf' gibt es nicht; eingebaut sind: "
                       "prozesskit:kreis"):
        open_source("prozesskit:dorf")
    (tmp_path / "paket.zip").write_bytes(b"PK")  # a package now, but no ZIP: refused
    with pytest.raises(PaketError, match=r"paket\.zip' wird nicht angenommen: Die Datei ist "
                       "zu kurz"):
        open_source(str(tmp_path / "paket.zip"))
    (tmp_path / "export.xml").write_text("<x/>")  # XProzess now, but no XProzess message
    with pytest.raises(InputError, match=r"keine XProzess-2\.0-Nachricht"):
        open_source(str(tmp_path / "export.xml"))
    with pytest.raises(UsageError, match="Quelle fehlt"):
        open_source(" ")
    with pytest.raises(UsageError, match=r"Quelle '.*/tippfehler' gibt es nicht: erwartet ein "
                       "Register-Ordner"):
        open_source(str(tmp_path / "tippfehler"))


def test_folder_source_has_content_provenance() -> None:
    register = open_source(str(EXAMPLE))
    assert register.provenance.kind == "ordner"
    assert register.provenance.location == str(EXAMPLE.resolve())
    assert register.provenance.sha256 == register.sha256
    assert register.provenance.commit is None


def test_git_source_at_a_tag_and_at_the_branch(library: Path) -> None:
    tag_commit = _git(library, "rev-parse", "v1^{commit}")
    head_commit = _git(library, "rev-parse", "HEAD")

    old = open_source(f"{library}@v1")
    assert old.provenance.kind == "git"
    assert (old.provenance.location, old.provenance.ref) == (str(library), "v1")
    assert old.provenance.commit == tag_commit
    assert old["stelle-ausschreiben"].name == "Stelle ausschreiben"
    assert old.sha256 == open_source(str(EXAMPLE)).sha256  # the same content as tagged
    assert old.root is not None and not old.root.is_relative_to(library)  # the cached export

    new = open_source(f"file://{library}@main")
    assert new.provenance.commit == head_commit
    assert new["stelle-ausschreiben"].name == "Stelle öffentlich ausschreiben"
    assert new.sha256 != old.sha256
    assert new.provenance.to_json() == {
        "kind": "git", "location": f"file://{library}", "ref": "main", "commit": head_commit,
        "sha256": new.sha256}


def test_git_source_in_a_subfolder_and_without_register(tmp_path: Path) -> None:
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo / "register")
    (repo / "README.md").write_text("Monorepo\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "eins")
    register = open_source(f"{repo}@main#register")
    assert register.provenance.path == "register" and len(register) == 8
    with pytest.raises(InputError, match=r"enthält kein Register .prozesskit.yaml fehlt.; mit "
                       "'#pfad' einen Unterordner wählen"):
        open_source(f"{repo}@main")
    with pytest.raises(InputError, match="außerhalb des Zielordners"):
        open_source(f"{repo}@main#../..")


def test_git_source_link_out_of_the_tree_is_never_read(tmp_path: Path) -> None:
    repo = tmp_path / "feindlich"
    shutil.copytree(EXAMPLE, repo)
    secret = tmp_path / "geheim.yaml"
    secret.write_text("id: geheimer-prozess\nname: Geheimnis lesen\n")
    (repo / "steckbriefe" / "innen.yaml").symlink_to("fahrzeug-zulassen.yaml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "mit Link")
    register = open_source(f"{repo}@main")
    assert "geheimer-prozess" not in register
    assert [p.file for p in register.problems] == ["steckbriefe/innen.yaml"]


def test_blaupause_equals_what_init_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", "gemeinde", str(target), "--name",
                            "Gemeinde Musterdorf", "--ags", "05999002"], monkeypatch, capsys)
    assert code == 0, err
    blaupause = open_source("prozesskit:gemeinde")
    written = sorted(p.relative_to(target).as_posix()
                     for p in (target / "steckbriefe").glob("*.yaml"))
    assert [s.path for s in blaupause] == written
    for item in blaupause:
        assert item.raw == (target / item.path).read_bytes(), item.path
    assert blaupause.problems == () and blaupause.manifest is None and blaupause.root is None
    provenance = blaupause.provenance
    assert (provenance.kind, provenance.location) == ("blaupause", "prozesskit:gemeinde")
    assert provenance.version == load_catalogue(builtin_root()).version
    assert provenance.sha256 == blaupause.sha256
    herkunft = blaupause[blaupause.ids[0]].data["herkunft"]
    assert herkunft["art"] == "blaupause" and len(herkunft["sha256"]) == 64


def test_git_source_with_a_link_to_etc_is_refused_clearly(tmp_path: Path) -> None:
    repo = tmp_path / "feindlich"
    shutil.copytree(EXAMPLE, repo)
    (repo / "steckbriefe" / "passwd.yaml").symlink_to("/etc/passwd")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Link nach /etc")
    with pytest.raises(GitError, match=r"den Eintrag .steckbriefe/passwd.yaml., der aus dem "
                       "Repository hinaus zeigt"):
        open_source(f"{repo}@main")
    checkouts = Path(os.environ["PROZESSKIT_CACHE_DIR"]) / "checkouts"
    assert not [p for p in checkouts.rglob("*") if p.is_dir() and len(p.name) == 40]
