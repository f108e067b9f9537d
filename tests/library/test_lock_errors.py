"""A damaged ``prozesskit.lock`` (a merge conflict, an edit by hand) is named in German with
line and column and what to do; neither json's nor pydantic's English reaches the user."""

from __future__ import annotations

import pytest

from prozesskit.errors import InputError, json_reason
from prozesskit.library.lock import parse_lock


@pytest.mark.parametrize(("raw", "says", "line"), [
    (b'{"format": 1, x}', "ein Feldname in doppelten Anführungszeichen fehlt (Zeile 1, Spalte 15)",
     1),
    (b'{\n  "format": 1\n  "quellen": {}\n}', "ein Komma fehlt (Zeile 3, Spalte 3)", 3),
    (b'<<<<<<< HEAD\n{"format": 1}\n', "ein Wert fehlt oder ist kein JSON (Zeile 1, Spalte 1)",
     1),
    (b'{"format": 1}\n{"format": 1}\n', "nach dem Ende folgt noch etwas (Zeile 2, Spalte 1)", 2),
    (b'{"format": 1, "x": "\xff"}', "nicht in UTF-8 kodiert", None),
])
def test_unreadable_json_is_explained(raw: bytes, says: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        parse_lock(raw)
    assert f"prozesskit.lock ist kein gültiges JSON: {says}" in str(info.value)
    assert info.value.line == line
    assert "Expecting" not in str(info.value)


@pytest.mark.parametrize(("raw", "says"), [
    (b'{"format": 1, "prozesse": {"x-y": {"quelle": "a"}}}', "Pflichtfeld 'prozesse.x-y.id' fehlt"),
    (b"[]", "muss eine Zuordnung"),
])
def test_a_lock_of_the_wrong_shape_is_explained(raw: bytes, says: str) -> None:
    with pytest.raises(InputError) as info:
        parse_lock(raw)
    message = str(info.value)
    assert "prozesskit.lock ist ungültig: " in message and says in message
    assert "bitte aus git wiederherstellen" in message
    assert "Field required" not in message and "Input should" not in message
    assert "ergänzen" not in message  # YAML advice for a file nobody edits by hand


def test_a_lock_nested_too_deep_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError) as info:
        parse_lock(b"[" * 100_000)
    assert "prozesskit.lock ist kein gültiges JSON: zu tief verschachtelt" in str(info.value)


@pytest.mark.parametrize(("raw", "says"), [
    (b'{"a": 1,}', "ein Komma zu viel vor der schließenden Klammer (Zeile 1, Spalte 8)"),
    (b"[1 2]", "ein Komma fehlt oder eine Klammer ist nicht geschlossen (Zeile 1, Spalte 4)"),
    (b"{x", "ein Feldname in doppelten Anführungszeichen fehlt (Zeile 1, Spalte 2)"),
    (b'{"a": 1', "die Datei endet mitten im JSON"),
    (b"", "die Datei ist leer"),
])
def test_json_reason_reads_orjson_too(raw: bytes, says: str) -> None:
    """The package manifest is read with orjson, whose messages differ from json's."""
    import orjson

    with pytest.raises(orjson.JSONDecodeError) as info:
        orjson.loads(raw)
    assert json_reason(info.value).startswith(says)
