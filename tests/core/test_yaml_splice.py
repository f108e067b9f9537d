"""Values replaced in place: only the value's characters change; what cannot be done in
place is left to the ruamel edit path (None)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prozesskit.diff.steckbrief import read_document
from prozesskit.yamlio.read import parse_yaml
from prozesskit.yamlio.splice import replace_scalars, splice_scalars

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


ORDER = {(): ("id", "name", "produkt", "organisationseinheit", "leika", "kennzahlen",
              "prioritaet", "digitalisierungsgrad", "beteiligte", "anker", "kopie", "leer",
              "mehrzeilig"),
         ("kennzahlen",): ("fallzahl_pro_jahr", "bearbeitungszeit_min", "durchlaufzeit_tage",
                           "stand"),
         ("digitalisierungsgrad",): ("modell", "stufe")}


def _order(where: tuple[str, ...]) -> tuple[str, ...]:
    return ORDER.get(where, ())


def _added(text: str, additions: list[tuple[tuple[str, ...], Any]],
           changes: list[tuple[tuple[str, ...], Any]] | None = None) -> str | None:
    doc, problems = parse_yaml(text.encode(), "x.yaml")
    assert doc is not None and not problems
    return splice_scalars(doc, changes or [], additions, _order)


def test_new_fields_are_whole_lines_at_their_place_in_the_order() -> None:
    text = _added(TEXT, [
        (("leika",), "99012002012000"),  # before kennzahlen (the order says so)
        (("kennzahlen", "durchlaufzeit_tage"), 30),  # between two existing fields
        (("digitalisierungsgrad", "stufe"), 2),  # a new section, two fields, key order
        (("digitalisierungsgrad", "modell"), "2.0"),
    ], changes=[(("kennzahlen", "fallzahl_pro_jahr"), 45000)])
    assert text is not None
    assert text == TEXT.replace(
        "kennzahlen:\n", "leika: '99012002012000'\nkennzahlen:\n").replace(
        "  fallzahl_pro_jahr: 42000 # 2025\n  bearbeitungszeit_min: 12.5\n",
        "  fallzahl_pro_jahr: 45000 # 2025\n  bearbeitungszeit_min: 12.5\n"
        "  durchlaufzeit_tage: 30\n").replace(
        "beteiligte: [a, b]\n",
        "digitalisierungsgrad:\n  modell: '2.0'\n  stufe: 2\nbeteiligte: [a, b]\n")
    data = read_document(text.encode(), "x.yaml")
    assert data["digitalisierungsgrad"] == {"modell": "2.0", "stufe": 2}
    assert data["kennzahlen"]["durchlaufzeit_tage"] == 30


def test_a_new_field_goes_above_the_comments_of_the_key_after_it() -> None:
    text = _added("id: a\n# zur Priorität\nprioritaet: hoch\n", [(("name",), "A")])
    assert text == "id: a\nname: A\n# zur Priorität\nprioritaet: hoch\n"


def test_new_fields_at_the_end_keep_nesting_and_line_endings() -> None:
    base = "id: a\r\nkennzahlen:\r\n    fallzahl_pro_jahr: 1"  # no newline at the end
    text = _added(base, [(("kennzahlen", "stand"), dt.date(2026, 1, 31)),
                         (("prioritaet",), "hoch")])
    assert text == ("id: a\r\nkennzahlen:\r\n    fallzahl_pro_jahr: 1\r\n"
                    "    stand: 2026-01-31\r\nprioritaet: hoch\r\n")
    text = _added("id: a\n", [(("kennzahlen", "fallzahl_pro_jahr"), 5)])
    assert text == "id: a\nkennzahlen:\n  fallzahl_pro_jahr: 5\n"


@pytest.mark.parametrize(("text", "path"), [
    ("id: a\nkennzahlen: {fallzahl_pro_jahr: 1}\n", ("kennzahlen", "stand")),  # flow
    ("id: a\nkennzahlen:\n", ("kennzahlen", "stand")),  # an empty section
    ("id: a\nname: x\n", ("name",)),  # not new
    ("id: a\nmehrzeilig: |\n  Zeile\n", ("zusatz",)),  # after a block scalar (last)
    ("id: a\n", ("a", "b", "c")),  # deeper than one level
    ("{id: a}\n", ("name",)),  # a flow document
    ("id: &a x\nkopie: *a\n", ("zusatz",)),  # after an alias (its node is the anchor's)
])
def test_additions_that_are_not_certain_are_left_to_ruamel(text: str,
                                                           path: tuple[str, ...]) -> None:
    assert _added(text, [(path, "x")]) is None
