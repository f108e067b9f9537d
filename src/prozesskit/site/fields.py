"""Every attribute of a Steckbrief as labelled rows in German, for the process page.

The labels are the field titles of the Steckbrief model (the same German words the
editor shows on hover), so the site never holds a second list of field names; keys the
model does not know (a register with schema errors, ``merkmale``) are shown with their
key as label. Values are formatted the way a reader expects: dates ``01.06.2026``,
numbers with German separators, codes through :mod:`.labels`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, get_args

from prozesskit.site.labels import VALUE_TEXT, key_text

#: Fields the page shows in sections of their own (heading, description, models, Herkunft)
OWN_SECTIONS = frozenset({"name", "beschreibung", "modelle", "herkunft"})
_WEB_LINK = re.compile(r"^https?://[^\s\"'<>]+$")


@dataclass(frozen=True, slots=True)
class Row:
    """One attribute: ``text`` for a value, ``items`` for a list, ``rows`` for a group;
    ``href`` when the value is a web address (only http/https: never ``javascript:``)."""

    label: str
    text: str = ""
    href: str = ""
    items: tuple[Row, ...] = ()
    rows: tuple[Row, ...] = ()
    kind: str = "text"  # text | list | group


@lru_cache(maxsize=1)
def _model() -> Any:
    from prozesskit.model.steckbrief import Steckbrief

    return Steckbrief


def _submodel(annotation: Any) -> Any:
    """The pydantic model inside ``X | None``, ``list[X]`` or ``Annotated[X, …]``."""
    from pydantic import BaseModel

    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(arg for arg in get_args(current) if arg is not type(None))
    return None


@cache
def _fields_of(model: Any) -> dict[str, tuple[str | None, Any]]:
    """(title, submodel) of each field of a pydantic model, worked out once per model:
    a page asks for them thousands of times."""
    if model is None:
        return {}
    return {name: (info.title, _submodel(info.annotation))
            for name, info in model.model_fields.items()}


def number_text(value: float) -> str:
    from prozesskit.netz.dokument import zahl

    return zahl(value, 2 if value != round(value, 1) else 1)


def value_text(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return "–"
    textual = str(value)
    return VALUE_TEXT.get(path, {}).get(textual, textual)


def steckbrief_rows(data: dict[str, Any]) -> tuple[Row, ...]:
    """The attributes of a Steckbrief in the model's order, then keys the model lacks."""
    return _group(data, _model(), "", skip=OWN_SECTIONS)


def herkunft_rows(data: dict[str, Any]) -> tuple[Row, ...]:
    value = data.get("herkunft")
    if not isinstance(value, dict):
        return ()
    return _group(value, _submodel(_model().model_fields["herkunft"].annotation), "herkunft")


def _group(data: dict[str, Any], model: Any, prefix: str,
           skip: frozenset[str] = frozenset()) -> tuple[Row, ...]:
    fields = _fields_of(model)
    order = [name for name in fields if name in data] + [k for k in data if k not in fields]
    rows = []
    for name in order:
        if name in skip or data.get(name) in (None, "", [], {}):
            continue
        title, sub = fields.get(name, (None, None))
        label = title or key_text(str(name))
        rows.append(_row(label, data[name], sub, f"{prefix}.{name}" if prefix else str(name)))
    return tuple(rows)


def _row(label: str, value: Any, model: Any, path: str) -> Row:
    if isinstance(value, dict):
        return Row(label, rows=_group(value, model, path), kind="group")
    if isinstance(value, list):
        items = tuple(_item(entry, model, path) for entry in value)
        return Row(label, items=items, kind="list")
    return _scalar(label, value, path)


def _scalar(label: str, value: Any, path: str) -> Row:
    shown = value_text(value, path)
    href = shown if isinstance(value, str) and _WEB_LINK.match(value) else ""
    return Row(label, shown, href=href)


def _item(entry: Any, model: Any, path: str) -> Row:
    if isinstance(entry, dict):
        name = entry.get("name")
        uri = entry.get("uri")
        if isinstance(name, str) and set(entry) <= {"name", "uri"}:  # a Rechtsgrundlage
            href = uri if isinstance(uri, str) and _WEB_LINK.match(uri) else ""
            extra = (Row("Adresse", uri),) if isinstance(uri, str) and not href else ()
            return Row("", name, href=href, rows=extra)
        return Row("", rows=_group(entry, model, path), kind="group")
    if isinstance(entry, list):
        return Row("", items=tuple(_item(e, None, path) for e in entry), kind="list")
    return _scalar("", entry, path)
