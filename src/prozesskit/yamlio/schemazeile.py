"""The editor's schema line (``# yaml-language-server: $schema=…``) of a Steckbrief.

yaml-language-server resolves the path relative to the file: a Steckbrief copied into a
subfolder of ``steckbriefe/`` keeps ``../`` and silently loses completion and checking in
VS Code. ``validate`` reports such a line (PK-S021, ``rules/steckbrief/schema_zeile.py``),
``neu`` writes the right one. Pure text work on the register-relative path, no file system:
the result may be cached by content.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from prozesskit.validation.layout import STECKBRIEF_SCHEMA

SCHEMA_COMMENT = "# yaml-language-server: $schema="
#: The line must stand in the leading comment block; yaml-language-server reads it anywhere,
#: but nobody writes it below the data, and scanning further would cost on every file.
_HEAD_LINES = 20


def schema_ref(rel: str) -> str:
    """The schema path as seen from the folder of ``rel`` (register-relative, POSIX)."""
    return posixpath.relpath(STECKBRIEF_SCHEMA, posixpath.dirname(rel) or ".")


def schema_line(rel: str) -> str:
    return f"{SCHEMA_COMMENT}{schema_ref(rel)}"


@dataclass(frozen=True, slots=True)
class WrongSchemaLine:
    line: int
    written: str
    expected: str


def check_schema_line(rel: str, text: str) -> WrongSchemaLine | None:
    """A schema line that does not lead to the register's Steckbrief schema; None when it
    does, when there is none (workspace settings may map the folder) or when it names a URL
    (a schema published elsewhere is the user's choice)."""
    for number, line in enumerate(text.splitlines()[:_HEAD_LINES], start=1):
        stripped = line.lstrip("\ufeff \t")
        if not stripped.startswith("#"):
            if stripped:
                return None  # the data has begun
            continue
        body = stripped[1:].strip()
        prefix = SCHEMA_COMMENT[2:]
        if not body.startswith(prefix):
            continue
        written = body[len(prefix) :].strip()
        if "://" in written:
            return None
        folder = posixpath.dirname(rel)
        target = posixpath.normpath(posixpath.join(folder, written)) if written else ""
        if target == STECKBRIEF_SCHEMA:
            return None
        return WrongSchemaLine(number, written, schema_ref(rel))
    return None

