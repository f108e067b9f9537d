"""A register made from a catalogue of one's own (``init --blueprint ORDNER|URL#name``, not a
built-in Blaupause): ``diff`` and ``update`` see the catalogue's corrections like those of
a newer built-in catalogue, from a folder and from a git repository (real, temporary)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import REPO, run_cli
from helpers import git as _git
from prozesskit.library.lock import read_lock

ABFALL = "abfallbehaelter-an-und-abmelden"
OE_OLD = "        organisationseinheit: Bauamt (Abfall)\n"
OE_NEW = "        organisationseinheit: Kommunalbetrieb Abfall\n"
KEY = "nrw-kommunal-gemeinde"


def _catalogue(tmp_path: Path, git: bool) -> tuple[Path, str]:
    """A copy of the built-in catalogue; as a git repository tagged v1, or a folder."""
    folder = tmp_path / "katalog"
    shutil.copytree(REPO / "blueprints", folder)
    if not git:
        return folder, f"{folder}#gemeinde"
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "v1")
    _git(folder, "tag", "v1")
    return folder, f"file://{folder}@v1#gemeinde"


def _correct(folder: Path, git: bool) -> None:
    """The catalogue's maintainers correct a Zuständigkeit and publish a new version."""
    path = folder / "prozesse" / "11-ver-und-entsorgung.yaml"
    text = path.read_text("utf-8")
    head, entry, rest = text.partition(f"  - id: {ABFALL}\n")
    own, nxt, tail = rest.partition("  - id: ")
    assert entry and own.count(OE_OLD) == 1
    path.write_text(head + entry + own.replace(OE_OLD, OE_NEW) + nxt + tail, "utf-8")
    head = folder / "katalog.yaml"
    head.write_text(head.read_text("utf-8").replace("version: '2026.1'", "version: '2026.2'"),
                    "utf-8")
    if git:
        _git(folder, "commit", "-qam", "v2")
        _git(folder, "tag", "v2")


@pytest.mark.parametrize("git", [False, True], ids=["ordner", "git"])
def test_catalogue_correction_reaches_a_register_made_from_it(
        git: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder, spec = _catalogue(tmp_path, git)
    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", spec, "--name", "Gemeinde X", "--ags",
                            "05999001", "--bereich", "11", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    lock = read_lock(reg)
    assert lock.quellen[KEY].art == "blaupause" and lock.prozesse[ABFALL].version == "2026.1"
    local = reg / "steckbriefe" / f"{ABFALL}.yaml"
    text = local.read_text("utf-8")
    assert "organisationseinheit: Bauamt (Abfall)\n" in text
    mine = text.replace("status: aktiv", "# seit 2026 geprüft\nstatus: in_pruefung")
    assert mine != text
    local.write_text(mine, "utf-8")

    _correct(folder, git)
    code, out, err = run_cli(["diff", "-r", str(reg)], monkeypatch, capsys)
    assert code == 1, out + err
    assert f"beidseitig geändert (zusammenführbar): {ABFALL}" in out
    assert '"Bauamt (Abfall)" → "Kommunalbetrieb Abfall"' in out

    code, out, err = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)
    assert code == 0, out + err
    merged = local.read_text("utf-8")
    old_sha = re.search(r"\n  sha256: (\w+)\n", mine)
    new_sha = re.search(r"\n  sha256: (\w+)\n", merged)
    assert old_sha and new_sha and old_sha[1] != new_sha[1]  # herkunft names the new entry
    assert merged.replace(new_sha[1], old_sha[1]) == mine.replace(
        "organisationseinheit: Bauamt (Abfall)",
        "organisationseinheit: Kommunalbetrieb Abfall").replace(
        "version: '2026.1'", "version: '2026.2'").replace(
        *((f"commit: {lock.prozesse[ABFALL].commit}",
           f"commit: {_git(folder, 'rev-parse', 'HEAD')}") if git else ("", "")))
    entry = read_lock(reg).prozesse[ABFALL]
    assert entry.version == "2026.2"
    if git:
        assert entry.commit == _git(folder, "rev-parse", "HEAD")
    kept = reg / ".prozesskit" / "basis" / KEY / "steckbriefe" / f"{ABFALL}.yaml"
    assert "Kommunalbetrieb Abfall" in kept.read_text("utf-8")  # the base moved
    code, out, _ = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)
    assert code == 0 and "0 Datei(en) geschrieben" in out

    # the catalogue named as init took it (a git one at a ref: the lock tracks that ref)
    name = f"file://{folder}@v2#gemeinde" if git else f"{folder}#gemeinde"
    code, out, err = run_cli(["update", name, "-r", str(reg)], monkeypatch, capsys)
    assert code == 0 and "0 aktualisiert" in out, (out, err)
    assert read_lock(reg).quellen[KEY].ref == ("v2" if git else None)
    code, out, err = run_cli(["diff", f"{KEY}@v1" if git else KEY, "-r", str(reg)],
                             monkeypatch, capsys)  # by its key in the lock
    assert code == 1, out + err  # the member's own edit stays a difference
    assert f"lokal geändert: {ABFALL}" in out or git
    assert ("Bauamt (Abfall)" in out) is git  # v1: the catalogue before the correction


def test_import_from_a_catalogue_folder_records_it_like_init(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import EXAMPLE

    folder, spec = _catalogue(tmp_path, git=False)
    target = tmp_path / "kommune"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".prozesskit"))
    code, out, err = run_cli(["import", spec, ABFALL, "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    lock = read_lock(target)
    key = lock.prozesse[ABFALL].quelle
    quelle = lock.quellen[key]
    assert (quelle.art, quelle.ort, quelle.name) == ("blaupause", str(folder.resolve()),
                                                     "gemeinde")
    assert lock.prozesse[ABFALL].version == "2026.1"
    text = (target / "steckbriefe" / f"{ABFALL}.yaml").read_text("utf-8")
    assert "organisationseinheit: Bauamt (Abfall)" in text  # the gemeinde's Zuständigkeit
    assert "art: blaupause" in text  # the catalogue's own herkunft, as init writes it
    _correct(folder, git=False)
    code, out, err = run_cli(["update", key, "-r", str(target)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "Kommunalbetrieb Abfall" in (target / "steckbriefe" / f"{ABFALL}.yaml").read_text()


def test_an_open_field_conflict_keeps_herkunft_on_the_old_catalogue_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A Blaupause's ``herkunft`` is a field of its Steckbriefe: with the member's own
    Zuständigkeit against the catalogue's correction open, it must stay on 2026.1 like the
    lock, not merge to 2026.2 as if the file were up to date (black-box finding, session 10)."""
    import yaml

    folder, spec = _catalogue(tmp_path, git=False)
    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", spec, "--name", "Gemeinde X", "--ags",
                            "05999001", "--bereich", "11", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    local = reg / "steckbriefe" / f"{ABFALL}.yaml"
    mine = local.read_text("utf-8").replace(
        "organisationseinheit: Bauamt (Abfall)",
        "organisationseinheit: Steuerabteilung  # Umorganisation 2026")
    local.write_text(mine, "utf-8")
    _correct(folder, git=False)

    code, out, err = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)

    assert code == 1, out + err
    assert "organisationseinheit" in out
    assert local.read_text("utf-8") == mine  # herkunft the only other change: held back
    assert yaml.safe_load(mine)["herkunft"]["version"] == "2026.1"
    assert read_lock(reg).prozesse[ABFALL].version == "2026.1"


def _bump(folder: Path, old: str, new: str, *, correct: bool = False) -> None:
    """A new catalogue version; with ``correct`` also the Zuständigkeit of ABFALL changes."""
    if correct:
        path = folder / "prozesse" / "11-ver-und-entsorgung.yaml"
        text = path.read_text("utf-8")
        head, entry, rest = text.partition(f"  - id: {ABFALL}\n")
        own, nxt, tail = rest.partition("  - id: ")
        assert entry and own.count(OE_OLD) == 1
        path.write_text(head + entry + own.replace(OE_OLD, OE_NEW) + nxt + tail, "utf-8")
    head = folder / "katalog.yaml"
    text = head.read_text("utf-8")
    assert f"version: '{old}'" in text
    head.write_text(text.replace(f"version: '{old}'", f"version: '{new}'"), "utf-8")


def test_comments_and_bom_survive_every_update_after_one_that_changed_only_the_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A Steckbrief the member only commented (and saved with a BOM) is edited, not
    unedited, after an update that merged only the catalogue's new version into it: the
    next updates edit the member's file, they never replace it by the source's text
    (black-box finding 11, session 11)."""
    import yaml

    folder, spec = _catalogue(tmp_path, git=False)
    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", spec, "--name", "Gemeinde X", "--ags",
                            "05999001", "--bereich", "11", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    local = reg / "steckbriefe" / f"{ABFALL}.yaml"
    text = local.read_text("utf-8")
    assert text.count("\nstatus: aktiv\n") == 1
    mine = text.replace("\nstatus: aktiv\n", "\nstatus: aktiv  # geprueft 2026\n")
    local.write_bytes(b"\xef\xbb\xbf" + mine.encode("utf-8"))

    def check(version: str, oe: str, *extra: str) -> bytes:
        code, out, err = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)
        assert code == 0, out + err
        raw = local.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), raw[:40]
        now = raw[3:].decode("utf-8")
        assert "\nstatus: aktiv  # geprueft 2026\n" in now
        for line in extra:
            assert line in now
        data = yaml.safe_load(now)
        assert data["herkunft"]["version"] == version
        assert data["organisationseinheit"] == oe
        assert read_lock(reg).prozesse[ABFALL].version == version
        return raw

    _bump(folder, "2026.1", "2026.2")  # only the version: nothing of the process changes
    check("2026.2", "Bauamt (Abfall)")
    _bump(folder, "2026.2", "2026.3")  # again only the version, the member did nothing
    check("2026.3", "Bauamt (Abfall)")
    _bump(folder, "2026.3", "2026.4", correct=True)  # a real correction of a field
    raw = check("2026.4", "Kommunalbetrieb Abfall")

    # a further comment of the member, then an update with and one without a change
    local.write_bytes(raw.replace(b"\nstatus: aktiv", b"\n# Rueckfrage beim Kreis\nstatus: aktiv"))
    _bump(folder, "2026.4", "2026.5")
    check("2026.5", "Kommunalbetrieb Abfall", "\n# Rueckfrage beim Kreis\nstatus: aktiv")
    code, out, err = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)
    assert code == 0 and "0 Datei(en) geschrieben" in out, out + err


def test_a_steckbrief_copied_as_a_template_is_named_not_passed_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A member copies a Blaupause's Steckbrief to start a similar process and changes
    only id and name: validate warns (PK-S024), diff and update name the file instead of
    skipping it silently, netz does not call it outdated; after removing ``herkunft`` the
    copy is the register's own process (black-box finding 12, session 11)."""
    import json

    folder, spec = _catalogue(tmp_path, git=False)
    reg = tmp_path / "gemeinde"
    code, _, err = run_cli(["init", "--blueprint", spec, "--name", "Gemeinde X", "--ags",
                            "05999001", "--bereich", "11", str(reg)], monkeypatch, capsys)
    assert code == 0, err
    neu = "biotonne-an-und-abmelden"
    copy = reg / "steckbriefe" / f"{neu}.yaml"
    text = (reg / "steckbriefe" / f"{ABFALL}.yaml").read_text("utf-8")
    assert text.count(f"\nid: {ABFALL}\n") == 1 and "\nname: " in text
    text = text.replace(f"\nid: {ABFALL}\n", f"\nid: {neu}\n")
    text = re.sub(r"\nname: [^\n]*\n", "\nname: Biotonne an- und abmelden\n", text, count=1)
    copy.write_text(text, "utf-8")
    shown = f"steckbriefe/{neu}.yaml"

    code, out, err = run_cli(["validate", str(reg), "--format", "json"],
                             monkeypatch, capsys)
    found = [p for p in json.loads(out)["problems"] if p["rule"] == "PK-S024"]
    assert [(p["file"], p["level"]) for p in found] == [(shown, "warn")], out
    assert f"'herkunft' nennt '{ABFALL}'" in found[0]["message"]

    _bump(folder, "2026.1", "2026.2", correct=True)
    code, out, err = run_cli(["diff", "-r", str(reg)], monkeypatch, capsys)
    assert f"Hinweis: {shown}: 'herkunft' nennt '{ABFALL}' wie steckbriefe/{ABFALL}.yaml" in out
    assert "nicht in prozesskit.lock" in out and "'herkunft' entfernen" in out
    before = copy.read_bytes()
    code, out, err = run_cli(["update", "-r", str(reg)], monkeypatch, capsys)
    assert code == 0, out + err
    assert f"Hinweis: {shown}: 'herkunft' nennt '{ABFALL}'" in out
    assert copy.read_bytes() == before  # named, never touched
    assert "Kommunalbetrieb Abfall" in (reg / "steckbriefe" / f"{ABFALL}.yaml").read_text("utf-8")

    code, out, err = run_cli(["netz", str(reg), "--format", "json"], monkeypatch, capsys)
    assert code == 0, out + err
    cells = [cell for row in json.loads(out)["prozesse"] for cell in row["mitglieder"].values()]
    mine = {cell["id"]: cell for cell in cells if cell}
    assert mine[ABFALL]["veraltet"] is False and mine[neu]["veraltet"] is False, mine[neu]
    assert mine[neu]["herkunft"] is None

    copy.write_text(re.sub(r"\nherkunft:\n(  [^\n]*\n)+", "\n", text), "utf-8")
    code, out, err = run_cli(["validate", str(reg), "--format", "json"],
                             monkeypatch, capsys)
    assert "PK-S024" not in out
    code, out, err = run_cli(["diff", "-r", str(reg)], monkeypatch, capsys)
    assert f"Hinweis: {shown}" not in out
