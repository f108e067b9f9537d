"""Where a Steckbrief carries LeiKa keys, read leniently from the raw YAML data.

Shared by the LeiKa rules (``rules/steckbrief/leika_*.py``). Rules read the raw data, not
the validated model, so that they still say something useful about a file whose schema
check failed for an unrelated field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from prozesskit.model.codes import LEIKA_PATTERN

#: The fields that hold a LeiKa key: the process's own key and the key of its source.
LEIKA_PATHS: tuple[tuple[str, ...], ...] = (("leika",), ("quelle", "leika"))
_PATTERN = re.compile(LEIKA_PATTERN)


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    """Raw value at ``path``, or None when a step is missing or not a mapping."""
    node = data
    for step in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(step)
    return node


def leika_values(data: Any) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, raw value) for every LeiKa field that is present and not empty."""
    for path in LEIKA_PATHS:
        value = value_at(data, path)
        if value is not None and value != "":
            yield path, value


def is_key(value: Any) -> bool:
    """A well-formed LeiKa key: a string of 14 digits starting with 99."""
    return isinstance(value, str) and _PATTERN.match(value) is not None


def valid_keys(data: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, key) for every well-formed key; malformed ones are PK-S014's business."""
    for path, value in leika_values(data):
        if is_key(value):
            yield path, value
