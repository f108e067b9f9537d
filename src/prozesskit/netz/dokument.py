"""A report as plain data: a title, a few lines of introduction and sections of tables.

The views of ``netz`` and ``bericht`` are tables; every writer that lays tables out on its
own medium (a page: :mod:`.html`, a workbook: :mod:`.xlsx`, and the text and markdown of
``bericht``) takes this one shape, so that a view is turned into tables once and a new
medium is one writer. Cells keep numbers as numbers (a spreadsheet sums them; text shows
them the German way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prozesskit.limits import german_int
from prozesskit.reporters._common import printable
from prozesskit.reporters.markdown import escape_cell

Wert = str | int | float | dt.date | None


@dataclass(frozen=True, slots=True)
class Abschnitt:
    titel: str
    kopf: tuple[str, ...]
    zeilen: tuple[tuple[Wert, ...], ...]
    hinweis: str = ""
    blatt: str = ""  # short name for a workbook sheet (≤ 31 characters); default: titel


@dataclass(frozen=True, slots=True)
class Dokument:
    titel: str
    einleitung: tuple[str, ...]
    abschnitte: tuple[Abschnitt, ...]


def zahl(value: float, stellen: int = 1) -> str:
    """German number: thousands with '.', decimals with ','; whole numbers without."""
    if value == int(value):
        return german_int(int(value))
    text = f"{value:,.{stellen}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def als_text(value: Wert) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return zahl(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return value


def table(head: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, a dashed rule under the head; control characters
    of foreign names shown as ``\\x1b``, never sent to the terminal."""
    rows = [[printable(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in [head, ["-" * w for w in widths], *rows]]
    return "\n".join(lines) + "\n"


def md_table(head: list[str], rows: list[list[str]]) -> str:
    """A GFM table, every cell escaped as validate's Markdown escapes it (no HTML, image,
    link, formatting or control character from a foreign name)."""
    lines = ["| " + " | ".join(escape_cell(v) for v in head) + " |",
             "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(escape_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _rows(section: Abschnitt) -> list[list[str]]:
    return [[als_text(v) for v in row] for row in section.zeilen]


def to_text(doc: Dokument) -> str:
    parts = [printable(doc.titel), *map(printable, doc.einleitung), ""]
    for section in doc.abschnitte:
        parts += [printable(section.titel), ""]
        parts.append(table(list(section.kopf), _rows(section)) if section.zeilen
                     else "(keine)\n")
        if section.hinweis:
            parts.append(printable(section.hinweis) + "\n")
    return "\n".join(parts).rstrip("\n") + "\n"


def to_markdown(doc: Dokument) -> str:
    """Titles, introduction and notes escaped like the cells: the register's name and its
    source are foreign text, too."""
    parts = [f"# {escape_cell(doc.titel)}", ""]
    if doc.einleitung:
        parts += [*map(escape_cell, doc.einleitung), ""]
    for section in doc.abschnitte:
        parts += [f"## {escape_cell(section.titel)}", ""]
        parts.append(md_table(list(section.kopf), _rows(section)) if section.zeilen
                     else "(keine)\n")
        if section.hinweis:
            parts.append(escape_cell(section.hinweis) + "\n")
    return "\n".join(parts).rstrip("\n") + "\n"
