"""Every register command called in a folder inside a register (``cd steckbriefe``) works
on that register, as ``validate`` and git do: it searches upwards for ``prozesskit.yaml``
(register.discover.register_root). An explicit ``-r``/``--register``/``--ziel`` is where the
search starts instead of the current folder; one that does not exist is refused, never
replaced by the register the current folder lies in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, empty_register, packed_example, run_cli, snapshot


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    return root


@pytest.fixture
def member(tmp_path: Path) -> Path:
    return empty_register(tmp_path / "member")


def _ok(args: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], codes: tuple[int, ...] = (0,)) -> str:
    code, out, err = run_cli(args, monkeypatch, capsys)
    assert code in codes, (args, out, err)
    assert "kein Register" not in out + err and "Kein Register" not in out + err
    return out


def test_import_update_and_diff_from_a_subfolder(
        lib: Path, member: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(member / "steckbriefe")
    _ok(["import", str(lib), "geburt-beurkunden", "--mit-modellen"], monkeypatch, capsys)
    assert (member / "steckbriefe" / "geburt-beurkunden.yaml").is_file()
    assert (member / "prozesskit.lock").is_file()
    assert not (member / "steckbriefe" / "steckbriefe").exists()
    _ok(["update"], monkeypatch, capsys)
    _ok(["diff"], monkeypatch, capsys, codes=(0, 1))
    _ok(["validate"], monkeypatch, capsys)


def test_pack_unpack_export_import_xlsx_from_a_subfolder(
        lib: Path, member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    monkeypatch.chdir(member / "modelle")
    out = _ok(["unpack", str(paket)], monkeypatch, capsys)
    assert f"nach {member.resolve()} geschrieben" in out
    assert (member / "steckbriefe" / "geburt-beurkunden.yaml").is_file()
    assert not (member / "modelle" / "steckbriefe").exists()
    _ok(["pack", "--alle", "-o", str(tmp_path / "neu.zip")], monkeypatch, capsys)
    assert (tmp_path / "neu.zip").is_file()
    _ok(["pack", "--format", "xprozess", "--alle", "-o", str(tmp_path / "x.xml")],
        monkeypatch, capsys)
    _ok(["export", "-o", str(tmp_path / "w.xlsx")], monkeypatch, capsys)
    _ok(["import-xlsx", str(tmp_path / "w.xlsx")], monkeypatch, capsys)


def test_neu_site_bericht_leika_from_a_subfolder(
        member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (member / "steckbriefe" / "ordnung").mkdir()
    monkeypatch.chdir(member / "steckbriefe" / "ordnung")
    _ok(["neu", "Hund anmelden", "--bereich", "02", "--organisationseinheit", "Ordnungsamt"],
        monkeypatch, capsys)
    assert (member / "steckbriefe" / "hund-anmelden.yaml").is_file()
    _ok(["site", "-o", str(tmp_path / "site")], monkeypatch, capsys)
    out = _ok(["bericht"], monkeypatch, capsys)
    assert "Hund anmelden" in out or "1 Steckbrief" in out
    _ok(["leika", "vorschlagen"], monkeypatch, capsys, codes=(0, 1))
    # without -o the site goes where it goes from the register folder: public/ beside it
    _ok(["site"], monkeypatch, capsys)
    assert (member / "public" / "index.html").is_file()
    assert not (member / "steckbriefe" / "ordnung" / "public").exists()


def test_an_explicit_register_wins_and_a_missing_one_is_not_replaced(
        lib: Path, member: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = empty_register(tmp_path / "other")
    monkeypatch.chdir(member / "steckbriefe")
    _ok(["import", str(lib), "geburt-beurkunden", "-r", str(other / "modelle")],
        monkeypatch, capsys)
    assert (other / "steckbriefe" / "geburt-beurkunden.yaml").is_file()
    assert not (member / "steckbriefe" / "geburt-beurkunden.yaml").exists()
    before = snapshot(member)
    code, _, err = run_cli(["import", str(lib), "geburt-beurkunden", "-r", "tippfehler"],
                           monkeypatch, capsys)
    assert code == 2
    assert "'tippfehler' gibt es nicht; erwartet ist der Ordner eines Registers" in err
    assert snapshot(member) == before


@pytest.mark.parametrize(("args", "angabe"), [
    (["import", "QUELLE", "x"], "-r ORDNER"),
    (["update"], "-r ORDNER"),
    (["unpack", "PAKET"], "--ziel REGISTER"),
    (["pack", "--alle", "-o", "p.zip"], "--register PFAD"),
    (["export"], "REGISTER"),
    (["bericht"], "REGISTER"),
])
def test_outside_any_register_the_message_says_how_to_name_one(
        args: list[str], angabe: str, lib: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    leer = tmp_path / "leer"
    leer.mkdir()
    monkeypatch.chdir(leer)
    args = [str(lib) if a == "QUELLE" else str(paket) if a == "PAKET" else a for a in args]
    code, _, err = run_cli(args, monkeypatch, capsys)
    assert code == 2
    assert "Kein Register gefunden: weder '.' noch ein Ordner darüber enthält " \
        "prozesskit.yaml" in err
    assert f"mit {angabe} angeben" in err
    assert list(leer.iterdir()) == []
