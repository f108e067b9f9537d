"""Committed JSON Schemas equal what the models generate, and describe real files."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from pydantic import ValidationError

from helpers import EXAMPLE, REPO
from prozesskit.model.codes import PATTERN_TEXT
from prozesskit.model.errors import schema_problems
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.schemas import render_all
from prozesskit.yamlio.read import parse_yaml


@pytest.mark.parametrize("name", sorted(render_all()))
def test_committed_schema_is_in_sync(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == render_all()[name], "python -m prozesskit.schemas neu erzeugen"


def test_example_copy_of_schemas_is_in_sync() -> None:
    for name, text in render_all().items():
        assert (EXAMPLE / ".prozesskit" / "schemas" / name).read_text(encoding="utf-8") == text


def test_example_steckbriefe_validate_against_json_schema() -> None:
    schema = json.loads(render_all()["steckbrief.schema.json"])
    for path in sorted((EXAMPLE / "steckbriefe").glob("*.yaml")):
        doc, _ = parse_yaml(path.read_bytes(), path.name)
        assert doc is not None
        data = json.loads(json.dumps(doc.data, default=str))
        jsonschema.validate(data, schema)


def test_json_schema_rejects_unknown_key() -> None:
    schema = json.loads(render_all()["steckbrief.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"id": "abc", "name": "A b", "produkt": {"bereich": "02"}, "namee": "x"}, schema
        )


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


@pytest.mark.parametrize("name", sorted(render_all()))
def test_patterns_are_valid_ecma_regex(name: str) -> None:
    """VS Code and check-jsonschema use ECMA regex (unicode mode), not Python's re."""
    import regress

    patterns = _patterns(json.loads(render_all()[name]))
    assert patterns
    for pattern in patterns:
        regress.Regex(pattern, "u")


def _nodes(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        return [node] + [n for value in node.values() for n in _nodes(value)]
    if isinstance(node, list):
        return [n for value in node for n in _nodes(value)]
    return []


_RST = re.compile(r"``|:(class|func|meth|attr|mod|data):|\.\. |`[^`]+`_|::")
_ENGLISH = re.compile(
    r"\b(the|of|which|should|must|is|are|where|from|with|for|this|that|field|"
    r"process|number|string|valid)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", ["steckbrief.schema.json", "register.schema.json"])
def test_schema_texts_are_german_for_users(name: str) -> None:
    """Titles and descriptions are VS Code's hover texts: German, for users, no RST."""
    schema = json.loads(render_all()[name])
    texts = [
        str(node[key])
        for node in _nodes(schema)
        for key in ("title", "description", "errorMessage", "patternErrorMessage")
        if isinstance(node.get(key), str)
    ]
    assert len(texts) > 40
    for text in texts:
        assert not _RST.search(text), text
        assert not _ENGLISH.search(text), text


@pytest.mark.parametrize("name", ["steckbrief.schema.json", "register.schema.json"])
def test_every_property_has_a_german_title_and_description(name: str) -> None:
    schema = json.loads(render_all()[name])
    properties = [
        (field, spec)
        for node in _nodes(schema)
        if isinstance(node.get("properties"), dict) and "additionalProperties" in node
        for field, spec in node["properties"].items()  # type: ignore[union-attr]
    ]
    assert len(properties) > 20
    for field, spec in properties:
        assert isinstance(spec.get("description"), str) and len(spec["description"]) > 10, field
        # next to a $ref pydantic leaves the title to the referenced definition
        ref = str(spec.get("$ref", "")).removeprefix("#/$defs/")
        title = spec.get("title", schema["$defs"][ref]["title"] if ref else None)
        assert isinstance(title, str), field
        # pydantic's generated title ("Fallzahl Pro Jahr") means nobody wrote one
        assert title != field.replace("_", " ").title() or "_" not in field, (field, title)
    for node in _nodes(schema):
        if node.get("type") == "object" and "properties" in node:
            assert isinstance(node.get("description"), str), node.get("title")


@pytest.mark.parametrize("name", ["steckbrief.schema.json", "register.schema.json"])
def test_every_pattern_is_explained_in_german(name: str) -> None:
    """The editor shows ``patternErrorMessage``, PK-S004 shows PATTERN_TEXT: never a regex."""
    for node in _nodes(json.loads(render_all()[name])):
        if isinstance(node.get("pattern"), str):
            assert node["pattern"] in PATTERN_TEXT, node["pattern"]
            message = node.get("patternErrorMessage")
            assert isinstance(message, str) and PATTERN_TEXT[node["pattern"]] in message


@pytest.mark.parametrize(
    ("yaml_text", "element", "words"),
    [
        (
            "id: Gewerbe_Anmelden\nname: A b\nprodukt: {bereich: '02'}\n",
            "id",
            "nur Kleinbuchstaben ohne Umlaute, Ziffern und einzelne Bindestriche",
        ),
        (
            "id: gewerbe\nname: A b\nprodukt: {bereich: '2'}\n",
            "produkt.bereich",
            "zwei Ziffern, in Anführungszeichen, z. B. '02'",
        ),
        (
            "id: gewerbe\nname: A b\nprodukt: {bereich: '02'}\n"
            "modelle: [{art: ist, datei: 'modelle/x.xml'}]\n",
            "modelle[0].datei",
            "ein Pfad, der auf .bpmn endet",
        ),
    ],
)
def test_pk_s004_hint_explains_the_format_in_words(
    yaml_text: str, element: str, words: str
) -> None:
    doc, problems = parse_yaml(yaml_text.encode(), "x.yaml")
    assert doc is not None and not problems
    with pytest.raises(ValidationError) as caught:
        Steckbrief.model_validate(doc.data)
    [problem] = [p for p in schema_problems(caught.value, doc, Steckbrief) if p.element == element]
    assert problem.hint is not None and words in problem.hint
    assert "^" not in problem.hint and "[0-9" not in problem.hint and "{" not in problem.hint


def test_nan_message_is_german_and_names_the_value() -> None:
    text = (
        "id: gewerbe\nname: A b\nprodukt: {bereich: '02'}\n"
        "kennzahlen:\n  durchlaufzeit_tage: .nan\n"
    )
    doc, _ = parse_yaml(text.encode(), "x.yaml")
    assert doc is not None
    with pytest.raises(ValidationError) as caught:
        Steckbrief.model_validate(doc.data)
    [problem] = schema_problems(caught.value, doc, Steckbrief)
    assert problem.message == "'kennzahlen.durchlaufzeit_tage' ist keine Zahl (.nan)"
    assert problem.hint == "Eine Zahl eintragen."
    assert problem.line == 5
