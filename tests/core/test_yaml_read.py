"""The read path: positions, duplicate keys, encodings, YAML 1.2 scalars, alias bombs."""

from __future__ import annotations

import datetime as dt

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


def test_deep_nesting_is_a_problem() -> None:
    doc, problems = parse_yaml(b"a: " + b"[" * 20000 + b"]" * 20000 + b"\n", "tief.yaml")
    assert doc is None and problems[0].rule == "PK-S001" and "verschachtelt" in problems[0].message


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
