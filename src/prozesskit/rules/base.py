"""The rule contract: each rule is one module with declared constants and a ``check``.

Modelled on yamllint (declarative module, stable id, docs in the docstring) and bpmnlint
(a rule is a tiny function over the model). A rule yields :class:`Finding` objects; it
knows nothing of levels, configuration, suppression or output: the engine stamps the rule
code and level, resolves positions and applies ignores.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from prozesskit.problem import Level

if TYPE_CHECKING:
    from prozesskit.rules.context import RuleContext


class Scope(enum.StrEnum):
    """What a rule looks at; decides when and where (which process) it runs."""

    STECKBRIEF = "steckbrief"  # one Steckbrief file, parsed and schema-checked
    BPMN = "bpmn"  # one BPMN model, parsed and indexed
    REGISTER = "register"  # the whole register: facts of all files at once
    XPROZESS = "xprozess"  # one XProzess 2.0 message (validate export.xml)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports. Locate it by YAML ``path``, by BPMN ``element`` or by line.

    Register rules also set ``file`` (relative path) because they see many files, and
    ``related``: the other register files (relative POSIX paths) the finding is about, so
    that ``--changed-since`` keeps it when one of those changed.
    """

    message: str
    path: tuple[str | int, ...] | None = None
    element: str | None = None
    line: int | None = None
    column: int | None = None
    file: str | None = None
    hint: str | None = None
    related: tuple[str, ...] = ()


class NoOptions(BaseModel):
    """Options of a rule that has none; config with options for it is an error."""

    model_config = {"extra": "forbid", "frozen": True}


CheckFn = Callable[[Any, Any, "RuleContext"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as the engine and ``prozesskit regeln`` see it."""

    code: str  # "PK-B004"
    name: str  # German kebab id, "startereignis-erforderlich"
    title: str  # German one-liner
    scope: Scope
    level: Level  # default level when a profile switches it on
    profiles: frozenset[str]  # built-in profiles that enable it ("empfohlen", "streng", "fim")
    check: CheckFn | None  # None: emitted by the loaders (parse and schema checks)
    doc: str
    options: type[BaseModel] = NoOptions
    bpmnlint: str | None = None  # equivalent bpmnlint rule name
    core: bool = False  # schema-level checks that cannot be switched off
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def help_text(self) -> str:
        """The documentation as users read it (``erklaere``, SARIF help): the docstring's
        reST literals (double backticks) in plain quotes."""
        return _LITERAL.sub(_quoted, self.doc)


_LITERAL = re.compile(r"``([^`]+?)``")


def _quoted(match: re.Match[str]) -> str:
    inner = match.group(1)
    return inner if inner[:1] in "'\"„" and inner[-1:] in "'\"“" else f"'{inner}'"


def rule_from_module(module: ModuleType) -> Rule:
    """Build the registry entry from a rule module's constants; fails loudly if one is missing."""
    doc = (module.__doc__ or "").strip()
    return Rule(
        code=module.CODE,
        name=module.NAME,
        title=module.TITLE,
        scope=module.SCOPE,
        level=module.LEVEL,
        profiles=frozenset(module.PROFILES),
        check=module.check,
        doc=doc,
        options=getattr(module, "Options", NoOptions),
        bpmnlint=getattr(module, "BPMNLINT", None),
        core=getattr(module, "CORE", False),
        extra={
            "profile_fields": getattr(module, "PROFILE_FIELDS", {}),
            # YAML paths whose generic schema message this rule replaces with a better one
            "schema_paths": tuple(".".join(path) for path in getattr(module, "SCHEMA_PATHS", ())),
        },
    )
