"""Field-level 3-way merge of a Steckbrief, written into the local round-trip document.

``update`` must take what the library changed without losing what the member changed.
Line-based merges (copier, cruft) leave conflict markers or ``.rej`` files that no YAML
parser reads; here nothing but whole fields moves:

1. *Plan* on plain data (read path, fast): base, local and upstream are walked together
   like kustomize's ``kyaml/yaml/merge3``. A field upstream left as in base is kept; one
   the member left as in base takes upstream's value; one both changed alike is kept;
   one both changed differently is a :class:`Conflict`. Records in lists are matched by
   key and lists of scalars merged as sets (see ``diff.steckbrief``), so a Rechtsgrundlage
   added upstream and one removed locally are no conflict.
2. *Apply* the planned changes to the **local** ruamel document (edit path), so the
   member's comments, key order and quoting survive; only changed fields are touched.
   Two ruamel traps are handled explicitly: ruamel keeps the comment lines that introduce
   a key on the *previous* entry, so deleting an entry would drop the next key's comment
   and inserting after an entry would put the new key below that comment.

Conflicts are left as the member has them unless resolved per field or for all fields with
``ours``/``theirs``. The caller gets the merged text and writes it (``WritePlan``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from prozesskit.diff.steckbrief import (
    ABSENT,
    FieldChange,
    Item,
    Path,
    Record,
    Step,
    format_path,
    is_scalar,
    items_by_key,
    read_document,
    record_field,
    records_by_key,
    same,
    scalar_key,
    scalar_list,
    to_json_value,
    union_keys,
)
from prozesskit.errors import InputError
from prozesskit.yamlio.edit import dump_framed, dump_text, load_text, to_commented
from prozesskit.yamlio.read import BOM, newline_of, with_newline
from prozesskit.yamlio.splice import plain_is_same

Side = Literal["ours", "theirs"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field both sides changed differently; values are ``ABSENT`` where a side lacks it."""

    path: Path
    base: Any
    local: Any
    upstream: Any

    @property
    def where(self) -> str:
        return format_path(self.path)

    def to_json(self) -> dict[str, Any]:
        """For reports: a side without the field is ``null`` and named in ``absent``."""
        sides = {"base": self.base, "local": self.local, "upstream": self.upstream}
        return {"path": self.where, **{name: to_json_value(value) for name, value in sides.items()},
                "absent": [name for name, value in sides.items() if value is ABSENT]}


@dataclass(frozen=True, slots=True)
class _Op:
    change: FieldChange
    #: for an addition: the sibling (in upstream's order) after which it goes, if any
    after: Step | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What a merge would do, computed on plain data only."""

    ops: tuple[_Op, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return tuple(op.change for op in self.ops)


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged file and what went into it.

    ``applied`` are upstream changes written into the local text (including conflicts
    resolved with ``theirs``); ``conflicts`` are the ones still open, left as local has
    them; ``resolved`` the conflicts a resolution decided (either way).
    """

    text: bytes
    applied: tuple[FieldChange, ...]
    conflicts: tuple[Conflict, ...]
    resolved: tuple[Conflict, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def plan(base: Any, local: Any, upstream: Any) -> Plan:
    """The 3-way plan for three documents' plain data (``ABSENT`` base: no common ancestor,
    so every field the sides hold differently is a conflict)."""
    ops: list[_Op] = []
    conflicts: list[Conflict] = []
    _merge((), base, local, upstream, ops, conflicts)
    return Plan(tuple(ops), tuple(conflicts))


def _merge(path: Path, base: Any, local: Any, upstream: Any, ops: list[_Op],
           conflicts: list[Conflict]) -> None:
    if same(upstream, base) or same(local, upstream):
        return  # upstream changed nothing here, or both changed it alike
    if isinstance(local, dict) and isinstance(upstream, dict) and (
            base is ABSENT or isinstance(base, dict)):
        _merge_mapping(path, {} if base is ABSENT else base, local, upstream, ops, conflicts)
        return
    if isinstance(local, list) and isinstance(upstream, list) and (
            base is ABSENT or isinstance(base, list)) and _merge_list(
            path, base, local, upstream, ops, conflicts):
        return
    if same(local, base):
        ops.append(_Op(_change(path, local, upstream)))
    else:
        conflicts.append(Conflict(path, base, local, upstream))


def _change(path: Path, local: Any, upstream: Any) -> FieldChange:
    if local is ABSENT:
        return FieldChange(path, "added", ABSENT, upstream)
    if upstream is ABSENT:
        return FieldChange(path, "removed", local, ABSENT)
    return FieldChange(path, "changed", local, upstream)


def _merge_mapping(path: Path, base: dict[Any, Any], local: dict[Any, Any],
                   upstream: dict[Any, Any], ops: list[_Op], conflicts: list[Conflict]) -> None:
    _merge_children(path, ((key, key) for key in union_keys(upstream, local, base)),
                    base, local, upstream, ops, conflicts)


def _merge_children(path: Path, steps: Iterable[tuple[Any, Step]], base: Mapping[Any, Any],
                    local: Mapping[Any, Any], upstream: Mapping[Any, Any], ops: list[_Op],
                    conflicts: list[Conflict]) -> None:
    """Merge the children of a mapping or of a keyed record list (``steps``: each key with its
    path step); an addition is anchored after upstream's previous sibling that the result has."""
    previous: Step | None = None
    for key, step in steps:
        start = len(ops)
        _merge((*path, step), base.get(key, ABSENT), local.get(key, ABSENT),
               upstream.get(key, ABSENT), ops, conflicts)
        if key not in local and len(ops) > start and ops[start].change.path == (*path, step):
            ops[start] = _Op(ops[start].change, previous)
        if key in upstream and (key in local or len(ops) > start):
            previous = step


def _merge_list(path: Path, base: Any, local: list[Any], upstream: list[Any], ops: list[_Op],
                conflicts: list[Conflict]) -> bool:
    key_field = record_field(path[-1] if path else None, base, local, upstream)
    if key_field is not None:
        bases = records_by_key(base, key_field)
        locals_ = records_by_key(local, key_field)
        ups = records_by_key(upstream, key_field)
        steps = ((key, Record(key_field, (ups.get(key) or locals_.get(key) or bases[key])[
            key_field])) for key in union_keys(ups, locals_, bases))
        _merge_children(path, steps, bases, locals_, ups, ops, conflicts)
        return True
    if scalar_list(base, local, upstream):
        # a set: take upstream's additions and removals, keep the member's; never a conflict
        bases, locals_, ups = items_by_key(base), items_by_key(local), items_by_key(upstream)
        previous = None
        for key, value in ups.items():
            if key not in bases and key not in locals_:
                ops.append(_Op(FieldChange((*path, Item(value)), "added", ABSENT, value),
                               previous))
            previous = Item(value)
        ops.extend(_Op(FieldChange((*path, Item(value)), "removed", value, ABSENT))
                   for key, value in bases.items() if key not in ups and key in locals_)
        return True
    return False


def merge3(base: bytes | None, local: bytes, upstream: bytes, *, file: str,
           resolve: Side | None = None, resolutions: Mapping[str, Side] | None = None,
           base_file: str = "Basis", upstream_file: str = "Quelle") -> MergeResult:
    """Merge upstream's changes since ``base`` into ``local`` (file contents).

    ``resolutions`` decides single conflicts by their path as :func:`format_path` writes
    it; ``resolve`` decides all others. Raises :class:`InputError` (German, with file and
    line) when a side is not a readable Steckbrief; never writes.
    """
    base_data = ABSENT if base is None else read_document(base, base_file)
    upstream_data = read_document(upstream, upstream_file)
    return merge_documents(base_data, local, upstream_data, file=file, resolve=resolve,
                           resolutions=resolutions)


def merge_documents(base_data: Any, local: bytes, upstream_data: Any, *, file: str,
                    resolve: Side | None = None, resolutions: Mapping[str, Side] | None = None,
                    local_data: Any = ABSENT) -> MergeResult:
    """:func:`merge3` with base and upstream as plain data: ``update`` adjusts both first to
    the form the import wrote (local id, provenance, renamed model paths), so that what
    prozesskit itself set is no member's edit. ``local_data``: the local file's data if the
    caller has parsed it already (read path), else it is read here."""
    if local_data is ABSENT:
        local_data = read_document(local, file)
    the_plan = plan(base_data, local_data, upstream_data)
    ops = list(the_plan.ops)
    open_conflicts: list[Conflict] = []
    resolved: list[Conflict] = []
    for conflict in the_plan.conflicts:
        side = (resolutions or {}).get(conflict.where, resolve)
        if side is None:
            open_conflicts.append(conflict)
            continue
        resolved.append(conflict)
        if side == "theirs":
            ops.append(_Op(_change(conflict.path, conflict.local, conflict.upstream),
                           _anchor(conflict, upstream_data, local_data)))
    if not ops:
        return MergeResult(local, (), tuple(open_conflicts), tuple(resolved))
    out = _write_ops(local, ops, file)
    return MergeResult(out, tuple(op.change for op in ops), tuple(open_conflicts),
                       tuple(resolved))


def apply_plan(local: bytes, the_plan: Plan, *, file: str) -> bytes:
    """The plan's changes written into ``local`` through the edit path (comments, order and
    quoting of everything else kept); its conflicts are left as local has them. For callers
    that plan themselves: ``import-xlsx`` plans ``plan(local, local, edited)``."""
    if not the_plan.ops:
        return local
    return _write_ops(local, the_plan.ops, file)


def _write_ops(local: bytes, ops: Iterable[_Op], file: str) -> bytes:
    text = local.decode("utf-8-sig") if local.startswith(BOM) else local.decode("utf-8")
    document = load_text(text, file)
    if not isinstance(document, CommentedMap):  # read path accepted it: cannot happen
        raise InputError("Steckbrief ist keine Zuordnung von Feldern", file=file, line=1)
    style = _Quoting.of(text)
    for op in ops:
        _apply(document, op, style)
    merged = with_newline(dump_framed(document, text), newline_of(text))
    return (BOM if local.startswith(BOM) else b"") + merged.encode("utf-8")


def _anchor(conflict: Conflict, upstream: Any, local: Any) -> Step | None:
    """Where a field missing locally goes when ``theirs`` adds it: after its upstream
    predecessor that the member has too."""
    if conflict.local is not ABSENT or not conflict.path:
        return None
    up_parent, local_parent = _get(upstream, conflict.path[:-1]), _get(local, conflict.path[:-1])
    if not isinstance(up_parent, dict) or not isinstance(local_parent, dict):
        return None
    previous: Step | None = None
    for key in up_parent:
        if key == conflict.path[-1]:
            return previous
        if key in local_parent:
            previous = key
    return None


def _get(data: Any, path: Path) -> Any:
    for step in path:
        if isinstance(data, dict) and not isinstance(step, Record | Item):
            data = data.get(step, ABSENT)
        elif isinstance(data, list) and isinstance(step, Record):
            data = next((item for item in data if isinstance(item, dict) and same(
                item.get(step.field, ABSENT), step.key)), ABSENT)
        else:
            return ABSENT
    return data


# -- applying to the round-trip document ----------------------------------------------------

class _Quoting:
    """How the member quotes strings that would otherwise read as numbers, booleans or
    dates (``bereich: "10"``): a value taken from upstream follows the local file's habit,
    not ruamel's default single quotes."""

    def __init__(self, double: bool) -> None:
        self.double = double

    @classmethod
    def of(cls, text: str) -> _Quoting:
        return cls(text.count(': "') + text.count('- "') > text.count(": '") + text.count("- '"))

    def scalar(self, value: Any, like: Any = ABSENT) -> Any:
        if not isinstance(value, str):
            return value
        for kind in (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString,
                     FoldedScalarString):
            if isinstance(like, kind):
                return kind(value)
        if "\n" not in value and _needs_quotes(value):  # multi-line: ruamel's block style
            return (DoubleQuotedScalarString if self.double else SingleQuotedScalarString)(value)
        return value

    def value(self, value: Any, like: Any = ABSENT) -> Any:
        if isinstance(value, dict | list):
            return self._convert(to_commented(value))
        return self.scalar(value, like)

    def _convert(self, node: Any) -> Any:
        if isinstance(node, CommentedMap):
            for key in list(node):
                node[key] = self._convert(node[key])
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                node[index] = self._convert(item)
        else:
            return self.scalar(node)
        return node


def _needs_quotes(value: str) -> bool:
    """Whether the plain text would read as something else, for YAML 1.1 readers (scripts
    with PyYAML read ``yes`` as true, ``12:30`` as 750) or 1.2 ones (``0o7`` is 7)."""
    return not plain_is_same(value) or dump_text({"k": value}) != f"k: {value}\n"


def _apply(document: CommentedMap, op: _Op, style: _Quoting) -> None:
    change = op.change
    parent = _locate(document, change.path[:-1])
    step = change.path[-1]
    if change.kind == "added":
        _insert(parent, step, change.new, op.after, style)
        return
    index = _index(parent, step)
    if change.kind == "removed":
        _delete(parent, index)
    else:
        tail = _take_tail(parent, index)
        before = parent[index]
        parent[index] = style.value(change.new, before)
        _keep_comment_gap(parent, index, before)
        _put_tail(parent, index, tail)


def _keep_comment_gap(parent: Any, index: Any, before: Any) -> None:
    """An end-of-line comment keeps its distance to the value, not its column: ruamel would
    leave ``# kommissarisch`` where it was, far right of a shorter value."""
    after = parent[index]
    entry = parent.ca.items.get(index) if isinstance(parent, CommentedMap) else None
    token = entry[2] if entry is not None and len(entry) > 2 else None
    if (not isinstance(token, CommentToken) or not token.value.startswith("#")
            or isinstance(before, CommentedMap | CommentedSeq)
            or isinstance(after, CommentedMap | CommentedSeq)):
        return
    shift = _width(after) - _width(before)
    if shift and token.start_mark is not None:
        # a fresh mark: the scanner's mark object may be shared; ruamel reads only .column
        token.start_mark = CommentMark(  # type: ignore[assignment]
            max(1, token.start_mark.column + shift))


def _width(value: Any) -> int:
    """Columns a scalar takes when written (quotes and escapes included)."""
    return len(dump_text({"k": value}).split("\n", 1)[0]) - len("k: ")


def _locate(document: CommentedMap, path: Path) -> Any:
    node: Any = document
    for step in path:
        node = node[_index(node, step)]
    return node


def _index(container: Any, step: Step) -> Any:
    """The ruamel key or list index that ``step`` names in ``container``."""
    if isinstance(step, Record):
        for index, item in enumerate(container):
            if isinstance(item, dict) and scalar_key(item.get(step.field)) == scalar_key(
                    step.key):
                return index
    elif isinstance(step, Item):
        for index, item in enumerate(container):
            if is_scalar(item) and scalar_key(item) == scalar_key(step.value):
                return index
    elif step in container:
        return step
    raise KeyError(step)  # the plan was made from this very document: a bug


def _insert(parent: Any, step: Step, value: Any, after: Step | None, style: _Quoting) -> None:
    previous = _index(parent, after) if after is not None else None
    if isinstance(parent, CommentedMap):
        position = 0 if previous is None else list(parent).index(previous) + 1
        tail = _take_tail(parent, previous) if previous is not None else ""
        parent.insert(position, step, style.value(value))
        _put_tail(parent, step, tail)
        return
    position = len(parent) if previous is None else previous + 1
    if previous is None and len(parent):
        previous = len(parent) - 1  # appended at the end: after the last item
    tail = _take_tail(parent, previous) if previous is not None else ""
    parent.insert(position, style.value(value))
    _put_tail(parent, position, tail)


def _delete(parent: Any, index: Any) -> None:
    """Delete one entry; the comment lines that introduced the *next* entry (ruamel keeps
    them on this one) go to the previous entry, and the ones that introduced this entry
    (kept on the previous one) go with it."""
    keys = list(parent) if isinstance(parent, CommentedMap) else list(range(len(parent)))
    position = keys.index(index)
    following = _take_tail(parent, index)
    if position > 0:
        _take_tail(parent, keys[position - 1])
        del parent[index]
        _put_tail(parent, keys[position - 1], following)
        return
    del parent[index]
    if following and len(parent):
        _put_before_first(parent, following)


def _put_before_first(parent: Any, text: str) -> None:
    """Comment lines that now precede the first entry of ``parent``."""
    token = CommentToken(text, CommentMark(0), None)
    comment = parent.ca.comment
    if comment is None:
        parent.ca.comment = [None, [token]]
    elif comment[1] is None:
        comment[1] = [token]
    else:
        comment[1].append(token)


def _tail_slot(container: Any, index: Any) -> tuple[Any, Any, int]:
    """Where ruamel keeps the comment after entry ``index``: on its deepest last entry."""
    value = container[index]
    if isinstance(value, CommentedMap) and len(value):
        return _tail_slot(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and len(value):
        return _tail_slot(value, len(value) - 1)
    return container, index, 2 if isinstance(container, CommentedMap) else 0


def _take_tail(container: Any, index: Any) -> str:
    """Remove and return the full comment lines after entry ``index`` (those introduce the
    next entry); its end-of-line comment stays."""
    owner, key, slot = _tail_slot(container, index)
    entry = owner.ca.items.get(key)
    token = entry[slot] if entry is not None and len(entry) > slot else None
    if not isinstance(token, CommentToken):
        return ""
    text: str = token.value
    end = text.find("\n")
    if end < 0 or end == len(text) - 1:
        return ""
    token.value = text[: end + 1]
    if not token.value.strip():
        entry[slot] = None
    return text[end + 1:]


def _put_tail(container: Any, index: Any, text: str) -> None:
    if not text:
        return
    owner, key, slot = _tail_slot(container, index)
    entry = owner.ca.items.setdefault(key, [None, None, None, None])
    token = entry[slot]
    if isinstance(token, CommentToken):
        token.value = token.value + text if token.value.endswith("\n") else (
            token.value + "\n" + text)
    else:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
