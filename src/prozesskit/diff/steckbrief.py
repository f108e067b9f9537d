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


# -- minimal renderers (until the shared ``diff`` renderers take Steckbriefe) ---------------

_KIND_GERMAN = {"added": "hinzugefügt", "removed": "entfernt", "changed": "geändert"}


def show_value(value: Any) -> str:
    """A value in one line, as YAML flow text would show it."""
    if value is ABSENT:
        return "(fehlt)"
    text = json.dumps(to_json_value(value), ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def render_text(changes: Iterable[FieldChange]) -> str:
    lines = []
    for change in changes:
        if change.kind == "changed":
            lines.append(f"~ {change.where}: {show_value(change.old)} → {show_value(change.new)}")
        elif change.kind == "added":
            lines.append(f"+ {change.where}: {show_value(change.new)}")
        else:
            lines.append(f"- {change.where}: {show_value(change.old)}")
    return "\n".join(lines) + ("\n" if lines else "Keine Unterschiede.\n")


def render_markdown(changes: Iterable[FieldChange]) -> str:
    rows = [f"| `{change.where}` | {_KIND_GERMAN[change.kind]} | {_md(show_value(change.old))} "
            f"| {_md(show_value(change.new))} |" for change in changes]
    if not rows:
        return "Keine Unterschiede.\n"
    return "\n".join(["| Feld | Änderung | Alt | Neu |", "|---|---|---|---|", *rows]) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_json(changes: Iterable[FieldChange], old_file: str, new_file: str) -> dict[str, Any]:
    listed = [change.to_json() for change in changes]
    return {"version": 1, "kind": "steckbrief", "old": {"file": old_file},
            "new": {"file": new_file}, "differences": bool(listed), "changes": listed}
