"""Replacing scalar values in place, at the positions the read path found them.

A workshop sheet changes hundreds of values at once (Fallzahlen for every process). Through
ruamel.yaml each file costs a full round trip (about 10 ms: load, dump); replacing a value
that sits on one line of a block mapping needs only its text span, which the C composer of
the read path reports anyway. Everything around the value stays byte for byte: comments, key
order, indentation, quoting of the other values, line endings. The value keeps its quote
style (plain stays plain where YAML reads it back as the same text; otherwise the file's
prevailing quotes).

Only what is certain is done here: a single-line plain or quoted scalar without tag, anchor
or alias, replaced by a number, a date or a single-line text. Anything else (a new or removed
field, a block scalar, a nested value) returns None, and the caller takes the ruamel edit
path. The caller reads the result back and compares it with what it meant.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import Any

import yaml

from prozesskit.yamlio.read import YamlDoc


def replace_scalars(doc: YamlDoc, changes: Sequence[tuple[tuple[str, ...], Any]]) -> str | None:
    """``doc``'s text with each path's value replaced, or None if any cannot be replaced in
    place."""
    spans: list[tuple[int, int, str]] = []
    double = _prefers_double(doc.text)
    for path, value in changes:
        node = _node(doc.root, path, doc.text)
        if node is None:
            return None
        written = _written(value, node, double)
        if written is None:
            return None
        spans.append((node.start_mark.index, node.end_mark.index, written))
    text = doc.text
    for start, end, written in sorted(spans, reverse=True):
        text = text[:start] + written + text[end:]
    return text


def _node(root: yaml.Node, path: tuple[str, ...], text: str) -> yaml.ScalarNode | None:
    node: yaml.Node | None = root
    for step in path:
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            return None
        node = next((value for key, value in node.value
                     if isinstance(key, yaml.ScalarNode) and key.value == step), None)
    if (not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line
            or node.style not in (None, "", "'", '"') or (not node.style and not node.value)):
        return None
    written = text[node.start_mark.index:node.end_mark.index]
    if not node.style:  # a plain value is its own text (no tag, anchor, alias before it)
        return node if written == node.value else None
    return node if written[:1] == written[-1:] == node.style and len(written) > 1 else None


def _written(value: Any, node: yaml.ScalarNode, double: bool) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if math.isfinite(value) and "e" not in text else None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str) or any(char in value for char in "\n\r\x85\u2028\u2029"):
        return None
    if node.style == '"':
        return json.dumps(value, ensure_ascii=False)
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if _plain_is_same(value):
        return value
    return json.dumps(value, ensure_ascii=False) if double else (
        "'" + value.replace("'", "''") + "'")


def _plain_is_same(value: str) -> bool:
    """Whether ``key: value`` reads back as this very text (not a number, date, boolean,
    comment, mapping …)."""
    if not value or value != value.strip() or " #" in value or ": " in value:
        return False
    try:
        loaded = yaml.load(f"k: {value}\n", Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("k") == value and isinstance(
        loaded.get("k"), str)


def _prefers_double(text: str) -> bool:
    return text.count(': "') + text.count('- "') > text.count(": '") + text.count("- '")
