"""Reading prozesskit.yaml on the fast path; problems for the user, data for the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prozesskit.fsutil import NotRegularFile, read_regular
from prozesskit.model.errors import root_not_mapping, schema_problems
from prozesskit.model.register import Manifest
from prozesskit.problem import Level, Problem
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.yamlio.read import parse_yaml

RULE_MANIFEST = "PK-R001"


def load_manifest(root: Path) -> tuple[Manifest | None, dict[str, Any], list[Problem]]:
    """Manifest model (None if invalid), raw ``konventionen`` and the problems found."""
    try:
        raw = read_regular(str(root / MANIFEST_NAME))
    except NotRegularFile as exc:
        what = "ein symbolischer Link" if exc.kind == "link" else "keine normale Datei"
        return None, {}, [Problem(
            MANIFEST_NAME, None, None, RULE_MANIFEST, Level.ERROR,
            f"prozesskit.yaml ist {what} und wird nicht gelesen (prozesskit liest nichts "
            "außerhalb des Registers)",
            hint="prozesskit.yaml als normale Datei ins Register legen.")]
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
