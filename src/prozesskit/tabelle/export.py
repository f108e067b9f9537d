"""``export --format xlsx``: the register as one workshop sheet, and what the way back needs.

Sheet ``Steckbriefe``: one row per Steckbrief (path order), the columns of
:mod:`~prozesskit.tabelle.felder`; the id column locked (sheet protection without a
password), header and id frozen, autofilter, dropdowns for coded fields through named lists
on the hidden sheet ``Listen``. Hidden sheet ``prozesskit``: the register's commit and
content hash, the exported columns, and per row the id, the file, the file's sha256 and a
hash of the row as exported. ``import-xlsx`` reads edits against that: a row whose hash is
unchanged was not edited; an edited row whose file no longer has the exported sha256 was
changed in the register meanwhile (a conflict, never overwritten).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.errors import GitError, InputError
from prozesskit.register.view import Register, SteckbriefFile
from prozesskit.tabelle import felder
from prozesskit.tabelle.schreiben import CellTooLong, Column, Sheet, write_workbook

SHEET = "Steckbriefe"
META_SHEET = "prozesskit"
FORMAT = "prozesskit-tabelle"
FORMAT_VERSION = 1
#: Rows of the meta sheet (1-based) and where its per-row table starts
META_COLUMNS_ROW = 6
META_TABLE_HEADER = ("id", "datei", "sha256", "zeile_sha256")
META_FIRST_ROW = 9


@dataclass(frozen=True, slots=True)
class Export:
    """The workbook and what it holds: ``zeilen`` Steckbriefe; ``ausgelassen``: files that
    have no row (unreadable, no id, an id another file has already), with the reason."""

    data: bytes
    zeilen: int
    ausgelassen: tuple[tuple[str, str], ...]


def row_hash(columns: Sequence[str], texts: Sequence[str]) -> str:
    """The hash of a row as its cells' :func:`~prozesskit.tabelle.felder.kanon` forms."""
    joined = "\x1e".join(f"{column}\x1f{text}" for column, text in zip(columns, texts,
                                                                         strict=True))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def register_commit(root: Path | None) -> str:
    """The commit the register's folder is checked out at, or ``""`` (not in git)."""
    if root is None:
        return ""
    from prozesskit.gitio import repository_of

    try:
        found = repository_of(root)
    except GitError:  # no git program: the export works without the record
        return ""
    return (found[2] or "") if found is not None else ""


def export_xlsx(register: Register, *, commit: str = "") -> Export:
    """The workbook of ``register`` (``commit``: recorded, see :func:`register_commit`)."""
    fields = felder.FELDER
    headers = [feld.kopf for feld in fields]
    rows: list[list[Any]] = []
    meta_rows: list[list[Any]] = []
    skipped: list[tuple[str, str]] = []
    for item in register:
        reason = _unexportable(register, item)
        if reason is not None:
            skipped.append((item.path, reason))
            continue
        cells = [felder.zelle(felder.lookup(item.data, feld.path)) for feld in fields]
        rows.append(cells)
        texts = [felder.kanon(cell) for cell in cells]
        meta_rows.append([item.id, item.path, item.sha256, row_hash(headers, texts)])
    lists = {**felder.LISTEN, felder.PRODUKTBEREICH_LISTE: _bereiche(register)}
    main = Sheet(SHEET, [felder.column(feld) for feld in fields], rows, protect=True,
                 freeze_columns=1)
    try:
        data = write_workbook([main, _meta(register, commit, headers, meta_rows)], lists)
    except CellTooLong as exc:
        item = [s for s in register if _unexportable(register, s) is None][exc.row - 1]
        raise InputError(f"'{fields[exc.column].kopf}' ist länger als die 32.767 Zeichen, die "
                         "eine Excel-Zelle fasst; bitte im Steckbrief kürzen",
                         file=item.path) from None
    return Export(data, len(rows), tuple(skipped))


def _unexportable(register: Register, item: SteckbriefFile) -> str | None:
    if not isinstance(item.data, dict):
        return "nicht lesbar (prozesskit validate zeigt, warum)"
    if item.id is None:
        return "ohne id"
    if register.get(item.id) is not item:
        return f"id '{item.id}' hat schon {register[item.id].path}"
    return None


def _bereiche(register: Register) -> list[str]:
    from prozesskit.model.produktrahmen import RAHMEN, STANDARD, expand, of_manifest

    data = register.manifest.data if register.manifest is not None else None
    table = RAHMEN.get(of_manifest(data), RAHMEN[STANDARD])
    codes: dict[str, None] = {}
    for key in table:
        codes[key] = None
        codes.update(dict.fromkeys(expand(key)))
    return list(codes)


def kommune_of(register: Register) -> tuple[str, str]:
    """(name, Schlüssel) of the register's Kommune as the hidden sheet records them and
    ``import-xlsx`` compares them: one form for both sides."""
    data = register.manifest.data if register.manifest is not None else None
    kommune = data.get("kommune") if isinstance(data, dict) else None
    kommune = kommune if isinstance(kommune, dict) else {}
    return (felder.kanon(felder.zelle(kommune.get("name"))),
            felder.kanon(felder.zelle(kommune.get("schluessel"))))


def _meta(register: Register, commit: str, headers: list[str], rows: list[list[Any]]
          ) -> Sheet:
    """The hidden sheet import-xlsx trusts: texts only, in fixed places."""
    name, schluessel = kommune_of(register)
    head: list[list[Any]] = [
        ["Register-Commit", commit],
        ["Register-SHA-256", register.sha256],
        ["Kommune", name],
        ["Schlüssel", schluessel],
        ["Spalten", *headers],
        [],
        list(META_TABLE_HEADER),
        *rows,
    ]
    width = max(len(row) for row in head)
    columns = [Column("Format", 24, text=True, locked=True),
               Column(FORMAT, 66, text=True, locked=True),
               Column(str(FORMAT_VERSION), 20, text=True, locked=True)]
    columns += [Column("", 20, text=True, locked=True) for _ in range(width - len(columns))]
    return Sheet(META_SHEET, columns, head, hidden=True, protect=True, autofilter=False)
