"""A :class:`~prozesskit.netz.dokument.Dokument` as an Excel workbook.

One sheet per table (header frozen, autofilter, numbers as numbers) after an overview
sheet with the title, the introduction and each table's note. Written by the project's
one xlsx writer (:mod:`prozesskit.tabelle.schreiben`: byte-reproducible, formula-like
text stored as text), so that the same network gives the same bytes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from prozesskit.netz.dokument import Abschnitt, Dokument, Wert

if TYPE_CHECKING:
    from prozesskit.tabelle.schreiben import Sheet

#: Characters Excel does not allow in a sheet name, and its length limit
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET = 31
_MAX_WIDTH = 60.0


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", wanted).strip("'") or "Tabelle"
    name = base[:_MAX_SHEET]
    number = 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[:_MAX_SHEET - len(suffix)] + suffix
        number += 1
    taken.add(name.casefold())
    return name


def _width(header: str, values: list[Wert]) -> float:
    longest = max([len(header), *(len(str(v)) for v in values if v is not None)])
    return min(_MAX_WIDTH, max(8.0, longest + 2.0))


def _sheet(section: Abschnitt, name: str) -> Sheet:
    from prozesskit.tabelle.schreiben import Column, Sheet

    columns = [Column(header, width=_width(header, [row[i] for row in section.zeilen
                                                    if i < len(row)]))
               for i, header in enumerate(section.kopf)]
    return Sheet(name, columns, [list(row) for row in section.zeilen], freeze_columns=1)


def to_xlsx(doc: Dokument) -> bytes:
    from prozesskit.tabelle.schreiben import Column, Sheet, write_workbook

    taken: set[str] = set()
    overview_rows: list[list[Wert]] = [[line] for line in doc.einleitung]
    sheets = []
    for section in doc.abschnitte:
        name = _sheet_name(section.blatt or section.titel, taken | {"übersicht"})
        sheets.append(_sheet(section, name))
        overview_rows.append([f"{section.titel} (Blatt '{name}'): "
                              + (section.hinweis or f"{len(section.zeilen)} Zeilen")])
    overview = Sheet("Übersicht", [Column(doc.titel, width=100.0)], overview_rows,
                     autofilter=False)
    return write_workbook([overview, *sheets])
