"""Where a Steckbrief carries LeiKa keys, read leniently from the raw YAML data.

Shared by the LeiKa rules (``rules/steckbrief/leika_*.py``), the register facts, ``leika
vorschlagen`` and ``netz``. Rules read the raw data, not the validated model, so that they
still say something useful about a file whose schema check failed for an unrelated field.

A Steckbrief has its own key (``leika``), the key of its source (``quelle.leika``) and
the keys of its variants (``varianten[].leika``: further LeiKa-Leistungen of the same
process). Every reader of keys goes through :func:`leika_values`, so that a variant's key
is as visible as the main key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from prozesskit.model.codes import LEIKA_PATTERN

#: The fields that hold a LeiKa key: the process's own key and the key of its source.
LEIKA_PATHS: tuple[tuple[str, ...], ...] = (("leika",), ("quelle", "leika"))
#: The list of variants; each item's ``leika`` is a key too (``varianten[i].leika``).
VARIANTEN = "varianten"
Path = tuple[str | int, ...]
_PATTERN = re.compile(LEIKA_PATTERN)


def value_at(data: Any, path: Path) -> Any:
    """Raw value at ``path``, or None when a step is missing or of the wrong kind."""
    node = data
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return None
            node = node[step]
        elif isinstance(node, Mapping):
            node = node.get(step)
        else:
            return None
    return node


def variant_paths(data: Any) -> Iterator[Path]:
    """``("varianten", i, "leika")`` for every variant that is a mapping."""
    items = data.get(VARIANTEN) if isinstance(data, Mapping) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                yield (VARIANTEN, index, "leika")


def key_paths(data: Any) -> Iterator[Path]:
    """Every place of a LeiKa key in this Steckbrief, present or not (variants only if
    there)."""
    yield from LEIKA_PATHS
    yield from variant_paths(data)


def leika_values(data: Any) -> Iterator[tuple[Path, Any]]:
    """(path, raw value) for every LeiKa field that is present and not empty."""
    for path in key_paths(data):
        value = value_at(data, path)
        if value is not None and value != "":
            yield path, value


def process_keys(data: Any) -> list[str]:
    """The well-formed keys that name this process: ``leika`` and each variant's, in order,
    without repeats (``quelle.leika`` says where it came from, not what it is)."""
    keys: list[str] = []
    for path, value in valid_keys(data):
        if path != ("quelle", "leika") and value not in keys:
            keys.append(value)
    return keys


def is_key(value: Any) -> bool:
    """A well-formed LeiKa key: a string of 14 digits starting with 99."""
    return isinstance(value, str) and _PATTERN.match(value) is not None


def valid_keys(data: Any) -> Iterator[tuple[Path, str]]:
    """(path, key) for every well-formed key; malformed ones are PK-S014's business."""
    for path, value in leika_values(data):
        if is_key(value):
            yield path, value
