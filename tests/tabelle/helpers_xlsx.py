"""Editing an exported workbook the way a workshop does, with openpyxl (not read-only, so
that what openpyxl writes back is what Excel-like tools write: a whole new file)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter


def cell_of(path: Path, steckbrief_id: str, header: str) -> str:
    """The address (``M5``) of a Steckbrief's field in the sheet."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Steckbriefe"].iter_rows(values_only=True))
    book.close()
    column = list(rows[0]).index(header)
    row = next(index for index, values in enumerate(rows) if values[0] == steckbrief_id)
    return f"{get_column_letter(column + 1)}{row + 1}"


def edit_cells(path: Path, edits: dict[tuple[str, str], Any]) -> dict[tuple[str, str], str]:
    """Set cells by (id, header); returns their addresses."""
    addresses = {key: cell_of(path, *key) for key in edits}
    book = openpyxl.load_workbook(path)
    sheet = book["Steckbriefe"]
    for key, value in edits.items():
        sheet[addresses[key]] = value
    book.save(path)
    return addresses


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root`` (outside .git and the cache)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts
            and "cache" not in p.parts}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True).stdout
