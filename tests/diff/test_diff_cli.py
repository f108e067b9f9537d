"""``prozesskit diff ALT NEU``: exit codes, the three output formats, errors in German."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from helpers import CORPUS, EXAMPLE, REPO, run_cli

GEWERBE = EXAMPLE / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn"
SCHEMA = json.loads((REPO / "schemas" / "bpmn-diff.schema.json").read_text(encoding="utf-8"))
B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    """Gewerbeanmeldung and a new version: a task renamed and moved to the other lane, a
    step added, a flow removed, a shape moved."""
    root = etree.fromstring(GEWERBE.read_bytes())
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    ids["Task_Pruefen"].set("name", "Gewerbeanmeldung vollständig prüfen")
    for ref in list(root.iter(B + "flowNodeRef")):
        if ref.text == "Task_Gebuehr":
            parent = ref.getparent()
            assert parent is not None
            parent.remove(ref)
    etree.SubElement(ids["Lane_Buergerservice"], B + "flowNodeRef").text = "Task_Gebuehr"
    process = ids["Process_Gewerbeanmeldung"]
    etree.SubElement(process, B + "task", id="Task_Archiv", name="Vorgang archivieren")
    for el in root.iter(DC + "Bounds"):
        parent = el.getparent()
        if parent is not None and parent.get("bpmnElement") == "End_Abgeschlossen":
            el.set("x", "1234")
    old, new = tmp_path / "alt.bpmn", tmp_path / "neu.bpmn"
    old.write_bytes(GEWERBE.read_bytes())
    new.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return old, new


def test_identical_models_exit_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["diff", str(GEWERBE), str(GEWERBE)], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("✔ Keine Unterschiede")


def test_text_output_in_flow_order_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    code, out, err = run_cli(["diff", str(old), str(new)], monkeypatch, capsys)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"Vergleich {old} → {new}",
        "  ~ Aufgabe 'Gewerbeanmeldung auf Vollständigkeit prüfen' (Task_Pruefen): "
        "Name geändert: 'Gewerbeanmeldung auf Vollständigkeit prüfen' → "
        "'Gewerbeanmeldung vollständig prüfen'",
        "  ~ Aufgabe 'Gebühr festsetzen' (Task_Gebuehr): Verantwortung geändert: "
        "Lane 'Sachbearbeitung Gewerbe' → 'Bürgerservice'",
        "  · Endereignis 'Gewerbeanmeldung abgeschlossen' (End_Abgeschlossen): "
        "nur Layout geändert",
        "  + Aufgabe 'Vorgang archivieren' (Task_Archiv): hinzugefügt",
        "✖ 1 hinzugefügt, 0 entfernt, 2 geändert, 1 nur Layout geändert",
    ]


def test_json_output_validates_against_its_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _pair(tmp_path)
    code, out, _ = run_cli(["diff", str(old), str(new), "--format", "json"], monkeypatch, capsys)
    assert code == 1
    report = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["summary"] == {"added": 1, "removed": 0, "changed": 2, "layout_changed": 1}
    lane = report["changed"][1]
    assert lane["id"] == "Task_Gebuehr"
    assert lane["changes"] == [{
        "property": "lane", "label": "Verantwortung", "old": "Lane_Sachbearbeitung",
        "new": "Lane_Buergerservice",
        "text": "Verantwortung geändert: Lane 'Sachbearbeitung Gewerbe' → 'Bürgerservice'",
    }]
    positions = [e["position"] for group in ("added", "removed", "changed", "layout_changed")
                 for e in report[group]]
    assert len(set(positions)) == len(positions)
    # no differences: still valid, differences false
    code, out, _ = run_cli(["diff", str(old), str(old), "-f", "json"], monkeypatch, capsys)
    assert code == 0
    same = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(same)
    assert same["differences"] is False


def test_the_schema_is_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """The schema must be able to fail: an unknown field or a wrong type is refused."""
    old, new = _pair(tmp_path)
    _, out, _ = run_cli(["diff", str(old), str(new), "-f", "json"], monkeypatch, capsys)
    report = json.loads(out)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    report["changed"][0]["changes"][0]["extra"] = 1
    assert not validator.is_valid(report)
    del report["changed"][0]["changes"][0]["extra"]
    report["summary"]["added"] = "1"
    assert not validator.is_valid(report)


def test_markdown_for_a_merge_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    code, out, _ = run_cli(["diff", str(old), str(new), "-f", "markdown"], monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"### BPMN-Vergleich `{old}` → `{new}`"
    assert "| Art | Element | Änderung |" in lines
    assert ("| ✏️ geändert | Aufgabe 'Gebühr festsetzen' (Task\\_Gebuehr) | Verantwortung "
            "geändert: Lane 'Sachbearbeitung Gewerbe' → 'Bürgerservice' |") in lines
    rows = [line for line in lines if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + 4  # header + one row per element


def test_output_file_and_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    target = tmp_path / "diff.md"
    code, out, _ = run_cli(["diff", str(old), str(new), "-f", "markdown", "-o", str(target)],
                           monkeypatch, capsys)
    assert code == 1
    assert out == "✖ 1 hinzugefügt, 0 entfernt, 2 geändert, 1 nur Layout geändert\n"
    assert target.read_text(encoding="utf-8").startswith("### BPMN-Vergleich")


def test_extension_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    root = etree.fromstring(GEWERBE.read_bytes())
    task = next(el for el in root.iter(B + "task") if el.get("id") == "Task_Gebuehr")
    ext = etree.SubElement(task, B + "extensionElements")
    etree.SubElement(ext, "{http://www.boc-group.com/adonis}attribut", name="Kosten",
                     wert="12")
    new = tmp_path / "neu.bpmn"
    new.write_bytes(etree.tostring(root))
    code, out, _ = run_cli(["diff", str(GEWERBE), str(new)], monkeypatch, capsys)
    assert code == 0
    assert "--mit-erweiterungen" in out
    code, out, _ = run_cli(["diff", str(GEWERBE), str(new), "--mit-erweiterungen"],
                           monkeypatch, capsys)
    assert code == 1
    assert "Eigenschaft 'extensionElements/" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'
         b'<definitions>&lol;</definitions>', "DOCTYPE-Deklaration"),
        (b"<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>",
         "nicht wohlgeformt"),
    ],
    ids=["entity", "broken"],
)
def test_hostile_or_broken_model_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], content: bytes,
                                        expected: str) -> None:
    bad = tmp_path / "kaputt.bpmn"
    bad.write_bytes(content)
    code, out, err = run_cli(["diff", str(GEWERBE), str(bad)], monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"Fehler: {bad}:")
    assert expected in err
    assert "Traceback" not in err


def test_bad_calls_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["diff", str(GEWERBE), str(tmp_path / "fehlt.bpmn")],
                           monkeypatch, capsys)
    assert code == 2 and "gibt es nicht" in err
    code, _, err = run_cli(["diff", str(GEWERBE)], monkeypatch, capsys)
    assert code == 2 and "zwei Dateien" in err
    monkeypatch.chdir(tmp_path)  # no register here: without files diff compares a register
    code, _, err = run_cli(["diff"], monkeypatch, capsys)
    assert code == 2
    assert "Kein Register gefunden: weder '.' noch ein Ordner darüber enthält " \
        "prozesskit.yaml" in err
    assert "prozesskit diff ALT NEU" in err
    code, _, err = run_cli(["diff", str(GEWERBE), str(GEWERBE), "-f", "sarif"],
                           monkeypatch, capsys)
    assert code == 2 and "Unbekanntes Format 'sarif'" in err
    steckbrief = next((EXAMPLE / "steckbriefe").glob("*.yaml"))
    code, _, err = run_cli(["diff", str(GEWERBE), str(steckbrief)], monkeypatch, capsys)
    assert code == 2 and "verschiedene Dateiarten" in err
    code, _, err = run_cli(["diff", str(tmp_path), str(GEWERBE)], monkeypatch, capsys)
    assert code == 2 and "Ordner" in err


def test_links_fifos_and_large_files_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "verweis.bpmn"
    link.symlink_to(GEWERBE)
    code, out, err = run_cli(["diff", str(GEWERBE), str(link)], monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert "symbolischer Link" in err
    fifo = tmp_path / "rohr.bpmn"
    os.mkfifo(fifo)
    code, _, err = run_cli(["diff", str(GEWERBE), str(fifo)], monkeypatch, capsys)
    assert code == 2 and "keine gewöhnliche Datei" in err
    big = tmp_path / "gross.bpmn"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    code, _, err = run_cli(["diff", str(GEWERBE), str(big)], monkeypatch, capsys)
    assert code == 2 and "größer als die Grenze" in err


def test_installed_command_reads_a_pipe(tmp_path: Path) -> None:
    """``prozesskit diff <(git show HEAD:m.bpmn) m.bpmn``: the old side is a pipe without a
    suffix; the real console entry in a subprocess."""
    old = CORPUS / "bpmn" / "miwg-reference" / "C.9.1.bpmn"
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("/dev/stdin", "-"):
        with old.open("rb") as source:
            proc = subprocess.run(
                [sys.executable, "-m", "prozesskit", "diff", name, str(old)],
                stdin=source, capture_output=True, env=env, check=False,
            )
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout.decode().rstrip().endswith("✔ Keine Unterschiede")
    # a shell's process substitution: /dev/fd/N
    proc = subprocess.run(
        ["bash", "-c", '"$0" -m prozesskit diff <(cat "$1") "$1"', sys.executable, str(old)],
        capture_output=True, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
