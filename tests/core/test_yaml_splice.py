"""Values replaced in place: only the value's characters change; what cannot be done in
place is left to the ruamel edit path (None)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prozesskit.diff.steckbrief import read_document
from prozesskit.yamlio.read import parse_yaml
from prozesskit.yamlio.splice import replace_scalars

TEXT = """\
# Kopf
id: fahrzeug-zulassen
name: Fahrzeug zulassen   # Kommentar bleibt
produkt:
  bereich: "02"
kennzahlen:
  fallzahl_pro_jahr: 42000 # 2025
  bearbeitungszeit_min: 12.5
  stand: 2025-01-01
organisationseinheit: 'Amt 36'
beteiligte: [a, b]
anker: &a Wert
kopie: *a
leer:
mehrzeilig: |
  Zeile
"""


def _doc() -> Any:
    doc, problems = parse_yaml(TEXT.encode(), "x.yaml")
    assert doc is not None and not problems
    return doc


@pytest.mark.parametrize(("path", "value", "line"), [
    (("name",), "Fahrzeug abmelden", "name: Fahrzeug abmelden   # Kommentar bleibt"),
    (("name",), "ja", "name: ja   # Kommentar bleibt"),
    (("name",), "yes", "name: 'yes'   # Kommentar bleibt"),  # plain: a boolean
    (("name",), "2026-01-01", "name: '2026-01-01'   # Kommentar bleibt"),
    (("produkt", "bereich"), "10", '  bereich: "10"'),
    (("kennzahlen", "fallzahl_pro_jahr"), 45000, "  fallzahl_pro_jahr: 45000 # 2025"),
    (("kennzahlen", "bearbeitungszeit_min"), 7, "  bearbeitungszeit_min: 7"),
    (("kennzahlen", "stand"), dt.date(2026, 3, 31), "  stand: 2026-03-31"),
    (("organisationseinheit",), "Amt 'neu'", "organisationseinheit: 'Amt ''neu'''"),
])
def test_one_value_changes_and_nothing_else(path: tuple[str, ...], value: Any,
                                             line: str) -> None:
    text = replace_scalars(_doc(), [(path, value)])
    assert text is not None
    changed = [new for old, new in zip(TEXT.splitlines(), text.splitlines(), strict=True)
               if old != new]
    assert changed == [line]
    data = read_document(text.encode(), "x.yaml")
    node: Any = data
    for step in path:
        node = node[step]
    assert node == value and type(node) is type(value)


@pytest.mark.parametrize(("path", "value"), [
    (("beteiligte",), "a"),  # a flow sequence
    (("fehlt",), "x"),  # a new field
    (("kopie",), "x"), (("anker",), "x"),  # alias and anchor
    (("leer",), "x"),  # an empty value
    (("mehrzeilig",), "x"),  # a block scalar
    (("name",), "zwei\nZeilen"), (("name",), None), (("name",), True),
    (("kennzahlen", "bearbeitungszeit_min"), 1e-7),
])
def test_what_is_not_certain_is_left_to_ruamel(path: tuple[str, ...], value: Any) -> None:
    assert replace_scalars(_doc(), [(path, value)]) is None
