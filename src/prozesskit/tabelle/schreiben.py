"""A small, deterministic xlsx writer over XlsxWriter, for every command that writes Excel.

Workbooks are versioned and compared like any output (``export --format xlsx``, reports), so
the same input must give the same bytes: XlsxWriter writes in memory (every zip entry dated
1980-01-01) and the document's creation date is fixed (:data:`CREATED`); nothing else in an
xlsx depends on the clock. Cells are written by type, never through XlsxWriter's guessing
``write()``: a text is always a text. A text that a spreadsheet would read as a formula when
the cell is edited (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is stored as text
with Excel's *quote prefix* (the cell style of a typed leading apostrophe): the value itself
stays unchanged (it round-trips byte for byte), Excel and LibreOffice show and keep it as
text, and editing the cell does not turn it into a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The creation date written into every workbook (docProps/core.xml): fixed, so that equal
#: content gives equal bytes.
CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: Characters that make a spreadsheet treat an edited cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Longest text Excel keeps in one cell.
MAX_CELL_CHARS = 32_767
#: Name of the hidden sheet holding the dropdown lists.
LISTS_SHEET = "Listen"

Cell = str | int | float | bool | dt.date | None


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header and how its cells behave.

    ``text``: the cells are formatted as text (``@``), so that codes with leading zeros
    (``02``, LeiKa keys, AGS) and versions (``2.0``) stay text, also when typed in Excel.
    ``locked``: not editable while the sheet is protected (``Sheet.protect``).
    ``choices``: name of a list in ``write_workbook(lists=…)``, offered as a dropdown.
    ``whole``/``minimum``/``maximum``: Excel's own check of typed numbers.
    ``title``/``prompt``: the note Excel shows when a cell of the column is selected.
    """

    header: str
    width: float = 14.0
    text: bool = False
    locked: bool = False
    choices: str | None = None
    whole: bool | None = None  # None: no number check; True: whole numbers; False: decimals
    minimum: float | None = None
    maximum: float | None = None
    title: str = ""
    prompt: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a header row and data rows (one value per column, ``None`` empty)."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    hidden: bool = False
    #: sheet protection without a password: locked columns cannot be edited by mistake
    protect: bool = False
    #: header row (and the first ``freeze_columns`` columns) stay visible when scrolling
    freeze_columns: int = 0
    autofilter: bool = True


class CellTooLong(ValueError):
    """A text longer than Excel keeps (:data:`MAX_CELL_CHARS`); the caller names the cell."""

    def __init__(self, sheet: str, row: int, column: int) -> None:
        self.sheet, self.row, self.column = sheet, row, column
        super().__init__(f"{sheet}!{cell_name(row, column)}")


def cell_name(row: int, column: int) -> str:
    """``F17`` for the 0-based ``row`` 16 and ``column`` 5 (the address a user sees)."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_START)


def write_workbook(sheets: Sequence[Sheet], lists: Mapping[str, Sequence[str]] | None = None
                   ) -> bytes:
    """The workbook as bytes: ``sheets`` in order, then (hidden) the dropdown ``lists``, each
    a column on the sheet ``Listen`` and a workbook name ``Liste_<name>`` that the columns'
    dropdowns refer to (a named range survives Excel's and LibreOffice's saving, where a list
    written into the validation itself is limited to 255 characters).

    Raises :class:`CellTooLong` for a text Excel would cut (nothing is written then)."""
    import xlsxwriter  # only the commands that write Excel pay for the import

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True,  # zip entries dated 1980-01-01, no temp files
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
    })
    workbook.set_properties({"created": CREATED})
    styles = _Styles(workbook)
    names = {name: f"Liste_{name}" for name in (lists or {})}
    for sheet in sheets:
        _write_sheet(workbook, styles, sheet, names)
    if lists:
        _write_lists(workbook, styles, lists, names)
    workbook.close()
    return buffer.getvalue()


class _Styles:
    """One XlsxWriter format per combination in use (formats are workbook-wide)."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._made: dict[tuple[bool, bool, bool, bool], Any] = {}

    def get(self, *, text: bool = False, locked: bool = True, quote: bool = False,
            header: bool = False) -> Any:
        key = (text, locked, quote, header)
        if key not in self._made:
            spec: dict[str, Any] = {"locked": locked}
            if text:
                spec["num_format"] = "@"
            if quote:
                spec["quote_prefix"] = True
            if header:
                spec.update(bold=True, bg_color="#DDEBF7", bottom=1)
            self._made[key] = self._workbook.add_format(spec)
        return self._made[key]


def _write_sheet(workbook: Any, styles: _Styles, sheet: Sheet, names: Mapping[str, str]
                 ) -> None:
    worksheet = workbook.add_worksheet(sheet.name)
    columns = list(sheet.columns)
    header = styles.get(header=True)
    for index, column in enumerate(columns):
        worksheet.set_column(index, index, column.width,
                             styles.get(text=column.text, locked=column.locked))
        worksheet.write_string(0, index, column.header, header)
    for row_index, row in enumerate(sheet.rows, start=1):
        for index, column in enumerate(columns):
            value = row[index] if index < len(row) else None
            if value is not None:
                _write_cell(worksheet, styles, sheet.name, row_index, index, column, value)
    last = len(sheet.rows)
    for index, column in enumerate(columns):
        _validation(worksheet, index, last, column, names)
    if sheet.autofilter and columns:
        worksheet.autofilter(0, 0, last, len(columns) - 1)
    if sheet.freeze_columns or sheet.rows:
        worksheet.freeze_panes(1, sheet.freeze_columns)
    if sheet.protect:
        # no password: the lock prevents accidents, not a determined user (Überprüfen →
        # Blattschutz aufheben); filtering and formatting stay possible
        worksheet.protect("", {"autofilter": True, "sort": True, "format_cells": True,
                               "format_columns": True, "format_rows": True})
    if sheet.hidden:
        worksheet.hide()


def _write_cell(worksheet: Any, styles: _Styles, sheet: str, row: int, index: int,
                column: Column, value: Cell) -> None:
    if isinstance(value, bool):
        worksheet.write_boolean(row, index, value, styles.get(locked=column.locked))
        return
    if isinstance(value, int | float) and math.isfinite(value):
        worksheet.write_number(row, index, value,
                               styles.get(text=column.text, locked=column.locked))
        return
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if len(text) > MAX_CELL_CHARS:
        raise CellTooLong(sheet, row, index)
    style = styles.get(text=column.text, locked=column.locked, quote=needs_quote_prefix(text))
    worksheet.write_string(row, index, text, style)


def _validation(worksheet: Any, index: int, last: int, column: Column,
                names: Mapping[str, str]) -> None:
    """Dropdown, number check and the column's note, for the data rows (Excel's checks help
    while typing; a reader never relies on them: LibreOffice and openpyxl may drop them)."""
    spec: dict[str, Any]
    if column.choices is not None and column.choices in names:
        spec = {"validate": "list", "source": f"={names[column.choices]}"}
    elif column.whole is not None:
        spec = {"validate": "integer" if column.whole else "decimal"}
        if column.minimum is not None and column.maximum is not None:
            spec.update(criteria="between", minimum=column.minimum, maximum=column.maximum)
        elif column.minimum is not None:
            spec.update(criteria=">=", value=column.minimum)
        else:
            spec = {"validate": "any"}
    else:
        spec = {"validate": "any"}
    if spec["validate"] != "any":
        spec.update(error_title="Ungültiger Wert"[:32], error_type="stop",
                    error_message=_error_text(column))
    if column.title or column.prompt:
        spec.update(input_title=column.title[:32], input_message=column.prompt[:255])
    elif spec["validate"] == "any":
        return
    worksheet.data_validation(1, index, max(last, 1), index, spec)


def _error_text(column: Column) -> str:
    if column.choices is not None:
        return "Bitte einen Wert aus der Liste wählen."
    what = "eine ganze Zahl" if column.whole else "eine Zahl"
    if column.minimum is not None and column.maximum is not None:
        return f"Bitte {what} von {column.minimum:g} bis {column.maximum:g} eintragen."
    return f"Bitte {what} ab {column.minimum:g} eintragen."


def _write_lists(workbook: Any, styles: _Styles, lists: Mapping[str, Sequence[str]],
                 names: Mapping[str, str]) -> None:
    worksheet = workbook.add_worksheet(LISTS_SHEET)
    text = styles.get(text=True)
    for index, (name, values) in enumerate(lists.items()):
        worksheet.set_column(index, index, 18, text)
        worksheet.write_string(0, index, name, styles.get(header=True))
        for row, value in enumerate(values, start=1):
            worksheet.write_string(row, index, value, text)
        letters = cell_name(0, index)[:-1]
        end = max(len(values), 1) + 1
        workbook.define_name(names[name], f"='{LISTS_SHEET}'!${letters}$2:${letters}${end}")
    worksheet.protect("")
    worksheet.hide()
