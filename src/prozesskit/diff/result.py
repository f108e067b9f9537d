"""The result of a model comparison: plain data, versioned in its JSON form.

The JSON form (``BpmnDiff.to_json``) is a public contract, documented in
``docs/diff-json.md`` and ``schemas/bpmn-diff.schema.json``; it is built field by field so
that an internal change cannot silently change it. New fields come only with a new
``FORMAT_VERSION``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from prozesskit.diff.wording import type_name

FORMAT_VERSION = 1

EntryKind = Literal["added", "removed", "changed", "layout"]


@dataclass(frozen=True, slots=True)
class ElementInfo:
    """One BPMN element as the user knows it: its id, BPMN type and name."""

    id: str
    type: str
    name: str | None
    #: place in flow order over both models (0 first; see ``diff.bpmn``, "Flow order")
    position: int

    @property
    def label(self) -> str:
        """``Aufgabe 'Antrag prüfen' (Task_1)``: how messages name an element."""
        name = f" '{self.name}'" if self.name else ""
        return f"{type_name(self.type)}{name} ({self.id})"

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "type": self.type, "name": self.name, "position": self.position}


@dataclass(frozen=True, slots=True)
class PropertyChange:
    """One property of one element, before and after.

    ``old``/``new`` are the compared values (ids for references, ``None`` where the
    property is absent); ``text`` is the German sentence for people, with names resolved.
    """

    property: str
    label: str
    old: str | None
    new: str | None
    text: str

    def to_json(self) -> dict[str, object]:
        return {"property": self.property, "label": self.label, "old": self.old,
                "new": self.new, "text": self.text}


@dataclass(frozen=True, slots=True)
class ElementChange:
    """An element present in both models whose semantics differ."""

    old: ElementInfo
    new: ElementInfo
    changes: tuple[PropertyChange, ...]
    #: its diagram shape or edge changed as well
    layout_changed: bool

    @property
    def id(self) -> str:
        return self.new.id

    @property
    def position(self) -> int:
        return self.new.position

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.new.id,
            "position": self.new.position,
            "old": {"type": self.old.type, "name": self.old.name},
            "new": {"type": self.new.type, "name": self.new.name},
            "changes": [change.to_json() for change in self.changes],
            "layout_changed": self.layout_changed,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the flow-ordered listing that renderers show."""

    kind: EntryKind
    element: ElementInfo
    change: ElementChange | None = None


@dataclass(frozen=True)
class BpmnDiff:
    """Semantic difference of two BPMN models, in bpmn-js-differ's four groups.

    Each group is sorted by flow order; ``entries`` merges them into one listing.
    ``layout_changed`` holds only elements whose semantics are unchanged ("nur Layout
    geändert"); a semantically changed element with a moved shape is in ``changed`` with
    ``layout_changed`` set.
    """

    old_file: str
    new_file: str
    extensions: bool
    added: tuple[ElementInfo, ...] = ()
    removed: tuple[ElementInfo, ...] = ()
    changed: tuple[ElementChange, ...] = ()
    layout_changed: tuple[ElementInfo, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_differences(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.layout_changed)

    def entries(self) -> Iterator[Entry]:
        """All four groups as one listing in flow order (removed elements stand where they
        stood in the old model's flow)."""
        rows = [Entry("added", info) for info in self.added]
        rows += [Entry("removed", info) for info in self.removed]
        rows += [Entry("changed", change.new, change) for change in self.changed]
        rows += [Entry("layout", info) for info in self.layout_changed]
        rows.sort(key=lambda row: row.element.position)
        return iter(rows)

    def summary(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "layout_changed": len(self.layout_changed)}

    def to_json(self, tool_version: str) -> dict[str, object]:
        """The documented JSON form (key order is the documented order)."""
        return {
            "version": FORMAT_VERSION,
            "tool": {"name": "prozesskit", "version": tool_version},
            "kind": "bpmn",
            "old": {"file": self.old_file},
            "new": {"file": self.new_file},
            "options": {"extensions": self.extensions},
            "differences": self.has_differences,
            "summary": self.summary(),
            "added": [info.to_json() for info in self.added],
            "removed": [info.to_json() for info in self.removed],
            "changed": [change.to_json() for change in self.changed],
            "layout_changed": [info.to_json() for info in self.layout_changed],
            "notes": list(self.notes),
        }
