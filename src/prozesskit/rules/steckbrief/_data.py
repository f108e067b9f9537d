"""Small helpers shared by the Steckbrief rules: reading raw data defensively.

Several rules look at the raw YAML data rather than the validated model, so that a
Steckbrief whose schema check failed elsewhere still gets useful findings about its
name or id; these helpers read that data defensively (anything may be any type).
Names are split into words by :func:`prozesskit.model.naming.name_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_origin

from pydantic import BaseModel


def raw_str(data: Any, key: str) -> str | None:
    """``data[key]`` when the data is a mapping and the value a string, else None."""
    if isinstance(data, Mapping):
        value = data.get(key)
        if isinstance(value, str):
            return value
    return None


def lookup(data: Any, dotted: str) -> tuple[bool, Any]:
    """Follow a dotted field path through nested mappings: (key present, value)."""
    current = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False, None
        current = current[part]
    return True, current


def is_filled(value: Any) -> bool:
    """Filled means something a reader can use: not null, not blank, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set | frozenset):
        return bool(value)
    return True


def known_field(model: type[BaseModel], dotted: str) -> bool:
    """Whether a dotted path names a field of ``model`` (through nested models).

    Used to reject a typo'd ``pflichtfelder`` entry instead of reporting it on every file.
    """
    current: type[BaseModel] | None = model
    for part in dotted.split("."):
        if current is None or part not in current.model_fields:
            return False
        current = _nested_model(current.model_fields[part].annotation)
    return True


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X`` or ``X | None``; lists end the path (no index in dotted paths)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, tuple, set, frozenset, dict):
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None
