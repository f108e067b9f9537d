"""Reading a workbook that came back from a workshop: bounded, distrustful, values only.

An xlsx is a zip of XML parts, and it arrives from outside: it is read whole within
:data:`~prozesskit.limits.MAX_XLSX_BYTES`, its zip checked with the package reader's checks
(entry count, types, encryption, overlapping entries, expansion counted as it happens,
:mod:`prozesskit.exchange.zipread`), every XML part refused if it declares a DOCTYPE (no
entity of any kind is expanded), and only then handed to openpyxl (read-only). Formulas are
not evaluated and not trusted: a formula cell is reported with its address (a cached result
may be missing or stale; openpyxl computes nothing). Data validations and other extensions
are ignored: openpyxl drops what it does not know, and the values decide.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prozesskit import limits
from prozesskit.errors import InputError, PaketError
from prozesskit.limits import german_int
from prozesskit.tabelle.export import (
    FORMAT,
    FORMAT_VERSION,
    META_COLUMNS_ROW,
    META_FIRST_ROW,
    META_SHEET,
    SHEET,
)
from prozesskit.tabelle.schreiben import cell_name


@dataclass(frozen=True, slots=True)
class Formel:
    """A cell holding a formula (its text), never taken as a value."""

    text: str


@dataclass(frozen=True, slots=True)
class MetaZeile:
    datei: str
    sha256: str
    zeile: str  # row hash at export


@dataclass(slots=True)
class Mappe:
    """What ``import-xlsx`` needs of a workbook: the sheet's header and rows (0-based row
    index, values by 0-based column), and the export's record from the hidden sheet."""

    datei: str
    blatt: str
    kopf: dict[int, str]
    zeilen: list[tuple[int, dict[int, Any]]]
    commit: str
    spalten: tuple[str, ...]
    meta: dict[str, MetaZeile] = field(default_factory=dict)
    #: the exporting register's Kommune (name, Schlüssel) as the hidden sheet records it
    kommune: tuple[str, str] = ("", "")

    def adresse(self, row: int, column: int) -> str:
        return f"{self.blatt}!{cell_name(row, column)}"


def lese_mappe(path: Path) -> Mappe:
    """The workbook at ``path``; a German :class:`InputError` naming the file for anything
    that is not a readable workbook written by ``export --format xlsx``."""
    shown = str(path)
    raw = _read_file(path)
    _refuse_opendocument(raw, shown)
    _check_zip(raw, shown)
    import openpyxl  # only import-xlsx pays for it

    with warnings.catch_warnings():
        # openpyxl warns about every extension it drops (data validation lists, styles):
        # the values are what counts here
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False,
                                          keep_links=False)
        except Exception as exc:  # openpyxl raises anything from KeyError to TypeError
            raise InputError(_unreadable(exc), file=shown) from None
        try:
            if META_SHEET not in book.sheetnames:
                raise InputError(f"Diese Arbeitsmappe stammt nicht aus 'prozesskit export "
                                 f"--format xlsx': das verborgene Blatt '{META_SHEET}' fehlt. "
                                 "Bitte eine exportierte Tabelle bearbeiten und einlesen",
                                 file=shown)
            if SHEET not in book.sheetnames:
                raise InputError(f"Das Blatt '{SHEET}' fehlt (umbenannt oder gelöscht?); "
                                 f"vorhanden: {', '.join(book.sheetnames)}", file=shown)
            mappe = _meta(book[META_SHEET], shown)
            _main(book[SHEET], mappe)
        except InputError:
            raise
        except Exception as exc:  # a sheet's XML broken below the zip: openpyxl's own errors
            raise InputError(_unreadable(exc), file=shown) from None
        finally:
            book.close()
    return mappe


_MISSING_PART = re.compile(r"There is no item named '(?P<part>[^']+)' in the archive")


def _unreadable(exc: Exception) -> str:
    """openpyxl's reasons are English and technical: say what is wrong and what to do."""
    missing = _MISSING_PART.search(str(exc))
    what = (f"der Teil '{missing['part']}' fehlt im Archiv" if missing else
            "ihr Inhalt ist beschädigt oder in einer Form, die prozesskit nicht liest")
    return (f"Keine lesbare Excel-Arbeitsmappe (xlsx): {what}. Bitte die Tabelle in Excel oder "
            "LibreOffice öffnen und erneut als .xlsx speichern, oder neu exportieren "
            "(prozesskit export --format xlsx)")


def _read_file(path: Path) -> bytes:
    from prozesskit.fsutil import FileTooLarge, NotRegularFile, os_error_reason, read_regular

    try:
        return read_regular(str(path), limits.MAX_XLSX_BYTES)
    except FileTooLarge:
        raise InputError(f"Die Arbeitsmappe ist größer als "
                         f"{german_int(limits.MAX_XLSX_BYTES)} Bytes und wird nicht gelesen",
                         file=str(path)) from None
    except NotRegularFile:
        raise InputError("Keine gewöhnliche Datei (symbolischer Link, Ordner oder FIFO); "
                         "bitte die Arbeitsmappe selbst angeben", file=str(path)) from None
    except FileNotFoundError:
        raise InputError("Die Arbeitsmappe gibt es nicht", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"Die Arbeitsmappe ist nicht lesbar: {os_error_reason(exc)}",
                         file=str(path)) from None


#: An OpenDocument file starts with its stored ``mimetype`` entry (ODF 1.2, part 3, 3.3):
#: the local header's 30 bytes, the name, then the type
_ODF_START = b"mimetypeapplication/vnd.oasis.opendocument."


def _refuse_opendocument(raw: bytes, shown: str) -> None:
    """LibreOffice saves in its own format unless told otherwise: a colleague who kept the
    ODF format must hear that, not a zip error that sounds like an attack."""
    if raw[30:30 + len(_ODF_START)] == _ODF_START:
        raise InputError("Das ist eine OpenDocument-Tabelle (.ods), keine Excel-Arbeitsmappe. "
                         "Bitte in LibreOffice Calc mit „Datei → Speichern unter …“ als "
                         "„Excel 2007-365 (.xlsx)“ speichern und die .xlsx-Datei einlesen",
                         file=shown)


def _check_zip(raw: bytes, shown: str) -> None:
    from prozesskit.exchange.zipread import check_entry, check_spans, read_directory, read_entry

    handle = io.BytesIO(raw)
    budget = [limits.MAX_XLSX_TOTAL_BYTES]  # all parts together, counted as they unpack
    try:
        directory = read_directory(handle, len(raw))
        spans = []
        for entry in directory.entries:
            check_entry(entry)
            read, span = read_entry(handle, entry, limits.MAX_XLSX_PART_BYTES,
                                    directory.start, budget)
            spans.append(span)
            data = read.take()
            if not entry.name.endswith((".xml", ".rels", ".vml")):
                continue
            text = _xml_text(data)
            if text is None:
                raise PaketError(f"Teil '{entry.name}' ist kein UTF-8-kodiertes XML (und "
                                 "kein UTF-16 mit Byte-Order-Mark); Excel und LibreOffice "
                                 "schreiben UTF-8 (bitte dort öffnen und erneut als .xlsx "
                                 "speichern)")
            if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                raise PaketError(f"Teil '{entry.name}' enthält eine DOCTYPE-Deklaration; "
                                 "Arbeitsmappen aus Excel und LibreOffice haben keine, und "
                                 "Entitäten werden nie aufgelöst")
        check_spans(spans)
    except PaketError as exc:
        raise InputError(f"Keine lesbare Excel-Arbeitsmappe (xlsx): {exc.message}",
                         file=shown) from None


_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _xml_text(data: bytes) -> bytes | None:
    """A part as UTF-8 bytes that hold what every XML parser reads, to search for a
    DOCTYPE; None where that is not certain. Excel and LibreOffice write UTF-8; a document
    management system adds its metadata (``customXml/item1.xml``) in UTF-16 with a byte
    order mark. A search in the bytes sees a declaration only in an ASCII-compatible
    encoding, and expat (which openpyxl reads with, and which expands internal entities)
    reads UTF-16 or UCS-4 *without* a BOM by its first bytes alone; with a BOM, the BOM
    decides the encoding for expat and libxml2 alike, so the decoded text is what they
    parse. Refused: NUL characters (UTF-16 without BOM, UTF-32 with or without), a first
    character other than '<' (EBCDIC, another BOM), a declared encoding other than the
    one in use."""
    allowed: tuple[bytes, ...] = (b"utf-8", b"utf8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # rare: only then decoded
        allowed = (b"utf-16", b"utf-16le", b"utf-16be", b"utf16")
        try:
            data = data.decode("utf-16").encode("utf-8")  # the BOM gives the byte order
        except UnicodeError:  # an odd length, a lone surrogate
            return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    head = body.lstrip()
    if b"\x00" in body or head[:1] != b"<":
        return None
    declared = _DECLARED.match(head)
    return body if declared is None or declared.group(1).lower() in allowed else None


def _rows(sheet: Any, shown: str, title: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows with their 0-based index, whatever the file claims its dimensions are."""
    sheet.reset_dimensions()
    for index, row in enumerate(sheet.iter_rows()):
        if index >= limits.MAX_XLSX_ROWS:
            raise InputError(f"Das Blatt '{title}' hat mehr als "
                             f"{german_int(limits.MAX_XLSX_ROWS)} Zeilen", file=shown)
        if len(row) > limits.MAX_XLSX_COLUMNS:
            raise InputError(f"Das Blatt '{title}' hat mehr als "
                             f"{german_int(limits.MAX_XLSX_COLUMNS)} Spalten", file=shown)
        yield index, row


def _value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formel(str(value))
    if isinstance(value, str) and value == "":
        return None
    return value


def _meta(sheet: Any, shown: str) -> Mappe:
    texts: list[list[str]] = []
    for _index, row in _rows(sheet, shown, META_SHEET):
        texts.append(["" if (v := _value(item)) is None else str(v) for item in row])

    def cell(row: int, column: int) -> str:
        return texts[row][column] if row < len(texts) and column < len(texts[row]) else ""

    if cell(0, 1) != FORMAT or cell(0, 2) != str(FORMAT_VERSION):
        raise InputError(f"Das Blatt '{META_SHEET}' ist nicht das von 'prozesskit export' "
                         f"(Format {FORMAT} {FORMAT_VERSION} erwartet); bitte neu exportieren",
                         file=shown)
    columns = tuple(text for text in texts[META_COLUMNS_ROW - 1][1:] if text) if len(
        texts) >= META_COLUMNS_ROW else ()
    mappe = Mappe(shown, SHEET, {}, [], cell(1, 1), columns, kommune=(cell(3, 1), cell(4, 1)))
    for entry in texts[META_FIRST_ROW - 1:]:
        if len(entry) >= 4 and entry[0]:
            mappe.meta[entry[0]] = MetaZeile(entry[1], entry[2], entry[3])
    return mappe


def _main(sheet: Any, mappe: Mappe) -> None:
    mappe.blatt = sheet.title
    for index, row in _rows(sheet, mappe.datei, sheet.title):
        values = {column: value for column, cell in enumerate(row)
                  if (value := _value(cell)) is not None}
        if index == 0:
            mappe.kopf = {column: str(value).strip() for column, value in values.items()}
        elif values:
            mappe.zeilen.append((index, values))
