"""Reading prozesskit.yaml on the fast path; problems for the user, data for the engine.

pydantic is imported only to validate: parsing alone stays on the cheap read path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit import limits
from prozesskit.fsutil import FileTooLarge, NotRegularFile, read_regular
from prozesskit.problem import Level, Problem
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.yamlio.read import YamlDoc, parse_yaml, too_large

if TYPE_CHECKING:
    from prozesskit.model.register import Manifest

RULE_MANIFEST = "PK-R001"


def load_manifest(root: Path) -> tuple[Manifest | None, dict[str, Any], list[Problem]]:
    """Manifest model (None if invalid), raw ``konventionen`` and the problems found."""
    try:
        # bounded: a huge manifest in a shared repo is refused before it is read whole
        raw = read_regular(str(root / MANIFEST_NAME), limits.MAX_YAML_BYTES)
    except FileTooLarge as exc:
        return None, {}, [_as_manifest(too_large(MANIFEST_NAME, exc.size))]
    except NotRegularFile as exc:
        what = "ein symbolischer Link" if exc.kind == "link" else "keine normale Datei"
        return None, {}, [Problem(
            MANIFEST_NAME, None, None, RULE_MANIFEST, Level.ERROR,
            f"prozesskit.yaml ist {what} und wird nicht gelesen (prozesskit liest nichts "
            "außerhalb des Registers)",
            hint="prozesskit.yaml als normale Datei ins Register legen.")]
    doc, problems = parse_manifest(raw)
    if doc is None:
        return None, {}, problems
    manifest, schema = validate_manifest(doc)
    if not isinstance(doc.data, dict):
        return None, {}, schema
    konventionen = doc.data.get("konventionen")
    konventionen = konventionen if isinstance(konventionen, dict) else {}
    return manifest, konventionen, problems + schema


def parse_manifest(raw: bytes) -> tuple[YamlDoc | None, list[Problem]]:
    """The manifest on the read path, its problems under the manifest's rule code."""
    doc, problems = parse_yaml(raw, MANIFEST_NAME)
    return doc, [_as_manifest(p) for p in problems]


def validate_manifest(doc: YamlDoc) -> tuple[Manifest | None, list[Problem]]:
    """The pydantic model of a parsed manifest, or None and German problems saying why.

    Separate from parsing so that readers who only need the raw data (the Register API)
    do not pay for pydantic.
    """
    from pydantic import ValidationError

    from prozesskit.model.errors import root_not_mapping, schema_problems
    from prozesskit.model.register import Manifest

    if not isinstance(doc.data, dict):
        return None, [root_not_mapping(doc, "prozesskit.yaml", RULE_MANIFEST)]
    try:
        return Manifest.model_validate(doc.data), []
    except ValidationError as exc:
        return None, schema_problems(exc, doc, Manifest, RULE_MANIFEST)


def _as_manifest(problem: Problem) -> Problem:
    return problem._replace(rule=RULE_MANIFEST)
