"""The edit path keeps comments, key order and quoting byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit.errors import InputError
from prozesskit.yamlio.edit import dump_text, edited, load_file, load_text, save_file

TEXT = """# Kopfkommentar
id: fahrzeug-zulassen   # stabil
name: 'Fahrzeug zulassen'
produkt:
  bereich: "02"
beteiligte:
  - Halterin
  - Zulassungsstelle
"""


def test_round_trip_is_byte_identical() -> None:
    assert dump_text(load_text(TEXT, "x.yaml")) == TEXT


def test_edit_keeps_comments_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(TEXT, encoding="utf-8")
    data, bom = load_file(path)
    data["produkt"]["gruppe"] = "02.03"
    save_file(path, data, bom=bom)
    text = path.read_text(encoding="utf-8")
    assert "# Kopfkommentar" in text and "# stabil" in text
    assert "name: 'Fahrzeug zulassen'" in text and 'bereich: "02"' in text
    assert "  gruppe: '02.03'\n" in text


def test_every_edit_keeps_the_files_line_ending(tmp_path: Path) -> None:
    """ruamel keeps a comment's CR and writes LF elsewhere: a CRLF file came back mixed.
    Both edit entries (bytes in, bytes out; load_file/save_file) keep it whole."""
    crlf = TEXT.replace("\n", "\r\n")

    def change(data: dict[str, object]) -> None:
        data["status"] = "aktiv"

    out = edited(crlf.encode("utf-8"), "x.yaml", change)
    assert out == (TEXT + "status: aktiv\n").replace("\n", "\r\n").encode("utf-8")
    assert edited(TEXT.encode("utf-8"), "x.yaml", change) == (TEXT + "status: aktiv\n").encode()
    path = tmp_path / "x.yaml"
    path.write_bytes(crlf.encode("utf-8"))
    data, bom = load_file(path)
    change(data)
    save_file(path, data, bom=bom)
    assert path.read_bytes() == (TEXT + "status: aktiv\n").replace("\n", "\r\n").encode()


@pytest.mark.parametrize("path", sorted(EXAMPLE.rglob("*.yaml")), ids=lambda p: p.name)
def test_example_files_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_text(load_text(text, str(path))) == text


def test_invalid_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="YAML nicht lesbar"):
        load_text("stand: 2026-02-30\n", "x.yaml")


@pytest.mark.parametrize("text", ["a: " + "[" * 20_000, "- " * 3_000 + "x\n",
                                  "a: " + "[" * 300 + "]" * 300 + "\n"])
def test_deep_nesting_is_a_german_input_error_not_a_recursion_error(text: str) -> None:
    """ruamel.yaml recurses per level: the read path's limit decides first, in German."""
    with pytest.raises(InputError) as info:
        load_text(text, "tief.yaml")
    assert info.value.message == (
        "Die YAML-Datei ist tiefer als 64 Ebenen verschachtelt und wird nicht gelesen")
    assert (info.value.file, info.value.line) == ("tief.yaml", 1)


FRAMED = "# Kopf über dem Dokument\n%YAML 1.2\n---\n" + TEXT + "...\n# nach dem Ende\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_edit_keeps_the_document_frame(tmp_path: Path, newline: str) -> None:
    """ruamel.yaml drops a '---' start line, every comment and directive above it and a
    '...' end line; all three edit entries put them back as they were."""
    from prozesskit.library.merge3 import apply_plan, plan

    expected = FRAMED.replace("...\n", "status: aktiv\n...\n").replace("\n", newline)
    raw = FRAMED.replace("\n", newline).encode("utf-8")

    def change(data: dict[str, object]) -> None:
        data["status"] = "aktiv"

    assert edited(raw, "x.yaml", change) == expected.encode("utf-8")
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    data, bom = load_file(path)
    change(data)
    save_file(path, data, bom=bom)
    assert path.read_bytes() == expected.encode("utf-8")
    old = dict(load_text(FRAMED, "x.yaml"))
    assert apply_plan(raw, plan(old, old, {**old, "status": "aktiv"}), file="x.yaml") == (
        expected.encode("utf-8"))


def test_a_document_without_frame_gets_none() -> None:
    out = edited(TEXT.encode("utf-8"), "x.yaml", lambda data: data.update(status="aktiv"))
    assert out == (TEXT + "status: aktiv\n").encode("utf-8")
