"""``import QUELLE ID`` of a process imported before and edited here since: refused without
--force, and the message says what --force costs (the local edits) and names the way that
keeps them, ``prozesskit update QUELLE ID`` (field-wise merge). ``unpack`` over a changed
file says the same of --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, edit_once, empty_register, packed_example, run_cli, snapshot


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    return root


def test_import_over_a_local_edit_names_update_and_what_force_drops(
        lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    member = empty_register(tmp_path / "member")
    monkeypatch.chdir(member)
    code, _, err = run_cli(["import", str(lib), "geburt-beurkunden", "wohngeld-bewilligen"],
                           monkeypatch, capsys)
    assert code == 0, err
    for name in ("geburt-beurkunden", "wohngeld-bewilligen"):
        edit_once(member / "steckbriefe" / f"{name}.yaml", "\nname: ", "\nname: Lokal ")
    before = snapshot(member)
    code, _, err = run_cli(["import", str(lib), "geburt-beurkunden", "wohngeld-bewilligen"],
                           monkeypatch, capsys)
    assert code == 2
    assert "Diese Dateien wurden seit dem Import lokal geändert" in err
    assert "steckbriefe/geburt-beurkunden.yaml, steckbriefe/wohngeld-bewilligen.yaml" in err
    assert f"feldweise übernehmen und die lokalen behalten: prozesskit update {lib} " \
        "geburt-beurkunden wohngeld-bewilligen" in err
    assert "Mit --force überschreiben: die lokalen Änderungen gehen dabei verloren" in err
    assert snapshot(member) == before
    # the named command is the way: it runs and keeps the local edit
    code, out, err = run_cli(["update", str(lib), "geburt-beurkunden", "wohngeld-bewilligen"],
                             monkeypatch, capsys)
    assert code == 0, out + err
    assert "name: Lokal " in (member / "steckbriefe" / "geburt-beurkunden.yaml").read_text()
    # and --force does what it says
    code, _, err = run_cli(["import", str(lib), "geburt-beurkunden", "--force"],
                           monkeypatch, capsys)
    assert code == 0, err
    assert "name: Lokal " not in (member / "steckbriefe" / "geburt-beurkunden.yaml").read_text()


def test_unpack_over_a_changed_file_says_what_force_drops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paket = packed_example(tmp_path)
    target = tmp_path / "ziel"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".prozesskit"))
    edit_once(target / "steckbriefe" / "geburt-beurkunden.yaml", "\nname: ", "\nname: Lokal ")
    code, _, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2
    assert "Diese Dateien gibt es schon mit anderem Inhalt" in err
    assert f"was sich unterscheidet, zeigt 'prozesskit diff {paket}'" in err
    assert "Mit --force überschreiben: die lokalen Änderungen gehen dabei verloren" in err
