"""The file ``update`` writes beside a locally edited model (``<id>.<art>.bibliothek.bpmn``)
is prozesskit's only while it is what prozesskit wrote there (its checksum is in the lock):
a member's own file under that name is never replaced without ``--force`` and never
removed. Real git repositories for the library and the member, no mock."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import example_library, git, imported_member, run_cli, snapshot
from prozesskit.library.lock import read_lock

GEWERBE = "gewerbeanmeldung-entgegennehmen"
MODEL = f"modelle/{GEWERBE}.ist.bpmn"
BESIDE = f"modelle/{GEWERBE}.ist.bibliothek.bpmn"


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _retitle(path: Path, new: str, old: str = "Gewerbeanmeldung") -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _release(library: Path, tag: str, title: str, old: str = "Gewerbeanmeldung") -> bytes:
    """The library's model renamed to ``title``, committed and tagged; its new bytes."""
    _retitle(library / MODEL, title, old)
    git(library, "commit", "-qam", tag)
    git(library, "tag", tag)
    return (library / MODEL).read_bytes()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return example_library(tmp_path / "lib")


@pytest.fixture
def member(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    """Imported the process with its model at v1, then edited the model."""
    target = imported_member(library, tmp_path / "kommune", monkeypatch, capsys, GEWERBE,
                             "--mit-modellen")
    _retitle(target / MODEL, "Lokal")
    return target


def _update(member: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["update", *args, "-r", str(member)], monkeypatch, capsys)


def test_an_own_file_under_the_beside_name_is_not_overwritten_without_force(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    theirs = _release(library, "v2", "X")
    (member / BESIDE).write_text("notiz\n", "utf-8")
    before = snapshot(member)

    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")

    assert code == 2, out + err
    assert BESIDE in err and "--force" in err and "Traceback" not in err, err
    assert err.count(BESIDE) == 1, err  # named once, in the file prefix
    assert snapshot(member) == before  # nothing written, the note kept
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2", "--force")
    assert code == 1, out + err  # the model conflict stays open
    assert (member / BESIDE).read_bytes() == theirs


def test_its_own_beside_file_is_replaced_by_a_newer_source_version(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    v2 = _release(library, "v2", "X")
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")
    assert code == 1, out + err
    assert (member / BESIDE).read_bytes() == v2
    assert read_lock(member).prozesse[GEWERBE].modelle[MODEL].daneben_sha256 == _sha(v2)
    git(member, "add", "-A")
    git(member, "commit", "-qm", "v2 daneben")

    v3 = _release(library, "v3", "Y", old="X")
    code, out, err = _update(member, monkeypatch, capsys, "lib@v3")
    assert code == 1, out + err  # no --force needed: the file is the one update wrote
    assert (member / BESIDE).read_bytes() == v3
    assert read_lock(member).prozesse[GEWERBE].modelle[MODEL].daneben_sha256 == _sha(v3)
    code, out, err = _update(member, monkeypatch, capsys, f"{GEWERBE}:{MODEL}", "--ours")
    assert code == 0, out + err
    assert not (member / BESIDE).exists()  # resolved: prozesskit's file goes


def test_resolving_keeps_a_beside_file_the_member_edited(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _release(library, "v2", "X")
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")
    assert code == 1, out + err
    (member / BESIDE).write_text("meine Notizen zum Vergleich\n", "utf-8")

    code, out, err = _update(member, monkeypatch, capsys, f"{GEWERBE}:{MODEL}", "--theirs")

    assert code == 0, out + err
    assert (member / MODEL).read_bytes() == (library / MODEL).read_bytes()
    assert (member / BESIDE).read_text("utf-8") == "meine Notizen zum Vergleich\n"
    assert f"{BESIDE} bleibt" in out


def test_an_open_model_conflict_keeps_herkunft_on_the_old_version(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The lock stays on v1 while the model's conflict is open, so the Steckbrief must not
    claim v2 (``netz`` would show it as current); the field that merged cleanly is taken
    (black-box finding, session 10)."""
    import yaml

    steckbrief = library / "steckbriefe" / f"{GEWERBE}.yaml"
    text = steckbrief.read_text("utf-8")
    assert "prioritaet: hoch" in text
    steckbrief.write_text(text.replace("prioritaet: hoch", "prioritaet: mittel"), "utf-8")
    _release(library, "v2", "X")
    local = member / "steckbriefe" / f"{GEWERBE}.yaml"
    before = yaml.safe_load(local.read_text("utf-8"))["herkunft"]
    assert before["version"] == "v1"
    v1 = read_lock(member).prozesse[GEWERBE].commit

    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")

    assert code == 1, out + err  # the model conflict is open
    after = yaml.safe_load(local.read_text("utf-8"))
    assert after["prioritaet"] == "mittel"
    assert after["herkunft"] == before
    assert read_lock(member).prozesse[GEWERBE].commit == v1 == before["commit"]
    # resolved: both move on together
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2", "--theirs")
    assert code == 0, out + err
    assert yaml.safe_load(local.read_text("utf-8"))["herkunft"]["version"] == "v2"
    assert read_lock(member).prozesse[GEWERBE].commit == git(library, "rev-parse", "v2").strip()


def _delete_in_library(library: Path) -> None:
    git(library, "rm", "-q", f"steckbriefe/{GEWERBE}.yaml", MODEL)
    git(library, "commit", "-qm", "v2")
    git(library, "tag", "v2")


def test_a_deleted_process_whose_model_the_member_edited_is_a_conflict(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The Steckbrief unedited, its model edited locally: deleting the Steckbrief left the
    member's model as an orphan nobody links (black-box finding, session 10). Now it is a
    conflict; --theirs removes both."""
    _delete_in_library(library)
    before = snapshot(member)
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")
    assert code == 1, out + err
    assert "entfallen" in out
    assert snapshot(member)[MODEL] == before[MODEL]
    assert (member / "steckbriefe" / f"{GEWERBE}.yaml").is_file()
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2", "--theirs")
    assert code == 0, out + err
    assert not (member / MODEL).exists()
    assert not (member / "steckbriefe" / f"{GEWERBE}.yaml").exists()
    assert GEWERBE not in read_lock(member).prozesse


def test_ours_on_a_deleted_process_keeps_it_as_the_registers_own(
        library: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """--ours keeps Steckbrief and model as the register's own process: its herkunft no
    longer names the library (netz and beitragen go by it; black-box finding, session 10)."""
    import yaml

    _delete_in_library(library)
    model = (member / MODEL).read_bytes()
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2", "--ours")
    assert code == 0, out + err
    assert "bleibt als eigener Prozess" in out
    data = yaml.safe_load((member / "steckbriefe" / f"{GEWERBE}.yaml").read_text("utf-8"))
    assert "herkunft" not in data and data["id"] == GEWERBE
    assert (member / MODEL).read_bytes() == model
    assert GEWERBE not in read_lock(member).prozesse


def test_a_process_the_library_renamed_with_its_file_is_followed_not_deleted(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A real rename changes file and id together (PK-S005): update deleted the process
    locally and listed the renamed one as new (black-box finding, session 10). Now it
    follows the rename: the local id stays, the new name is taken, the lock tracks the new id."""
    import yaml

    member = imported_member(library, tmp_path / "kommune", monkeypatch, capsys,
                             "wohngeld-bewilligen")
    git(library, "mv", "steckbriefe/wohngeld-bewilligen.yaml",
        "steckbriefe/mietzuschuss-bewilligen.yaml")
    path = library / "steckbriefe" / "mietzuschuss-bewilligen.yaml"
    path.write_text(path.read_text("utf-8").replace("id: wohngeld-bewilligen",
                                                    "id: mietzuschuss-bewilligen").replace(
        "name: Wohngeld bewilligen", "name: Mietzuschuss bewilligen"), "utf-8")
    git(library, "commit", "-qam", "umbenannt")
    git(library, "tag", "v2")

    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")

    assert code == 0, out + err
    assert "in der Quelle umbenannt" in out and "gelöscht" not in out.replace("0 gelöscht", "")
    local = member / "steckbriefe" / "wohngeld-bewilligen.yaml"
    data = yaml.safe_load(local.read_text("utf-8"))
    assert data["id"] == "wohngeld-bewilligen" and data["name"] == "Mietzuschuss bewilligen"
    assert read_lock(member).prozesse["wohngeld-bewilligen"].id == "mietzuschuss-bewilligen"


def test_each_open_field_conflict_gets_its_own_command(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two fields in conflict: the report named the command for the first only (black-box
    finding, session 10)."""
    member = imported_member(library, tmp_path / "kommune", monkeypatch, capsys, GEWERBE)
    for where, value in ((member, "Lokal"), (library, "Quelle")):
        path = where / "steckbriefe" / f"{GEWERBE}.yaml"
        text = path.read_text("utf-8")
        for field in ("organisationseinheit", "prozessverantwortlich"):
            start = text.index(f"\n{field}: ") + 1
            end = text.index("\n", start)
            text = text[:start] + f"{field}: {value} {field}" + text[end:]
        path.write_text(text, "utf-8")
    git(library, "commit", "-qam", "v2")
    git(library, "tag", "v2")
    code, out, err = _update(member, monkeypatch, capsys, "lib@v2")
    assert code == 1, out + err
    for field in ("organisationseinheit", "prozessverantwortlich"):
        assert f"lösen: prozesskit update {GEWERBE}:{field} --theirs" in out
    assert f"alle 2 dieses Prozesses auf einmal: prozesskit update {GEWERBE} --theirs" in out
