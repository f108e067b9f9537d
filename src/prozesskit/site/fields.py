"""Every attribute of a Steckbrief as labelled rows in German, for the process page.

The labels are the field titles of the Steckbrief model (the same German words the
editor shows on hover), so the site never holds a second list of field names; keys the
model does not know (a register with schema errors, ``merkmale``) are shown with their
key as label. Values are formatted the way a reader expects: dates ``01.06.2026``,
codes through :mod:`.labels`, and numbers with German separators only where the model
knows them as quantities (Fallzahl ``12.500``): a number under a key the model does not
know (``merkmale``) is a Kostenstelle, a Sachkonto or a year far more often than an amount,
and ``4.711`` or ``2.019`` would be wrong, so it is shown as the Steckbrief has it.
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


def _is_quantity(annotation: Any) -> bool:
    """An ``int``/``float`` field (``fallzahl_pro_jahr``): a number worth separators."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if current in (int, float):
            return True
        stack.extend(get_args(current))
    return False


@cache
def _fields_of(model: Any) -> dict[str, tuple[str | None, Any, bool]]:
    """(title, submodel, is a quantity) of each field of a pydantic model, worked out once
    per model: a page asks for them thousands of times."""
    if model is None:
        return {}
    return {name: (info.title, _submodel(info.annotation), _is_quantity(info.annotation))
            for name, info in model.model_fields.items()}


def number_text(value: float) -> str:
    from prozesskit.netz.dokument import zahl

    return zahl(value, 2 if value != round(value, 1) else 1)


def value_text(value: Any, path: str, *, quantity: bool = True) -> str:
    """``quantity``: the model knows the field as a number (German separators); any
    other number is shown as written."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return number_text(value) if quantity else str(value)
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
        title, sub, quantity = fields.get(name, (None, None, False))
        label = title or key_text(str(name))
        rows.append(_row(label, data[name], sub, f"{prefix}.{name}" if prefix else str(name),
                         quantity))
    return tuple(rows)


def _row(label: str, value: Any, model: Any, path: str, quantity: bool) -> Row:
    if isinstance(value, dict):
        return Row(label, rows=_group(value, model, path), kind="group")
    if isinstance(value, list):
        items = tuple(_item(entry, model, path, quantity) for entry in value)
        return Row(label, items=items, kind="list")
    return _scalar(label, value, path, quantity)


def _scalar(label: str, value: Any, path: str, quantity: bool) -> Row:
    shown = value_text(value, path, quantity=quantity)
    href = shown if isinstance(value, str) and _WEB_LINK.match(value) else ""
    return Row(label, shown, href=href)


def _item(entry: Any, model: Any, path: str, quantity: bool) -> Row:
    if isinstance(entry, dict):
        name = entry.get("name")
        uri = entry.get("uri")
        if isinstance(name, str) and set(entry) <= {"name", "uri"}:  # a Rechtsgrundlage
            href = uri if isinstance(uri, str) and _WEB_LINK.match(uri) else ""
            extra = (Row("Adresse", uri),) if isinstance(uri, str) and not href else ()
            return Row("", name, href=href, rows=extra)
        return Row("", rows=_group(entry, model, path), kind="group")
    if isinstance(entry, list):
        return Row("", items=tuple(_item(e, None, path, quantity) for e in entry),
                   kind="list")
    return _scalar("", entry, path, quantity)
