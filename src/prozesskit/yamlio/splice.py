"""Replacing scalar values in place, at the positions the read path found them.

A workshop sheet changes hundreds of values at once (Fallzahlen for every process). Through
ruamel.yaml each file costs a full round trip (about 10 ms: load, dump); replacing a value
that sits on one line of a block mapping needs only its text span, which the C composer of
the read path reports anyway. Everything around the value stays byte for byte: comments, key
order, indentation, quoting of the other values, line endings. The value keeps its quote
style (plain stays plain where YAML reads it back as the same text; otherwise the file's
prevailing quotes).

Only what is certain is done here: a single-line plain or quoted scalar without tag, anchor
or alias, replaced by a number, a date or a single-line text; and (:func:`splice_scalars`)
such a value added as a new field of a block mapping at the top or one level below, or as a
new section of the top level with its fields, each at its place in a given key order (the
schema's). Anything else (a removed field, a block scalar, a flow collection, a deeper
value) returns None, and the caller takes the ruamel edit path. The caller reads the result
back and compares it with what it meant.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import yaml

from prozesskit.yamlio.read import YamlDoc, newline_of

#: Key order of the mapping at a path (``()``: the top level), for placing new fields
KeyOrder = Callable[[tuple[str, ...]], Sequence[str]]


def replace_scalars(doc: YamlDoc, changes: Sequence[tuple[tuple[str, ...], Any]]) -> str | None:
    """``doc``'s text with each path's value replaced, or None if any cannot be replaced in
    place."""
    return splice_scalars(doc, changes, (), lambda _where: ())


def splice_scalars(doc: YamlDoc, changes: Sequence[tuple[tuple[str, ...], Any]],
                   additions: Sequence[tuple[tuple[str, ...], Any]], order: KeyOrder
                   ) -> str | None:
    """``doc``'s text with each of ``changes`` replaced and each of ``additions`` (paths
    that do not exist yet) added before the first sibling that ``order`` puts after it, or
    None if any of them cannot be done in the text."""
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
    if additions:
        added = _insertions(doc, additions, order, double)
        if added is None:
            return None
        spans.extend(added)
    text = doc.text
    for start, end, written in sorted(spans, reverse=True):
        text = text[:start] + written + text[end:]
    return text


def _insertions(doc: YamlDoc, additions: Sequence[tuple[tuple[str, ...], Any]],
                order: KeyOrder, double: bool) -> list[tuple[int, int, str]] | None:
    """Spans (start = end: nothing replaced) that add the new fields as whole lines."""
    root = doc.root
    if not isinstance(root, yaml.MappingNode) or not _block_mapping(root, doc.text):
        return None
    newline = newline_of(doc.text)
    into = _grouped(doc, root, additions, order, double, newline)
    if into is None:
        return None
    # insertion point → lines; at one point the deeper fields first (the end of a nested
    # mapping is where the next top-level key starts), then in key order
    points: dict[int, list[tuple[int, int, str]]] = {}
    for where, fields in into.items():
        mapping = root if not where else _value_of(root, where[0])
        assert isinstance(mapping, yaml.MappingNode)
        keys = order(where)
        rank = {name: index for index, name in enumerate(keys)}
        indent = " " * mapping.value[0][0].start_mark.column
        for key, line in fields:
            mine = rank.get(key, len(keys))
            after = next((key_node for key_node, _value in mapping.value
                          if rank.get(str(key_node.value), len(keys)) > mine), None)
            at = (_line_start_above_comments(doc.text, after.start_mark.index)
                  if after is not None else _after_last(doc.text, mapping))
            if at is None:
                return None
            text = indent + line.replace(newline, newline + indent)
            points.setdefault(at, []).append((-len(where), mine, text))
    spans = []
    for at, lines in points.items():
        prefix = newline if at > 0 and doc.text[at - 1] not in "\r\n" else ""
        body = "".join(text + newline for _depth, _rank, text in sorted(lines))
        spans.append((at, at, prefix + body))
    return spans


def _grouped(doc: YamlDoc, root: yaml.MappingNode,
             additions: Sequence[tuple[tuple[str, ...], Any]], order: KeyOrder, double: bool,
             newline: str) -> dict[tuple[str, ...], list[tuple[str, str]]] | None:
    """Mapping path → the new (key, text) to add to it; a new section is one top-level
    key with its fields as further lines. None: an addition that cannot be done as text."""
    into: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    sections: dict[str, list[tuple[str, str]]] = {}
    for path, value in additions:
        written = _fresh(value, double)
        if written is None or not 1 <= len(path) <= 2:
            return None
        line = f"{path[-1]}: {written}"
        parent = _value_of(root, path[0])
        if len(path) == 1:
            if parent is not None:
                return None  # not new: a change, not an addition
            into.setdefault((), []).append((path[0], line))
        elif parent is None:
            sections.setdefault(path[0], []).append((path[1], line))
        elif not _block_mapping(parent, doc.text) or _value_of(parent, path[1]) is not None:
            return None
        else:
            into.setdefault((path[0],), []).append((path[1], line))
    step = " " * _indent_step(root)
    for section, fields in sections.items():
        lines = [f"{section}:", *(step + line for _key, line in
                                  _ranked(fields, order((section,))))]
        into.setdefault((), []).append((section, newline.join(lines)))
    return into


def _ranked(fields: list[tuple[str, str]], keys: Sequence[str]) -> list[tuple[str, str]]:
    rank = {name: index for index, name in enumerate(keys)}
    return sorted(fields, key=lambda field: rank.get(field[0], len(keys)))


def _value_of(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((value for key_node, value in mapping.value
                 if isinstance(key_node, yaml.ScalarNode) and key_node.value == key), None)


def _block_mapping(node: yaml.Node, text: str) -> bool:
    """A non-empty block mapping whose keys are plain one-line scalars, each on its own line
    (no ``? `` keys, no anchor or tag in front)."""
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
        return False
    column = node.value[0][0].start_mark.column
    for key_node, _value in node.value:
        mark = key_node.start_mark
        if (not isinstance(key_node, yaml.ScalarNode) or key_node.style or mark.column != column
                or text[mark.index - mark.column:mark.index].strip()):
            return False
    return True


def _indent_step(root: yaml.MappingNode) -> int:
    """The file's indentation of a nested block mapping (2 if it has none)."""
    for _key, value in root.value:
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            return int(value.value[0][0].start_mark.column) or 2
    return 2


def _line_start_above_comments(text: str, index: int) -> int:
    """The start of the line at ``index``, moved up over the comment lines right above it
    (they belong to the key below them)."""
    start = text.rfind("\n", 0, index) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above:start].lstrip().startswith("#"):
            break
        start = above
    return start


def _after_last(text: str, mapping: yaml.MappingNode) -> int | None:
    """Just after the mapping's last value: the end of the line where it ends."""
    key, last = mapping.value[-1]
    end: int = last.end_mark.index
    if end < key.end_mark.index:  # an alias: the node stands where its anchor is
        return None
    if isinstance(last, yaml.ScalarNode) and last.start_mark.line != last.end_mark.line:
        return None  # a block scalar: its end is where the next token starts
    if isinstance(last, yaml.ScalarNode) or last.end_mark.column != 0:
        newline = text.find("\n", end)
        return len(text) if newline < 0 else newline + 1
    return end


_BREAKS = "\n\r\x85\u2028\u2029"


def _fresh(value: Any, double: bool) -> str | None:
    """A new scalar's text: plain where YAML reads it back as the same, else quoted."""
    if not isinstance(value, str):
        return _not_string(value)
    if not value or any(char in value for char in _BREAKS):
        return None
    return value if plain_is_same(value) else _quoted(value, double)


def _not_string(value: Any) -> str | None:
    """The text of a number or date as YAML reads it back; None for anything else (booleans
    and null are left to ruamel)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if math.isfinite(value) and "e" not in text else None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return None


def _quoted(value: str, double: bool) -> str:
    return json.dumps(value, ensure_ascii=False) if double else (
        "'" + value.replace("'", "''") + "'")


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
    """A changed scalar's text in the style the file had there (quoted stays quoted)."""
    if not isinstance(value, str):
        return _not_string(value)
    if any(char in value for char in _BREAKS):
        return None
    if node.style:
        return _quoted(value, node.style == '"')
    return value if plain_is_same(value) else _quoted(value, double)


def plain_is_same(value: str) -> bool:
    """Whether ``key: value`` reads back as this very text (not a number, date, boolean,
    comment, mapping …) for a YAML 1.1 reader (PyYAML, yq 3, Ansible: ``yes``, ``on``,
    ``12:30`` are no texts there), the stricter of the two versions for all but ``0o7``."""
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
