"""The read path: PyYAML's C composer, turned into plain data with positions kept.

``validate`` reads thousands of files, so it must not round-trip them through ruamel.yaml
(ten times slower). The C composer gives a node tree where every node carries its line and
column and where duplicate keys are still visible; this module converts that tree to plain
Python data with YAML 1.2 scalar rules (the same ones ruamel.yaml uses on the edit path,
so ``no`` stays a string and ``01`` is an int in both), and keeps the tree to locate fields
only when a problem needs a position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from prozesskit import limits
from prozesskit.problem import Level, Problem

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: UTF-8 byte order mark, accepted on reading and kept on editing
BOM = b"\xef\xbb\xbf"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


#: Below these counts a text cannot nest deeper than ``MAX_YAML_DEPTH``, whatever libyaml
#: thinks (see :func:`_may_nest_too_deep`): 15 flow brackets add at most 31 levels (a
#: ``[a: b]`` pair is a mapping of its own) and 15 indentation steps at most 31 block levels.
_CHEAP_STEPS = limits.MAX_YAML_DEPTH // 4
#: Line start whose indentation, indicators (``-``, ``?``, ``:``) and properties (``&anker``,
#: ``!tag``) make ``_CHEAP_STEPS`` steps: only there can block collections nest deeply.
_DEEP_START = re.compile(rf"(?:[ \t?:-]|[&!][^ \t\r\n]*){{{_CHEAP_STEPS}}}")
#: The same after a line break: a literal first character lets ``re`` skip to line starts
#: (two to three times as fast as ``^`` with MULTILINE or a set ``[\r\n]``).
_DEEP_LINE = re.compile("\n" + _DEEP_START.pattern)
TOO_DEEP = f"ist tiefer als {limits.MAX_YAML_DEPTH} Ebenen verschachtelt"
#: libyaml's own nesting limit (1000 levels since PyYAML 6.0.4); its English message.
_LIBYAML_DEPTH = "maximum nesting depth"


class _Composer(_Loader):  # type: ignore[misc]
    """The C composer without PyYAML's implicit typing of scalars.

    For every untagged scalar the composer calls back into Python's ``resolve``, which runs
    regexes to guess int, float, bool, null or timestamp: a third of composing a Steckbrief.
    :class:`_Converter` types scalars itself (YAML 1.2 rules) and reads only one tag, the
    merge key's, so every node gets its kind's default tag and ``<<`` keeps the merge tag.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _MERGE_TAG if implicit[0] and value == "<<" else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


RULE_SYNTAX = "PK-S001"
RULE_ENCODING = "PK-S002"
RULE_DUPLICATE = "PK-S003"

#: First characters with which a plain scalar may be null, bool, number or date.
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfF")
_NULLS = frozenset({"~", "null", "Null", "NULL", ""})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
#: First characters of _MAYBE_TYPED that only null and booleans start with
_WORD_START = frozenset("nNtTfF~")
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
#: Dates as JSON Schema's ``format: date`` (the editor's check) reads them: ``JJJJ-MM-TT``
#: with two-digit month and day. YAML 1.1 also types ``2026-1-31`` as a date; here it stays
#: text, so that validate refuses what the editor refuses (and says how to write it).
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt]|[ \t]+)[0-9]")

_TAB_GERMAN = "Tabulatorzeichen sind in YAML nicht erlaubt: bitte mit Leerzeichen einrücken"
_MULTI_GERMAN = "Die Datei enthält mehrere YAML-Dokumente (---): erlaubt ist genau eines"
_COLON_GERMAN = ("Doppelpunkt an unerwarteter Stelle: fehlt ein Leerzeichen nach dem "
                 "Doppelpunkt, oder gehört der Wert in Anführungszeichen?")
_KEY_GERMAN = "Einrückung stimmt nicht: ein Schlüssel wurde erwartet"
_SYNTAX_GERMAN = (
    ("mapping values are not allowed", _COLON_GERMAN),
    ("found a tab character", _TAB_GERMAN),
    ("found character '\\t' that cannot start any token", _TAB_GERMAN),
    (
        "could not find expected ':'",
        "Doppelpunkt erwartet: ist ein Schlüssel ohne ':' oder eine Zeile falsch eingerückt?",
    ),
    ("did not find expected key", _KEY_GERMAN),
    ("expected <block end>", _KEY_GERMAN),  # ruamel.yaml's words for the same
    (
        "did not find expected '-' indicator",
        "Einrückung stimmt nicht: ein Listenpunkt '-' wurde erwartet",
    ),
    ("found undefined alias", "Alias ohne zugehörigen Anker (*name ohne &name)"),
    (
        "found unexpected end of stream",
        "Datei endet mitten in einem Wert: fehlt ein "
        "schließendes Anführungszeichen oder eine Klammer?",
    ),
    ("found another document", _MULTI_GERMAN),
    ("expected a single document", _MULTI_GERMAN),
    (
        "found unknown escape character",
        "Unbekannte Escape-Sequenz in doppelten "
        "Anführungszeichen: Backslash verdoppeln oder einfache Anführungszeichen nutzen",
    ),
    ("expected ',' or ']'",
     "Liste in eckigen Klammern nicht geschlossen: fehlt ']' oder ein Komma zwischen den Werten?"),
    ("expected ',' or '}'",
     "Zuordnung in geschweiften Klammern nicht geschlossen: fehlt '}' oder ein Komma?"),
    ("did not find expected node content",
     "Wert fehlt oder beginnt mit einem Zeichen, das in YAML etwas anderes bedeutet "
     "(z. B. @, `, %): den Wert in Anführungszeichen setzen"),
    ("found character that cannot start any token",
     "Zeichen, mit dem kein YAML-Wert beginnen darf (z. B. @ oder `): den Wert in "
     "Anführungszeichen setzen"),
    ("block sequence entries are not allowed",
     "Listenpunkt '-' an unerwarteter Stelle: Einrückung prüfen"),
    ("mapping keys are not allowed",
     "Schlüssel an unerwarteter Stelle: Einrückung prüfen oder den Wert in Anführungszeichen "
     "setzen"),
    ("did not find expected alphabetic or numeric character",
     "Anker (&) oder Alias (*) ohne Namen: den Wert in Anführungszeichen setzen"),
    ("did not find expected comment or line break",
     "Nach dem Wert steht noch etwas: fehlt ein Anführungszeichen oder ein Zeilenumbruch?"),
    ("control characters are not allowed",
     "Steuerzeichen in der Datei (oft aus kopiertem Text): das Zeichen entfernen"),
    ("found unexpected document indicator",
     "Zeile mit '---' oder '...' mitten in einem Wert: den Wert in Anführungszeichen setzen"),
    ("did not find expected <document start>", _MULTI_GERMAN),
)
#: For a libyaml message not listed above: still German, with libyaml's words as detail
_SYNTAX_OTHER = "Die Datei ist an dieser Stelle kein gültiges YAML"


@dataclass(slots=True)
class YamlDoc:
    """Data of one YAML file plus the node tree to locate any field in it."""

    file: str
    data: Any
    root: yaml.Node
    text: str

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path``, or of its key with ``key``.

        A path that does not exist (a missing field) resolves to the deepest existing
        parent, which is where the user has to add it.
        """
        node = self.root
        last_key: yaml.Node | None = None
        for step in path:
            found = _child(node, step)
            if found is None:  # missing: point at the parent's key, where the field belongs
                mark = (last_key or node).start_mark
                return mark.line + 1, mark.column + 1
            last_key, node = found
        use_key = (key or _is_empty(node)) and last_key is not None
        mark = (last_key if use_key and last_key is not None else node).start_mark
        return mark.line + 1, mark.column + 1

    def written(self, path: Sequence[str | int]) -> str | None:
        """The scalar at ``path`` as the file spells it (``12.000``, not the float 12.0),
        for messages that must quote the user; None where there is no scalar."""
        node = self.root
        for step in path:
            found = _child(node, step)
            if found is None:
                return None
            node = found[1]
        return node.value if isinstance(node, yaml.ScalarNode) else None


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and (
            0 <= step < len(node.value)):
        return None, node.value[step]
    return None


class _TooManyNodes(Exception):
    pass


class _Cycle(Exception):
    pass


class _TooDeep(Exception):
    pass


class _Converter:
    """Node tree to data; counts every visit so that alias bombs stay bounded."""

    def __init__(self, file: str, max_nodes: int, max_depth: int = limits.MAX_YAML_DEPTH) -> None:
        self.file = file
        self.budget = max_nodes
        self.max_depth = max_depth
        self.active: set[int] = set()  # collections on the current path: cycles, depth
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooManyNodes
        kind = node.__class__
        if kind is yaml.ScalarNode:
            assert isinstance(node, yaml.ScalarNode)
            value: str = node.value
            # quoted/block scalars, and plain ones that cannot be anything but text
            if node.style or (value and value[0] not in _MAYBE_TYPED):
                return value
            return self.plain(value)
        key = id(node)
        if key in self.active:
            raise _Cycle
        if len(self.active) >= self.max_depth:
            raise _TooDeep
        self.active.add(key)
        try:
            if kind is yaml.SequenceNode:
                return [self.convert(item) for item in node.value]
            assert isinstance(node, yaml.MappingNode)
            return self.mapping(node)
        finally:
            self.active.discard(key)

    def mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.merge(result, value_node)
                continue
            key = self.convert(key_node)
            if not isinstance(key, str | int | float | bool | None):
                key = str(key)
            if key in first_seen:
                self.duplicate(key, key_node, first_seen[key])
                continue
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node)
        return result

    def merge(self, result: dict[Any, Any], value_node: yaml.Node) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            merged = self.convert(source)
            if isinstance(merged, dict):
                for key, value in merged.items():
                    result.setdefault(key, value)

    def duplicate(self, key: Any, key_node: yaml.Node, first_line: int) -> None:
        mark = key_node.start_mark
        self.problems.append(
            Problem(
                self.file,
                mark.line + 1,
                mark.column + 1,
                RULE_DUPLICATE,
                Level.ERROR,
                f"Schlüssel '{key}' kommt doppelt vor (zuerst in Zeile {first_line}); "
                "der zweite Wert wird nicht gelesen",
                element=str(key),
                hint="Einen der beiden Einträge löschen oder zusammenführen.",
            )
        )

    def plain(self, value: str) -> Any:
        if value in _NULLS:
            return None
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if value[0] in _WORD_START:  # "name", "typ", "fallzahl": not a number or date
            return value
        try:
            if _INT.match(value):
                return int(value)
            if _INT_OCT.match(value):
                return int(value[2:], 8)
            if _INT_HEX.match(value):
                return int(value[2:], 16)
        except ValueError:  # more digits than Python converts: keep the text
            return value
        if _FLOAT.match(value) or _FLOAT_SPECIAL.match(value):
            return float(
                value.replace(".inf", "inf")
                .replace(".Inf", "inf")
                .replace(".INF", "inf")
                .replace(".nan", "nan")
                .replace(".NaN", "nan")
                .replace(".NAN", "nan")
            )
        if _DATE.match(value):
            return self.date(value)
        if _DATETIME.match(value):
            return self.datetime(value)
        return value

    def date(self, value: str) -> Any:
        """An impossible date stays a string, so that the schema names the field."""
        try:
            year, month, day = (int(part) for part in value.split("-"))
            return dt.date(year, month, day)
        except ValueError:
            return value

    def datetime(self, value: str) -> Any:
        try:
            return yaml.load(value, Loader=_Loader)
        except (yaml.YAMLError, ValueError):
            return self.date(value[:10])


def newline_of(text: str) -> str:
    """The line ending a file uses: CRLF as soon as it has one (Windows editors write it
    throughout), else LF. Every write of a YAML file keeps it, or git shows each line as
    changed."""
    return "\r\n" if "\r\n" in text else "\n"


def with_newline(text: str, newline: str) -> str:
    """``text`` with every line ending ``newline``: ruamel.yaml writes LF but keeps a
    comment's own CR, which left a CRLF file with mixed endings."""
    if newline == "\n":
        return text
    return text.replace("\r\n", "\n").replace("\n", newline)


def decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """UTF-8 with or without BOM; anything else gets a message that says how to fix it."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            file,
            1,
            1,
            RULE_ENCODING,
            Level.ERROR,
            "Datei ist in UTF-16 gespeichert; prozesskit liest nur UTF-8",
            hint="Im Editor 'Speichern unter' wählen und als Kodierung UTF-8 einstellen.",
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, _encoding_problem(raw, exc, file)


def _encoding_problem(raw: bytes, exc: UnicodeDecodeError, file: str) -> Problem:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    byte = raw[exc.start : exc.start + 1]
    guess = byte.decode("cp1252", errors="replace")
    return Problem(
        file,
        line,
        column,
        RULE_ENCODING,
        Level.ERROR,
        f"Datei ist nicht in UTF-8 kodiert: Byte 0x{byte.hex().upper()} (in Windows-1252 "
        f"'{guess}') in Zeile {line}; vermutlich mit dem Windows-Editor als ANSI/Windows-1252 "
        "gespeichert",
        hint="Die Datei im Editor mit der Kodierung UTF-8 neu speichern.",
    )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


_SYNTAX_HINT = "Die Stelle im Editor prüfen; ein YAML-Editor zeigt den Fehler an."
_TAB_HINT = "Jeden Tabulator am Zeilenanfang durch zwei Leerzeichen ersetzen."
#: ``name: Bauantrag: prüfen`` – a key, then a value with ``: `` in it (a comment may follow)
_COLON_IN_VALUE = re.compile(r"^(\s*(?:- )?)([^\s:#'\"][^:#]*?):[ \t]+([^'\"#].*?:(?:[ \t].*)?)$")


def _colon_hint(text: str, line: int) -> str:
    """The line with its value quoted, as the fix to copy (``name: "Bauantrag: prüfen"``)."""
    lines = text.split("\n", line + 1)
    current = lines[line].rstrip("\r") if line < len(lines) else ""
    found = _COLON_IN_VALUE.match(current)
    if found is None:
        return ("Die Einrückung der Zeile prüfen (gleich weit wie die Felder derselben Ebene); "
                "enthält ein Wert ': ', den ganzen Wert in Anführungszeichen setzen.")
    indent, key, value = found.groups()
    value = re.split(r"[ \t]+#", value, maxsplit=1)[0].strip()  # a comment stays outside
    quoted = f"'{value}'" if '"' in value or "\\" in value else f'"{value}"'
    if len(quoted) > 60:
        quoted = quoted[:1] + value[:50] + " …" + quoted[:1]
    return f"Wert in Anführungszeichen setzen: {indent.strip()}{' ' if indent.strip() else ''}" \
           f"{key}: {quoted}"


def german_syntax(original: str) -> str | None:
    """A YAML parser's English problem (libyaml's; ruamel.yaml's read the same) in German,
    or None for one the table does not know."""
    return next((de for en, de in _SYNTAX_GERMAN if en in original), None)


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    original = str(getattr(exc, "problem", None) or exc).strip().split("\n")[0]
    german = german_syntax(original)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        german = _TAB_GERMAN  # libyaml does not name the tab it stumbled on
    hint = _SYNTAX_HINT
    if german == _KEY_GERMAN:
        hint = "Die Zeile gleich weit einrücken wie die Felder derselben Ebene (nur Leerzeichen)."
    elif german == _TAB_GERMAN:
        hint = _TAB_HINT
    elif german == _COLON_GERMAN and mark is not None:
        hint = _colon_hint(text, mark.line)
    # libyaml's English only where no German sentence says what it means
    message = f"YAML-Syntaxfehler: {german}" if german else \
        f"YAML-Syntaxfehler: {_SYNTAX_OTHER} ({original})"
    return Problem(file, line, column, RULE_SYNTAX, Level.ERROR, message, hint=hint)


def _structure_problem(file: str, what: str) -> Problem:
    return Problem(file, 1, 1, RULE_SYNTAX, Level.ERROR, f"Die YAML-Datei {what} und wird "
                   "nicht gelesen", hint="Anker (&) und Aliase (*) bzw. die Verschachtelung "
                   "prüfen.")


def _too_deep(file: str) -> Problem:
    return _structure_problem(file, TOO_DEEP)


def _may_nest_too_deep(text: str) -> bool:
    """False when ``text`` cannot nest deeper than ``MAX_YAML_DEPTH``; two C-speed scans.

    Why a pre-check at all: libyaml (PyYAML 6.0.4 on) stops at its own nesting depth with
    an English message, and its flow scanner reads far ahead, so the limit that decides
    must be ours, checked before composing. A Steckbrief (a few flow brackets, four
    indentation levels) passes this test and is composed at once; only a text with many
    brackets or a deeply indented line gets the exact count of :func:`_counts_too_deep`.
    Bound: each flow bracket opens at most two collections; a block collection starts
    right of its parent or, as a sequence under a key, at the same column, so two block
    levels take at least one step of indentation, indicator or property on some line.
    """
    if text.count("[") + text.count("{") >= _CHEAP_STEPS or _DEEP_START.match(text):
        return True
    if "\r" in text:  # libyaml also breaks lines at a lone CR (old Mac files)
        text = text.replace("\r", "\n")
    return _DEEP_LINE.search(text) is not None


def nests_too_deep(text: str) -> bool:
    """Whether ``text`` nests deeper than ``MAX_YAML_DEPTH``; for the read and the edit path."""
    return _may_nest_too_deep(text) and _counts_too_deep(text)


def _counts_too_deep(text: str) -> bool:
    """Exact depth of collections from libyaml's event stream, before any node is built.

    The count stops at the first level beyond ours. Where libyaml gives up first (flow
    brackets nested beyond its own limit, which is far above ours: its scanner reads ahead
    before it emits the events we count), the text is too deep by our limit as well. A
    syntax error is left to the composer, which reports it with its position.
    """
    depth = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=_Composer):
            if isinstance(event, starts):
                depth += 1
                if depth > limits.MAX_YAML_DEPTH:
                    return True
            elif isinstance(event, ends):
                depth -= 1
    except yaml.YAMLError as exc:
        return _LIBYAML_DEPTH in str(exc)
    return False


def too_large(file: str, size: int, max_bytes: int = limits.MAX_YAML_BYTES) -> Problem:
    """The problem of a YAML file beyond the bound, also for readers that refuse it unread."""
    return Problem(
        file,
        None,
        None,
        RULE_SYNTAX,
        Level.ERROR,
        f"Datei ist mit {limits.german_int(size)} Bytes größer als die Grenze von "
        f"{limits.german_int(max_bytes)} Bytes und wird nicht gelesen",
        hint="Steckbriefe sind wenige KB groß: ist dies die richtige Datei?",
    )


def parse_yaml(
    raw: bytes,
    file: str,
    *,
    max_bytes: int = limits.MAX_YAML_BYTES,
    max_nodes: int = limits.MAX_YAML_NODES,
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document; problems instead of exceptions for every kind of bad input."""
    if len(raw) > max_bytes:
        return None, [too_large(file, len(raw), max_bytes)]
    text, problem = decode(raw, file)
    if text is None:
        return None, [problem] if problem else []
    if nests_too_deep(text):
        return None, [_too_deep(file)]
    try:
        root = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError as exc:
        if _LIBYAML_DEPTH in str(exc):
            return None, [_too_deep(file)]
        return None, [_syntax_problem(exc, file, text)]
    except RecursionError:
        return None, [_too_deep(file)]
    if root is None:
        return None, [
            Problem(
                file,
                1,
                1,
                RULE_SYNTAX,
                Level.ERROR,
                "Datei ist leer",
                hint="Inhalt ergänzen oder die Datei löschen.",
            )
        ]
    converter = _Converter(file, max_nodes)
    try:
        data = converter.convert(root)
    except _Cycle:
        return None, [_structure_problem(file, "enthält einen Alias, der auf sich selbst zeigt")]
    except (_TooDeep, RecursionError):
        return None, [_too_deep(file)]
    except _TooManyNodes:
        return None, [
            Problem(
                file,
                1,
                1,
                RULE_SYNTAX,
                Level.ERROR,
                "Datei enthält nach Auflösen der Anker und Aliase mehr als "
                f"{limits.german_int(max_nodes)} Knoten und wird nicht gelesen "
                "(Schutz vor 'Billion Laughs')",
                hint="Anker (&) und Aliase (*) entfernen oder die Datei aufteilen.",
            )
        ]
    return YamlDoc(file, data, root, text), converter.problems



class _Unsure(Exception):
    """The events alone cannot say what the converter's data would hold."""


def head_strings(raw: bytes, keys: frozenset[str]) -> dict[str, str | None] | None:
    """The string values of the top-level ``keys`` (``id``, ``name``) as :func:`parse_yaml`'s
    data holds them, from libyaml's events up to the last of them: nothing is composed.

    For a file whose bytes are known to parse (its checksum is one a lock recorded), this
    answers what a listing needs without the full parse, which costs a hundred times more.
    Same rules as the converter: the first of duplicate keys wins, an explicit key wins over
    a merged one, a value that is no string is None. None when the events cannot say (not
    UTF-8, no mapping, an alias or merge key where a wanted value could come from, a syntax
    error on the way): then the caller parses.
    """
    text, _ = decode(raw, "")
    if text is None:
        return None
    parser = _Composer(text)
    try:
        return _head(parser, keys)
    except (_Unsure, yaml.YAMLError, RecursionError):
        return None
    finally:
        parser.dispose()


def _head(parser: Any, keys: frozenset[str]) -> dict[str, str | None]:
    typing = _Converter("", 0)
    for expected in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent):
        if not isinstance(parser.get_event(), expected):
            raise _Unsure
    found: dict[str, str | None] = {}
    merged = False
    while len(found) < len(keys):
        key = parser.get_event()
        if isinstance(key, yaml.MappingEndEvent):
            break
        if not isinstance(key, yaml.ScalarEvent):
            raise _Unsure  # a collection as key: rare enough to parse
        merged = merged or (key.value == "<<" and not key.style)
        name = key.value if key.style else typing.plain(key.value)
        wanted = isinstance(name, str) and name in keys and name not in found
        value = _value(parser, typing, wanted)
        if wanted:
            found[name] = value
    if merged and len(found) < len(keys):
        raise _Unsure  # a missing key may come from the merge
    return {key: found.get(key) for key in keys}


def _value(parser: Any, typing: _Converter, wanted: bool) -> str | None:
    """The next value if it is a string (None if not), its events consumed."""
    event = parser.get_event()
    if isinstance(event, yaml.AliasEvent):
        if wanted:
            raise _Unsure
        return None
    if isinstance(event, yaml.ScalarEvent):
        text: str = event.value
        if event.style or (text and text[0] not in _MAYBE_TYPED):
            return text
        typed = typing.plain(text)
        return typed if isinstance(typed, str) else None
    depth = 1  # a collection: skipped to its end
    while depth:
        event = parser.get_event()
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return None
