"""Reading prozesskit.yaml on the fast path; problems for the user, data for the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prozesskit.model.errors import root_not_mapping, schema_problems
from prozesskit.model.register import Manifest
from prozesskit.problem import Problem
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.yamlio.read import parse_yaml

RULE_MANIFEST = "PK-R001"


def load_manifest(root: Path) -> tuple[Manifest | None, dict[str, Any], list[Problem]]:
    """Manifest model (None if invalid), raw ``konventionen`` and the problems found."""
    raw = (root / MANIFEST_NAME).read_bytes()
    doc, problems = parse_yaml(raw, MANIFEST_NAME)
    problems = [_as_manifest(p) for p in problems]
    if doc is None:
        return None, {}, problems
    if not isinstance(doc.data, dict):
        return None, {}, [root_not_mapping(doc, "prozesskit.yaml", RULE_MANIFEST)]
    konventionen = doc.data.get("konventionen")
    konventionen = konventionen if isinstance(konventionen, dict) else {}
    try:
        return Manifest.model_validate(doc.data), konventionen, problems
    except ValidationError as exc:
        return None, konventionen, problems + schema_problems(exc, doc, Manifest, RULE_MANIFEST)


def _as_manifest(problem: Problem) -> Problem:
    return problem._replace(rule=RULE_MANIFEST)
