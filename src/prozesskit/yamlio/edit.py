"""The edit path: ruamel.yaml round-trip, so comments, key order and quoting survive.

Every file prozesskit writes is produced with these settings; that is what makes
load → save byte-identical for files we wrote and near-identical for hand-written ones.
Slow (about ten times the read path), so only commands that change files use it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from prozesskit.errors import InputError
from prozesskit.fsutil import atomic_write_text
from prozesskit.yamlio.read import (
    BOM,
    TOO_DEEP,
    decode,
    german_syntax,
    nests_too_deep,
    newline_of,
    with_newline,
)
from prozesskit.yamlio.schemazeile import SCHEMA_COMMENT


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    return yaml


def load_text(text: str, file: str) -> Any:
    """Round-trip data of ``text``; the read path's depth limit holds here too (ruamel.yaml
    recurses once per level and would end in a RecursionError)."""
    if nests_too_deep(text):
        raise InputError(f"Die YAML-Datei {TOO_DEEP} und wird nicht gelesen", file=file,
                         line=1)
    try:
        return make_yaml().load(text)
    except (YAMLError, ValueError) as exc:  # ruamel raises ValueError for 2026-02-30
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"YAML nicht lesbar: {_german(exc)}", file=file, line=line) from exc


def _german(exc: Exception) -> str:
    """ruamel.yaml's English problem in German: the read path's table, and duplicate keys
    as validate names them (PK-S003)."""
    original = str(getattr(exc, "problem", None) or exc).strip().split("\n")[0]
    duplicate = re.match(r'found duplicate key "(.*?)" with value', original)
    if duplicate:
        return (f"Schlüssel '{duplicate.group(1)}' kommt doppelt vor; einen der beiden Einträge "
                "löschen oder zusammenführen")
    german = german_syntax(original)
    return german if german else f"die Datei ist an dieser Stelle kein gültiges YAML ({original})"


def load_file(path: Path) -> tuple[Any, bool]:
    """Load for editing; returns (data, had_bom) so that a save keeps the BOM as found."""
    raw = path.read_bytes()
    text, problem = decode(raw, str(path))
    if text is None:
        raise InputError(
            problem.message if problem else "Datei nicht lesbar",
            file=str(path),
            line=problem.line if problem else None,
        )
    return load_text(text, str(path)), raw.startswith(BOM)


def dump_text(data: Any) -> str:
    stream = io.StringIO()
    make_yaml().dump(data, stream)
    return stream.getvalue()


#: What may stand before a document's body: comment, blank and directive lines and the
#: ``---`` line; and after it: the ``...`` line with comment and blank lines
_HEAD = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n|%[^\n]*\n)*---[ \t]*(?:#[^\n]*)?\n")
_TAIL = re.compile(r"\n\.\.\.[ \t]*(?:#[^\n]*)?(?:\n(?:[ \t]*(?:#[^\n]*)?))*\n?\Z")


def dump_framed(data: Any, original: str) -> str:
    """``data`` dumped with the frame ``original`` has around its document: a ``---``
    start line (with the comments and directives before it) and a ``...`` end line come
    back as they were (ruamel.yaml drops both, and every comment above ``---``)."""
    text = dump_text(data)
    original = original.replace("\r\n", "\n")  # the callers set the file's line ends
    head = _HEAD.match(original)
    tail = _TAIL.search(original)
    if head is not None:
        text = head.group(0) + text
    if tail is not None:
        text = text + tail.group(0).lstrip("\n")
    return text


def edited(raw: bytes, file: str, change: Callable[[Any], None]) -> bytes | None:
    """``raw`` YAML with ``change`` applied to its round-trip document: comments, key order,
    quoting, line endings and a byte order mark stay as the user wrote them. None if
    ``raw`` is no decodable text (the callers have parsed it before, or leave such a file
    alone)."""
    text, _ = decode(raw, file)
    if text is None:
        return None
    data = load_text(text, file)
    change(data)
    out = with_newline(dump_framed(data, text), newline_of(text)).encode("utf-8")
    return BOM + out if raw.startswith(BOM) else out


def save_file(path: Path, data: Any, *, bom: bool = False) -> None:
    """``data`` over the file at ``path`` in the line ending that file has now: a CRLF
    file stays all CRLF (the caller loaded it with :func:`load_file`)."""
    try:
        before = path.read_bytes()
    except OSError:  # not there (yet): the write below says what is wrong
        before = b""
    crlf = b"\r\n" in before
    original = before.decode("utf-8", errors="replace")
    text = with_newline(dump_framed(data, original), "\r\n" if crlf else "\n")
    atomic_write_text(path, ("\ufeff" if bom else "") + text)


def to_commented(value: Any) -> Any:
    """Plain dicts/lists to ruamel containers, so new files get the same layout."""
    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_commented(item)
        return result
    if isinstance(value, list):
        return CommentedSeq(to_commented(item) for item in value)
    return value


def with_schema_comment(text: str, schema_ref: str) -> str:
    return f"{SCHEMA_COMMENT}{schema_ref}\n{text}"
