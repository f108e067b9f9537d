"""The Register view on real files: the example register, and copies of it broken in the
ways shared repositories break (links out, FIFOs, huge files, bad YAML, bad XML)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit import limits
from prozesskit.errors import InputError
from prozesskit.register.view import Register


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO opened the usual way) fails the test instead of hanging."""
    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError("Lesen blockiert")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_example_register_as_a_view() -> None:
    register = Register.open(EXAMPLE)
    on_disk = sorted(p.relative_to(EXAMPLE).as_posix()
                     for p in (EXAMPLE / "steckbriefe").glob("*.yaml"))
    assert [s.path for s in register] == on_disk
    assert len(register) == len(on_disk) == 8
    assert register.problems == ()
    for item in register:  # hash of exactly the bytes on disk, data as the file says
        raw = (EXAMPLE / item.path).read_bytes()
        assert item.raw == raw
        assert item.sha256 == hashlib.sha256(raw).hexdigest()
        assert item.id == Path(item.path).stem
        assert register[item.id] is item
    bau = register["baugenehmigung-erteilen"]
    assert bau.data["produkt"]["bereich"] == "10"
    line, column = bau.locate(("name",)) or (0, 0)
    assert (EXAMPLE / bau.path).read_text().splitlines()[line - 1][column - 1:].startswith(
        "Baugenehmigung erteilen")
    (link,) = bau.modelle
    assert (link.art, link.datei) == ("soll", "modelle/baugenehmigung-erteilen.soll.bpmn")
    assert link.file is register.modelle[link.datei]
    model_bytes = (EXAMPLE / link.datei).read_bytes()
    assert link.file.sha256 == hashlib.sha256(model_bytes).hexdigest()
    assert [s.path for s in register if not s.modelle] == [
        s for s in on_disk if "baugenehmigung" not in s and "gewerbeanmeldung" not in s]
    assert register.get("gibt-es-nicht") is None and "gibt-es-nicht" not in register
    with pytest.raises(KeyError, match="gibt es im Register nicht"):
        register["gibt-es-nicht"]


def test_on_demand_parts_match_what_validate_sees() -> None:
    register = Register.open(EXAMPLE)
    manifest = register.manifest
    assert manifest is not None and manifest.manifest is not None
    assert manifest.manifest.kommune.name == "Kreis Musterland"
    assert manifest.data["kommune"]["schluessel"] == "05999"
    steckbrief = register["baugenehmigung-erteilen"].steckbrief
    assert steckbrief is not None and steckbrief.name == "Baugenehmigung erteilen"
    assert register["baugenehmigung-erteilen"].schema_problems == ()
    model = register.modelle["modelle/baugenehmigung-erteilen.soll.bpmn"]
    assert model.bpmn is not None
    assert "Process_Baugenehmigung" in model.bpmn.by_id
    assert model.bpmn is model.bpmn  # parsed once


def test_loading_imports_neither_pydantic_nor_ruamel_nor_lxml_nor_rules() -> None:
    code = (
        "import sys, prozesskit\n"
        f"r = prozesskit.load_register({str(EXAMPLE)!r})\n"
        "assert len(r) == 8 and r.sha256\n"
        "heavy = [m for m in ('pydantic', 'ruamel.yaml', 'lxml', 'prozesskit.rules') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "r['baugenehmigung-erteilen'].steckbrief\n"
        "assert 'pydantic' in sys.modules and 'lxml' not in sys.modules\n"
        "r.modelle['modelle/baugenehmigung-erteilen.soll.bpmn'].bpmn\n"
        "assert 'lxml' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_broken_files_are_problems_not_exceptions(example: Path, tmp_path: Path,
                                                   no_hang: None) -> None:
    outside = tmp_path / "geheim.yaml"
    outside.write_text("id: geheimer-prozess\nname: Geheimnis lesen\n")
    steckbriefe = example / "steckbriefe"
    (steckbriefe / "link.yaml").symlink_to(outside)
    (tmp_path / "anderswo").mkdir()
    shutil.copy(outside, tmp_path / "anderswo" / "x.yaml")
    (steckbriefe / "verlinkt").symlink_to(tmp_path / "anderswo", target_is_directory=True)
    os.mkfifo(steckbriefe / "pipe.yaml")
    (steckbriefe / "kaputt.yaml").write_text("id: kaputt\nname: [nicht geschlossen\n")
    (steckbriefe / "doppelt.yaml").write_text("id: doppelt\nid: nochmal\nname: X Y\n")
    (steckbriefe / "riesig.yaml").write_bytes(b"#" * (limits.MAX_YAML_BYTES + 1))
    (example / "modelle" / "kaputt.bpmn").write_text("<definitions")

    register = Register.open(example)  # neither raises nor blocks

    by_file: dict[str, list[str]] = {}
    for problem in register.problems:
        by_file.setdefault(problem.file, []).append(f"{problem.rule} {problem.message}")
    assert by_file["steckbriefe/link.yaml"] == [
        "PK-S001 Symbolischer Link: wird nicht gelesen (prozesskit liest nichts außerhalb des "
        "Registers)"]
    assert "Symbolischer Link auf einen Ordner" in " ".join(by_file["steckbriefe/verlinkt"])
    assert "Keine normale Datei (FIFO" in " ".join(by_file["steckbriefe/pipe.yaml"])
    assert "PK-S001 YAML-Syntaxfehler" in " ".join(by_file["steckbriefe/kaputt.yaml"])
    assert "PK-S003" in " ".join(by_file["steckbriefe/doppelt.yaml"])
    assert "größer als die Grenze von 5.242.880 Bytes" in " ".join(
        by_file["steckbriefe/riesig.yaml"])
    assert "kaputt.bpmn" not in by_file  # read fine; its XML is checked on demand
    assert register.modelle["modelle/kaputt.bpmn"].bpmn is None
    assert "XML ist nicht wohlgeformt" in register.modelle[
        "modelle/kaputt.bpmn"].parse_problems[0].message
    # nothing from outside the register was read
    assert "geheimer-prozess" not in register
    assert all(s.raw is None or b"geheim" not in s.raw for s in register)
    assert register["doppelt"].path == "steckbriefe/doppelt.yaml"
    # links and FIFOs are never read: problems, not Steckbriefe (present in ``files``, as
    # validate's discovery has it, so that no second problem calls them missing)
    assert len(register) == 8 + 3
    assert {"steckbriefe/link.yaml", "steckbriefe/pipe.yaml"} <= register.files


def test_sha256_names_the_content(example: Path, tmp_path: Path) -> None:
    first = Register.open(EXAMPLE)
    copy = Register.open(example)
    assert first.sha256 == copy.sha256 == copy.provenance.sha256
    assert copy.provenance.kind == "ordner" and copy.provenance.location == str(example)
    path = example / "steckbriefe" / "stelle-ausschreiben.yaml"
    path.write_text(path.read_text() + "# geändert\n")
    assert Register.open(example).sha256 != first.sha256
    (example / "README.md").write_text("nicht Teil des Inhalts")
    path.write_text(path.read_text().removesuffix("# geändert\n"))
    assert Register.open(example).sha256 == first.sha256


def test_not_a_register_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"ist kein Register: prozesskit\.yaml fehlt"):
        Register.open(tmp_path)
    with pytest.raises(InputError, match="gibt es nicht"):
        Register.open(tmp_path / "fehlt")
    (tmp_path / "prozesskit.yaml").symlink_to(EXAMPLE / "prozesskit.yaml")
    linked = Register.open(tmp_path)  # a register, whose manifest is never read
    assert linked.manifest is not None and linked.manifest.raw is None
    assert [(p.rule, p.message) for p in linked.problems] == [
        ("PK-R001", "Symbolischer Link: wird nicht gelesen (prozesskit liest nichts außerhalb "
                    "des Registers)")]
