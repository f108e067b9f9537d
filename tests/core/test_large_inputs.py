"""Hostile or huge inputs get a clear problem, never an exhausted machine or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.validation.engine import ValidateOptions, validate

HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn='
    b'"http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">'
    b'<bpmn:process id="P">'
)
TAIL = b"</bpmn:process></bpmn:definitions>"


def test_50mb_bpmn_is_refused_with_message(tmp_path: Path) -> None:
    path = tmp_path / "riesig.bpmn"
    with path.open("wb") as handle:
        handle.write(HEAD)
        handle.write(b"<!--" + b"x" * (50 * 1024 * 1024) + b"-->")
        handle.write(TAIL)
    result = validate([path], ValidateOptions(use_cache=False))
    assert [(p.rule, p.file.endswith("riesig.bpmn")) for p in result.problems] == [
        ("PK-B001", True)
    ]
    assert "größer als die Grenze" in result.problems[0].message


def test_50mb_yaml_is_refused_with_message(tmp_path: Path) -> None:
    path = tmp_path / "riesig.yaml"
    path.write_bytes(b"beschreibung: " + b"x" * (50 * 1024 * 1024) + b"\n")
    result = validate([path], ValidateOptions(use_cache=False))
    assert [p.rule for p in result.problems] == ["PK-S001"]
    assert "größer als die Grenze" in result.problems[0].message


def test_model_with_100000_elements_is_handled() -> None:
    tasks = b"".join(
        b'<bpmn:task id="T%d" name="Akte %d pr\xc3\xbcfen"/>' % (i, i) for i in range(100_000)
    )
    parsed, problems = parse_bpmn(HEAD + tasks + TAIL, "gross.bpmn")
    assert problems == [] and parsed is not None


def test_model_over_element_limit_is_refused() -> None:
    tasks = b"".join(b'<bpmn:task id="T%d"/>' % i for i in range(300))
    parsed, problems = parse_bpmn(HEAD + tasks + TAIL, "gross.bpmn", max_elements=100)
    assert parsed is None and "Grenze" in problems[0].message
    # the sentence keeps its comma; only thousands get the German separator
    assert problems[0].message.startswith("Modell hat 30")
    assert "XML-Elemente, mehr als die Grenze von 100" in problems[0].message


def test_german_thousands() -> None:
    from prozesskit.limits import german_int

    assert (german_int(999), german_int(250_000), german_int(20_971_520)) == (
        "999", "250.000", "20.971.520")


def test_entity_bomb_and_xxe_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</definitions>'
    )
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&e;</definitions>'
    )
    for raw in (bomb, xxe):
        parsed, problems = parse_bpmn(raw, "boese.bpmn")
        assert parsed is None and "DOCTYPE" in problems[0].message


def test_not_bpmn_root_is_named() -> None:
    parsed, problems = parse_bpmn(b"<html/>", "x.bpmn")
    assert parsed is None and "definitions" in problems[0].message


def test_parameter_entity_to_dev_zero_does_not_hang(tmp_path: Path) -> None:
    """libxml2 fetches parameter entities even with load_dtd=False: refused up front."""
    raw = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY % x SYSTEM "file:///dev/zero"> %x;]>'
           + HEAD[HEAD.index(b"<bpmn:definitions"):] + TAIL)
    parsed, problems = parse_bpmn(raw, "null.bpmn")
    assert parsed is None and "DOCTYPE" in problems[0].message


def test_parser_never_reads_external_files(tmp_path: Path) -> None:
    """Second line of defence: even a DOCTYPE the byte check missed resolves to nothing."""
    from lxml import etree

    from prozesskit.bpmn.parse import _parser

    secret = tmp_path / "geheim.dtd"
    secret.write_text('<!ENTITY geheim "STRENG GEHEIM">', encoding="utf-8")
    raw = (f'<!DOCTYPE d SYSTEM "{secret.as_uri()}">'
           '<d>&geheim;</d>').encode()
    try:
        root = etree.fromstring(raw, _parser())
        text = etree.tostring(root)
    except etree.XMLSyntaxError:
        text = b""
    assert b"STRENG GEHEIM" not in text


def _capped(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_huge_file_is_refused_before_it_is_read(example: Path) -> None:
    """An 8 GiB Steckbrief (sparse: no disk used) in a shared repo: validate refuses it
    from its size, without loading it; in a process limited to 2 GiB of memory, reading it
    whole would fail."""
    import json
    import os
    import subprocess
    import sys

    huge = example / "steckbriefe" / "riesig.yaml"
    with huge.open("wb") as handle:
        handle.truncate(8 * 1024**3)
    done = subprocess.run(
        [sys.executable, "-m", "prozesskit", "validate", str(example), "--no-cache",
         "--format", "json"], capture_output=True, text=True, timeout=120,
        env=os.environ.copy(), preexec_fn=lambda: _capped(2 * 1024**3), check=False)
    assert done.returncode == 1, done.stderr
    [problem] = [p for p in json.loads(done.stdout)["problems"]
                 if p["file"] == "steckbriefe/riesig.yaml"]
    assert problem["rule"] == "PK-S001"
    assert problem["message"] == ("Datei ist mit 8.589.934.592 Bytes größer als die Grenze von "
                                  "5.242.880 Bytes und wird nicht gelesen")


def test_huge_manifest_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prozesskit import limits
    from prozesskit.register import manifest

    (tmp_path / "prozesskit.yaml").write_bytes(
        b"beschreibung: " + b"x" * (limits.MAX_YAML_BYTES + 1) + b"\n")
    read: list[int] = []
    real_read = manifest.read_regular

    def measured(path: str, max_bytes: int | None = None) -> bytes:
        data = real_read(path, max_bytes)
        read.append(len(data))
        return data

    monkeypatch.setattr(manifest, "read_regular", measured)
    model, _, problems = manifest.load_manifest(tmp_path)
    assert model is None and [p.rule for p in problems] == ["PK-R001"]
    assert "größer als die Grenze von 5.242.880 Bytes" in problems[0].message
    assert read == []  # refused unread, not read into memory and refused then


def test_bounded_read_allocates_for_the_file_not_for_the_bound(tmp_path: Path) -> None:
    """read_regular(path, bound) asks for the file's size (+1), not for the bound: a read
    of n bytes allocates n first, and before, every 4 KB Steckbrief read under the 20 MB
    model bound allocated 20 MB (twice the time of reading and hashing the register)."""
    import tracemalloc

    from prozesskit.fsutil import FileTooLarge, read_regular

    small = tmp_path / "klein.yaml"
    small.write_bytes(b"id: a\n" * 700)
    tracemalloc.start()
    try:
        assert read_regular(str(small), 64 * 1024 * 1024) == small.read_bytes()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, peak
    exact = tmp_path / "genau.yaml"
    exact.write_bytes(b"x" * 100)
    assert read_regular(str(exact), 100) == b"x" * 100
    with pytest.raises(FileTooLarge):
        read_regular(str(exact), 99)
