"""The reusable xlsx writer: same input, same bytes; texts stay texts; the sheet's helpers
(protection, frozen header, filter, dropdowns through named lists) are really in the file."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from prozesskit.tabelle.schreiben import (
    MAX_CELL_CHARS,
    CellTooLong,
    Column,
    Sheet,
    cell_name,
    write_workbook,
)

COLUMNS = [
    Column("id", text=True, locked=True),
    Column("name"),
    Column("prioritaet", choices="prioritaet", title="Priorität", prompt="hoch, mittel, niedrig"),
    Column("fallzahl", whole=True, minimum=0),
    Column("bereich", text=True),
]
ROWS = [
    ["gewerbe-anmelden", "=HYPERLINK(\"http://x\")", "hoch", 850, "02"],
    ["hund-anmelden", "@SUMME(A1)", None, 12.5, "-1"],
    ["datum", "+49 221 1", "niedrig", None, dt.date(2026, 3, 1)],
]
LISTS = {"prioritaet": ["hoch", "mittel", "niedrig"]}


def _book() -> bytes:
    return write_workbook([Sheet("Steckbriefe", COLUMNS, ROWS, protect=True, freeze_columns=1)],
                          LISTS)


def test_same_input_gives_the_same_bytes() -> None:
    first = _book()
    assert first == _book()
    assert first != write_workbook([Sheet("Steckbriefe", COLUMNS, ROWS[:2], protect=True)], LISTS)


def test_formula_like_texts_are_quote_prefixed_text_and_read_back_unchanged() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_book()))["Steckbriefe"]
    for address, value in (("B2", "=HYPERLINK(\"http://x\")"), ("B3", "@SUMME(A1)"),
                           ("B4", "+49 221 1"), ("E3", "-1")):
        cell = sheet[address]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True), address
    assert sheet["A2"].quotePrefix is False
    assert (sheet["D2"].value, sheet["D3"].value) == (850, 12.5)
    assert sheet["E2"].value == "02" and sheet["E2"].number_format == "@"
    assert sheet["E4"].value == "2026-03-01"


def test_protection_freeze_filter_and_dropdowns() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_book()))
    sheet = book["Steckbriefe"]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["A2"].protection.locked and not sheet["B2"].protection.locked
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:E4"
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert rules["C2:C4"].type == "list" and rules["C2:C4"].formula1 == "Liste_prioritaet"
    assert rules["C2:C4"].promptTitle == "Priorität"
    assert rules["D2:D4"].type == "whole" and rules["D2:D4"].operator == "greaterThanOrEqual"
    assert book["Listen"].sheet_state == "hidden"
    assert book.defined_names["Liste_prioritaet"].attr_text == "'Listen'!$A$2:$A$4"
    assert [c.value for c in book["Listen"]["A"]] == ["prioritaet", "hoch", "mittel", "niedrig"]


def test_a_text_excel_would_cut_is_refused_with_its_cell() -> None:
    with pytest.raises(CellTooLong) as caught:
        write_workbook([Sheet("S", [Column("a"), Column("b")],
                              [["x", "y"], ["x", "z" * (MAX_CELL_CHARS + 1)]])])
    assert str(caught.value) == "S!B3"


@pytest.mark.parametrize(("row", "column", "name"),
                         [(0, 0, "A1"), (16, 5, "F17"), (0, 25, "Z1"), (1, 26, "AA2"),
                          (0, 701, "ZZ1"), (0, 702, "AAA1")])
def test_cell_names(row: int, column: int, name: str) -> None:
    assert cell_name(row, column) == name
