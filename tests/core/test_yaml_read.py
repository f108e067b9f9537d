"""The read path: positions, duplicate keys, encodings, YAML 1.2 scalars, alias bombs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from helpers import EXAMPLE, REPO
from prozesskit import limits
from prozesskit.yamlio import read
from prozesskit.yamlio.read import parse_yaml


def test_values_keep_positions() -> None:
    doc, problems = parse_yaml(b"id: a-b\nkennzahlen:\n  fallzahl_pro_jahr: 5\n", "x.yaml")
    assert problems == [] and doc is not None
    assert doc.locate(("kennzahlen", "fallzahl_pro_jahr")) == (3, 22)
    assert doc.locate(("kennzahlen", "fallzahl_pro_jahr"), key=True) == (3, 3)
    assert doc.locate(("kennzahlen", "fehlt")) == (2, 1)


def test_yaml_12_scalars_like_ruamel() -> None:
    doc, _ = parse_yaml(b"a: no\nb: 01\nc: '02'\nd: 2026-03-31\ne: ~\nf: 1.5\ng: true\n", "x")
    assert doc is not None
    assert doc.data == {
        "a": "no",
        "b": 1,
        "c": "02",
        "d": dt.date(2026, 3, 31),
        "e": None,
        "f": 1.5,
        "g": True,
    }


def test_duplicate_key_is_reported_with_both_lines() -> None:
    _, problems = parse_yaml(b"name: A\nid: x\nname: B\n", "x.yaml")
    assert [(p.rule, p.line, p.column) for p in problems] == [("PK-S003", 3, 1)]
    assert "zuerst in Zeile 1" in problems[0].message


def test_cp1252_file_gets_encoding_problem() -> None:
    doc, problems = parse_yaml("id: x\nname: Größe\n".encode("cp1252"), "x.yaml")
    assert doc is None
    assert [(p.rule, p.line) for p in problems] == [("PK-S002", 2)]
    assert "Windows-1252" in problems[0].message and "UTF-8" in (problems[0].hint or "")


def test_bom_is_accepted() -> None:
    doc, problems = parse_yaml("\ufeffname: Größe\n".encode(), "x.yaml")
    assert problems == [] and doc is not None and doc.data == {"name": "Größe"}


def test_syntax_error_has_german_message_and_line() -> None:
    doc, problems = parse_yaml(b"id: x\nname: a: b\n", "x.yaml")
    assert doc is None
    assert problems[0].rule == "PK-S001" and problems[0].line == 2
    assert "Doppelpunkt" in problems[0].message


def test_billion_laughs_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    doc, problems = parse_yaml("\n".join(lines).encode(), "bomb.yaml")
    assert doc is None
    assert problems[0].rule == "PK-S001" and "Billion Laughs" in problems[0].message


def test_ten_thousand_aliases_within_bound_are_fine() -> None:
    text = "basis: &b {x: 1}\nliste:\n" + "".join("  - *b\n" for _ in range(10_000))
    doc, problems = parse_yaml(text.encode(), "viele.yaml")
    assert problems == [] and doc is not None and len(doc.data["liste"]) == 10_000


def test_oversized_file_is_refused_without_parsing() -> None:
    doc, problems = parse_yaml(b"a: " + b"x" * 100, "gross.yaml", max_bytes=50)
    assert doc is None and "größer als die Grenze" in problems[0].message


def test_empty_and_multi_document_files() -> None:
    assert parse_yaml(b"", "leer.yaml")[1][0].message == "Datei ist leer"
    _, problems = parse_yaml(b"a: 1\n---\nb: 2\n", "zwei.yaml")
    assert "mehrere YAML-Dokumente" in problems[0].message


def test_self_referencing_alias_is_a_problem() -> None:
    doc, problems = parse_yaml(b"x: &x [*x]\n", "zyklus.yaml")
    assert doc is None and "auf sich selbst" in problems[0].message


TOO_DEEP = "Die YAML-Datei ist tiefer als 64 Ebenen verschachtelt und wird nicht gelesen"


def _flow(depth: int) -> bytes:
    return b"a: " + b"[" * depth + b"]" * depth + b"\n"


def _block_mappings(depth: int) -> bytes:
    return "".join(" " * i + "k:\n" for i in range(depth - 1)).encode() + b" " * depth + b"x: 1\n"


def _block_sequences(depth: int) -> bytes:
    return b"- " * depth + b"x\n"


def _flow_pairs(depth: int) -> bytes:  # [k: [k: ...]]: every bracket opens two levels
    return b"a: " + b"[k: " * depth + b"x" + b"]" * depth + b"\n"


@pytest.mark.parametrize("text", [
    _flow(20_000), _flow(1_000), b"a: " + b"{" * 20_000 + b"\n",  # unclosed as well
    _block_mappings(2_000), _block_sequences(2_000), _flow_pairs(2_000),
    b"a:\n" + b" [\n" * 1_500 + b" x\n" + b" ]\n" * 1_500,  # flow over many lines
], ids=["flow", "flow-1000", "flow-unclosed", "block-map", "block-seq", "flow-pairs",
        "flow-lines"])
def test_deep_nesting_is_our_german_problem(text: bytes) -> None:
    """Beyond libyaml's own limit (1000 since PyYAML 6.0.4) ours decides and speaks German."""
    doc, problems = parse_yaml(text, "tief.yaml")
    assert doc is None
    assert [(p.rule, p.line, p.message) for p in problems] == [("PK-S001", 1, TOO_DEEP)]


@pytest.mark.parametrize(("make", "outer"), [
    (_flow, 1), (_flow_pairs, 1), (_block_mappings, 0), (_block_sequences, 0)])
def test_our_limit_is_exact_in_flow_and_block(make: Callable[[int], bytes], outer: int) -> None:
    depth = limits.MAX_YAML_DEPTH - outer  # + the top-level mapping, if any
    if make is _flow_pairs:
        depth = (depth - 1) // 2  # two levels per bracket: 31 give 63 levels, 32 give 65
    doc, problems = parse_yaml(make(depth), "grenze.yaml")
    assert problems == [] and doc is not None
    doc, problems = parse_yaml(make(depth + 1), "tief.yaml")
    assert doc is None and [p.message for p in problems] == [TOO_DEEP]


def test_libyaml_limit_is_mapped_even_without_the_pre_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the pre-check ever miss a case, libyaml's English message still never shows."""
    monkeypatch.setattr(read, "_may_nest_too_deep", lambda text: False)
    for text in (_flow(20_000), _block_sequences(2_000)):
        doc, problems = parse_yaml(text, "tief.yaml")
        assert doc is None and [p.message for p in problems] == [TOO_DEEP]


def test_ordinary_files_skip_the_exact_depth_count() -> None:
    """The pre-check costs two C-speed scans; real Steckbriefe never need the event count."""
    files = [*EXAMPLE.rglob("*.yaml"), *(REPO / "blueprints").rglob("*.yaml"),
             *(REPO / "tests" / "fixtures").rglob("*.yaml")]
    steckbriefe = [p for p in files if p.parent.name == "steckbriefe"]
    assert len(steckbriefe) > 20
    flagged = [p for p in steckbriefe if read._may_nest_too_deep(p.read_text("utf-8"))]
    assert flagged == []
    assert read._may_nest_too_deep("a: " + "[x], " * 16)  # many brackets: counted exactly
    assert read._may_nest_too_deep("a:\n" + " " * 16 + "b: 1\n")  # deep indentation too
    assert read._may_nest_too_deep("a:\r" + " " * 16 + "b: 1\r")  # also after a lone CR
    assert read._may_nest_too_deep("- " * 8 + "x\n")  # indicators count as steps
    assert read._may_nest_too_deep("a:\n" + "- &a " * 4 + "x\n")  # and so do properties
    assert not read._counts_too_deep("a: " + "[x], " * 1000)


def test_huge_integer_stays_text() -> None:
    doc, problems = parse_yaml(b"fallzahl: " + b"9" * 5000 + b"\n", "zahl.yaml")
    assert problems == [] and doc is not None and doc.data["fallzahl"] == "9" * 5000


def test_tab_indentation_is_named_in_german() -> None:
    for text in (b"a:\n\tb: 1\n", b"\ta: 1\n", b"a: 1\n\tb: 2\n"):
        _, problems = parse_yaml(text, "tab.yaml")
        assert "Tabulatorzeichen" in problems[0].message, text


def test_merge_keys_and_timestamps() -> None:
    """The composer skips PyYAML's scalar typing; merge keys and timestamps must still read
    as before (a quoted '<<' is an ordinary key)."""
    text = (
        b"basis: &b {bereich: '02', stufe: 1}\n"
        b"x:\n  <<: *b\n  stufe: 2\n"
        b"y:\n  '<<': kein-merge\n"
        b"z: 2026-03-31T10:15:00Z\n"
    )
    doc, problems = parse_yaml(text, "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data["x"] == {"bereich": "02", "stufe": 2}
    assert doc.data["y"] == {"<<": "kein-merge"}
    assert doc.data["z"] == dt.datetime(2026, 3, 31, 10, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(("text", "german"), [
    (b"name: [kaputt\n", "Liste in eckigen Klammern nicht geschlossen"),
    (b"a: {b: 1\n", "Zuordnung in geschweiften Klammern nicht geschlossen"),
    (b"a: @x\n", "Zeichen, mit dem kein YAML-Wert beginnen darf"),
    (b"a: &\n", "Anker (&) oder Alias (*) ohne Namen"),
    (b'a: "x\x01"\n', "Steuerzeichen in der Datei"),
])
def test_common_syntax_errors_are_explained_in_german(text: bytes, german: str) -> None:
    """One German line, without libyaml's English (finding 11.10: it reached every CI format)."""
    _, problems = parse_yaml(text, "x.yaml")
    message = problems[0].message
    assert message.startswith(f"YAML-Syntaxfehler: {german}"), message
    assert "\n" not in message
    assert not any(word in message for word in ("expected", "found", "not allowed", "token"))


@pytest.mark.parametrize(("text", "line", "hint"), [
    (b"id: a-b\nname: Bauantrag: Vorpr\xc3\xbcfung\n", 2,
     'Wert in Anführungszeichen setzen: name: "Bauantrag: Vorprüfung"'),
    (b"beteiligte:\n  - Amt: Bauamt: Nord  # x\n", 2,
     'Wert in Anführungszeichen setzen: - Amt: "Bauamt: Nord"'),
    (b"a:\n\tb: 1\n", 2, "Jeden Tabulator am Zeilenanfang durch zwei Leerzeichen ersetzen."),
    (b"a:\n  b: 1\n c: 2\n", 3, "Die Zeile gleich weit einrücken wie die Felder derselben Ebene"),
])
def test_syntax_errors_say_what_to_do(text: bytes, line: int, hint: str) -> None:
    _, problems = parse_yaml(text, "x.yaml")
    assert problems[0].line == line
    assert "(" not in problems[0].message, problems[0].message
    assert problems[0].hint is not None and problems[0].hint.startswith(hint), problems[0].hint


def test_edit_path_errors_are_german_too() -> None:
    """ruamel.yaml (update, leika vorschlagen --schreiben, import-xlsx) through the same table."""
    from prozesskit.errors import InputError
    from prozesskit.yamlio.edit import load_text

    for text, german in (("name: a\nname: b\n", "Schlüssel 'name' kommt doppelt vor"),
                         ("a:\n\tb: 1\n", "Tabulatorzeichen sind in YAML nicht erlaubt"),
                         ("a: [x\n", "Liste in eckigen Klammern nicht geschlossen"),
                         ("a: b: c\n", "Doppelpunkt an unerwarteter Stelle")):
        with pytest.raises(InputError) as caught:
            load_text(text, "x.yaml")
        assert f"YAML nicht lesbar: {german}" in str(caught.value)
        assert "found" not in str(caught.value) and "expected" not in str(caught.value)


def test_every_syntax_error_gets_a_german_sentence() -> None:
    """A libyaml message without its own translation still reads German first."""
    _, problems = parse_yaml(b"%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "x.yaml")
    assert problems[0].message.startswith("YAML-Syntaxfehler: Die Datei ist an dieser Stelle "
                                          "kein gültiges YAML (")
