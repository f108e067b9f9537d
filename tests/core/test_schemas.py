"""Committed JSON Schemas equal what the models generate, and describe real files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from helpers import EXAMPLE, REPO
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
