"""Field-level difference of two Steckbriefe, on plain data from the read path.

A text diff of YAML shows reindented lines and moved comments; a Prozessmanager:in wants
to know *which field* changed. So documents are compared as data (read with the PyYAML C
composer, ``prozesskit.yamlio.read``), and lists are compared by what their items mean:

- lists of records with a known key field (``rechtsgrundlagen`` by ``name``, ``modelle``
  by ``art``, ``varianten`` by ``leika``) are matched by that key, so inserting a
  Rechtsgrundlage at the top is one addition, not a change of every entry;
- lists of scalars (``beteiligte``, ``ebenen``) are sets: an item is added or removed,
  a mere reordering is no change (order carries no meaning in a Steckbrief, and a
  set can be merged three ways without conflicts);
- any other list (records without their key, a key used twice, mixed items) is one
  value: it changed as a whole or not at all.

The same paths (:data:`Path`) address fields in the 3-way merge (``library.merge3``),
which applies changes to the round-trip document of the edit path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from prozesskit.errors import InputError
from prozesskit.problem import Level
from prozesskit.yamlio.read import parse_yaml

#: The key that identifies a record in a list, by the list's field name.
RECORD_KEYS: dict[str, str] = {"rechtsgrundlagen": "name", "modelle": "art", "varianten": "leika"}

ChangeKind = Literal["added", "removed", "changed"]


class _Absent:
    """A field that is not there (distinct from an explicit ``null``)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


#: Marker for a missing field or document; ``None`` is YAML's ``null``.
ABSENT: Any = _Absent()


@dataclass(frozen=True, slots=True)
class Record:
    """Step into a list of records: the record whose ``field`` equals ``key``."""

    field: str
    key: Any


@dataclass(frozen=True, slots=True)
class Item:
    """Step into a list of scalars (a set): the item ``value``."""

    value: Any


Step = Record | Item | Hashable
Path = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field added, removed or changed; ``old``/``new`` are :data:`ABSENT` where absent."""

    path: Path
    kind: ChangeKind
    old: Any
    new: Any

    @property
    def where(self) -> str:
        return format_path(self.path)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.where, "kind": self.kind, "old": to_json_value(self.old),
                "new": to_json_value(self.new)}


def format_path(path: Path) -> str:
    """``rechtsgrundlagen[name=BauO NRW].name``, ``beteiligte[Fachbehörden]``: as users read
    YAML, with records named by their key instead of a position that differs per side."""
    text = ""
    for step in path:
        if isinstance(step, Record):
            text += f"[{step.field}={_scalar_text(step.key)}]"
        elif isinstance(step, Item):
            text += f"[{_scalar_text(step.value)}]"
        else:
            text += f".{step}" if text else str(step)
    return text or "(Dokument)"


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_json_value(value: Any) -> Any:
    """Plain data for JSON: dates as ISO text, absent as ``null`` (the kind says which)."""
    if value is ABSENT:
        return None
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_value(item) for item in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return str(value)
    return value


def scalar_key(value: Any) -> tuple[str, Any]:
    """Hashable identity of a scalar that keeps ``1``, ``1.0`` and ``true`` apart (Python
    compares them equal) and that is the same for ruamel's scalar subclasses."""
    if isinstance(value, bool):
        return ("bool", bool(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", float(value))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, dt.datetime):
        return ("datetime", value)
    if isinstance(value, dt.date):
        return ("date", value)
    if value is None:
        return ("null", None)
    return (type(value).__name__, value if isinstance(value, Hashable) else repr(value))


def same(a: Any, b: Any) -> bool:
    """Equality as YAML means it: ``1`` is not ``true`` and not ``1.0``; key order of a
    mapping does not matter, order of a list does (lists are compared as sets elsewhere)."""
    if a is b:
        return True
    if isinstance(a, dict):
        if not isinstance(b, dict) or len(a) != len(b):
            return False
        return all(key in b and same(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            return False
        return all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(b, dict | list) or a is ABSENT or b is ABSENT:
        return False
    return scalar_key(a) == scalar_key(b)


def is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list) and value is not ABSENT


def record_field(name: Step, *lists: Any) -> str | None:
    """The key field by which these lists (present ones) match records, or None when any
    item lacks it or a key repeats: then the list is compared as one value."""
    field = RECORD_KEYS.get(name) if isinstance(name, str) else None
    if field is None:
        return None
    for items in lists:
        if items is ABSENT:
            continue
        if not isinstance(items, list):
            return None
        seen: set[tuple[str, Any]] = set()
        for item in items:
            if not isinstance(item, dict) or field not in item or not is_scalar(item[field]):
                return None
            key = scalar_key(item[field])
            if key in seen:
                return None
            seen.add(key)
    return field


def scalar_list(*lists: Any) -> bool:
    """Whether the present lists hold only scalars (compared as sets)."""
    present = [items for items in lists if items is not ABSENT]
    return bool(present) and all(
        isinstance(items, list) and all(is_scalar(item) for item in items) for items in present)


def records_by_key(items: Any, field: str) -> dict[tuple[str, Any], dict[str, Any]]:
    if items is ABSENT:
        return {}
    return {scalar_key(item[field]): item for item in items}


def items_by_key(items: Any) -> dict[tuple[str, Any], Any]:
    if items is ABSENT:
        return {}
    return {scalar_key(item): item for item in items}


def union_keys(*orders: Iterable[Any]) -> list[Any]:
    """Keys of several sides, each once, first side's order first."""
    seen: dict[Any, None] = {}
    for order in orders:
        for key in order:
            seen.setdefault(key, None)
    return list(seen)


def diff_documents(old: Any, new: Any) -> list[FieldChange]:
    """Every field that differs between two documents (plain data of the read path), in the
    order of the old document with fields only in the new one after their predecessor."""
    changes: list[FieldChange] = []
    _walk((), old, new, changes)
    return changes


def _walk(path: Path, old: Any, new: Any, out: list[FieldChange]) -> None:
    if same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in union_keys(old, new):
            _walk((*path, key), old.get(key, ABSENT), new.get(key, ABSENT), out)
        return
    if isinstance(old, list) and isinstance(new, list) and _walk_list(path, old, new, out):
        return
    if old is ABSENT:
        out.append(FieldChange(path, "added", ABSENT, new))
    elif new is ABSENT:
        out.append(FieldChange(path, "removed", old, ABSENT))
    else:
        out.append(FieldChange(path, "changed", old, new))


def _walk_list(path: Path, old: list[Any], new: list[Any], out: list[FieldChange]) -> bool:
    """Records by key or scalars as sets; False for a list compared as one value."""
    field = record_field(path[-1] if path else None, old, new)
    if field is not None:
        old_records, new_records = records_by_key(old, field), records_by_key(new, field)
        for key in union_keys(old_records, new_records):
            record = old_records.get(key) or new_records[key]
            _walk((*path, Record(field, record[field])), old_records.get(key, ABSENT),
                  new_records.get(key, ABSENT), out)
        return True
    if scalar_list(old, new):
        old_items, new_items = items_by_key(old), items_by_key(new)
        out.extend(FieldChange((*path, Item(value)), "removed", value, ABSENT)
                   for key, value in old_items.items() if key not in new_items)
        out.extend(FieldChange((*path, Item(value)), "added", ABSENT, value)
                   for key, value in new_items.items() if key not in old_items)
        return True
    return False


def read_document(raw: bytes, file: str) -> Any:
    """A Steckbrief's plain data through the read path, or an :class:`InputError` in German
    naming file and line: broken YAML, or a document that is not a mapping of fields."""
    doc, problems = parse_yaml(raw, file)
    errors = [problem for problem in problems if problem.level is Level.ERROR]
    if doc is None or errors:
        first = errors[0] if errors else None
        message = first.message if first else "Datei nicht lesbar"
        hint = f" {first.hint}" if first is not None and first.hint else ""
        raise InputError(f"{message}.{hint}", file=file, line=first.line if first else None)
    if not isinstance(doc.data, dict):
        raise InputError("Ein Steckbrief muss aus Feldern bestehen (Schlüssel: Wert), diese "
                         "Datei enthält aber eine Liste oder einen einzelnen Wert. Bitte die "
                         "Datei prüfen: ist es der richtige Steckbrief?", file=file, line=1)
    return doc.data


# -- result and renderers (text, json, markdown, as ``diff.report`` does for models) ----------

#: Version of the JSON form of a Steckbrief comparison (documented in ARCHITECTURE.md).
FORMAT_VERSION = 1
FORMATS = ("text", "json", "markdown")
_KIND_GERMAN = {"added": "hinzugefügt", "removed": "entfernt", "changed": "geändert"}
_MARK = {"added": "+", "removed": "-", "changed": "~"}
_ANSI = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m",
         "head": "\x1b[1m", "ok": "\x1b[1;32m", "diff": "\x1b[1;33m"}
_RESET = "\x1b[0m"


@dataclass(frozen=True, slots=True)
class SteckbriefDiff:
    """Field-level difference of two Steckbrief files."""

    old_file: str
    new_file: str
    changes: tuple[FieldChange, ...]

    @property
    def has_differences(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0}
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def to_json(self, tool_version: str) -> dict[str, Any]:
        """The documented JSON form (key order is the documented order)."""
        return {
            "version": FORMAT_VERSION,
            "tool": {"name": "prozesskit", "version": tool_version},
            "kind": "steckbrief",
            "old": {"file": self.old_file},
            "new": {"file": self.new_file},
            "differences": self.has_differences,
            "summary": self.summary(),
            "changes": [change.to_json() for change in self.changes],
        }


def compare(old: bytes, new: bytes, *, old_file: str, new_file: str) -> SteckbriefDiff:
    """Two Steckbrief files' bytes → their field diff; :class:`InputError` for bad input."""
    return SteckbriefDiff(old_file, new_file, tuple(diff_documents(
        read_document(old, old_file), read_document(new, new_file))))


_SHOWN = 120  # characters of a value in a report line
_AROUND = 40  # characters kept before and after where long values differ


def show_value(value: Any) -> str:
    """A value in one line, as JSON shows it (strings quoted, so ``"10"`` is not ``10``)."""
    return show_values(value)[0]


def show_values(*values: Any) -> list[str]:
    """Values that are compared (old → new; base, local, upstream) in one line each. A long
    one is cut around where they differ, the same stretch of each, not at its end: a change
    at the end of a long description must not show as two equal beginnings."""
    texts = ["(fehlt)" if v is ABSENT else json.dumps(to_json_value(v), ensure_ascii=False)
             for v in values]
    compared = [t for t, v in zip(texts, values, strict=True) if v is not ABSENT]
    if all(len(t) <= _SHOWN for t in texts):
        return texts
    if len(compared) < 2:
        return [t if len(t) <= _SHOWN else t[:_SHOWN - 3] + "..." for t in texts]
    head = _common_start(compared)
    shortest = min(len(t) for t in compared)
    tail = min(_common_start([t[::-1] for t in compared]), shortest - head)
    start = max(0, head - _AROUND)
    out = []
    for text, value in zip(texts, values, strict=True):
        if value is ABSENT or len(text) <= _SHOWN:
            out.append(text)
            continue
        stop = min(len(text), len(text) - tail + _AROUND)
        piece = text[start:stop]
        if len(piece) > _SHOWN:  # differs over a long stretch: its beginning and its end
            half = _SHOWN // 2
            piece = piece[:half] + "…" + piece[-half:]
        out.append(("…" if start else "") + piece + ("…" if stop < len(text) else ""))
    return out


def _common_start(texts: list[str]) -> int:
    """How many characters all ``texts`` begin with."""
    first, last = min(texts), max(texts)  # the extremes differ first
    for index, (a, b) in enumerate(zip(first, last, strict=False)):
        if a != b:
            return index
    return len(first)


def summary_line(result: SteckbriefDiff) -> str:
    if not result.has_differences:
        return "✔ Keine Unterschiede"
    counts = result.summary()
    return (f"✖ {counts['added']} hinzugefügt, {counts['removed']} entfernt, "
            f"{counts['changed']} geändert")


def _describe(change: FieldChange) -> str:
    if change.kind == "changed":
        old, new = show_values(change.old, change.new)
        return f"{old} → {new}"
    return show_value(change.new if change.kind == "added" else change.old)


def render_text(result: SteckbriefDiff, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    out = [paint(f"Vergleich {result.old_file} → {result.new_file}", "head")]
    out.extend(f"  {paint(_MARK[change.kind], change.kind)} {change.where}: {_describe(change)}"
               for change in result.changes)
    out.append(paint(summary_line(result), "diff" if result.has_differences else "ok"))
    return "\n".join(out) + "\n"


def render_markdown(result: SteckbriefDiff) -> str:
    """A merge-request comment: heading, summary, one table row per field."""
    from prozesskit.reporters.markdown import escape_cell

    parts = [f"### Steckbrief-Vergleich `{_code(result.old_file)}` → "
             f"`{_code(result.new_file)}`", "", summary_line(result)]
    if result.has_differences:
        parts += ["", "| Feld | Änderung | Alt | Neu |", "| --- | --- | --- | --- |"]
        for change in result.changes:
            old, new = show_values(change.old, change.new)
            parts.append(f"| {escape_cell(change.where)} | {_KIND_GERMAN[change.kind]} | "
                         f"{escape_cell(old)} | {escape_cell(new)} |")
    return "\n".join(parts) + "\n"


def _code(text: str) -> str:
    return text.replace("`", "'")


def render(result: SteckbriefDiff, fmt: str, *, tool_version: str, color: bool = False) -> str:
    """``fmt`` is one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result.to_json(tool_version), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(result)
    return render_text(result, color=color)
