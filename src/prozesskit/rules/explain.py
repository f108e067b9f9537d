"""The text of ``prozesskit erklaere``: a rule's documentation plus what it depends on.

The docstring of a rule is written once for every reader; what differs per installation
(the Pflichtfelder each built-in profile brings) is added here from the same tables the
configuration uses, so that the explanation cannot drift from what ``validate`` checks.
"""

from __future__ import annotations

from collections.abc import Mapping

from prozesskit.config.resolve import (
    DEFAULT_EXTENDS,
    PROFILES,
    profile_includes,
    profile_pflichtfelder,
)
from prozesskit.rules.base import Rule
from prozesskit.validation.layout import PROFILE_PREFIX


def explain(rule: Rule, rules: Mapping[str, Rule]) -> str:
    """Header, documentation and, for the Pflichtfelder rule, the fields of every profile."""
    profiles = ", ".join(sorted(rule.profiles)) or "-"
    lines = [
        f"{rule.code} {rule.name}: {rule.title}",
        f"Stufe: {rule.level.value}  Bereich: {rule.scope.value}  Profile: {profiles}"
        + (f"  bpmnlint: {rule.bpmnlint}" if rule.bpmnlint else ""),
        "",
        rule.help_text,
    ]
    if rule.extra.get("profile_fields"):
        lines += ["", *_pflichtfelder(rule, rules)]
    return "\n".join(lines)


def _pflichtfelder(rule: Rule, rules: Mapping[str, Rule]) -> list[str]:
    lines = ["Pflichtfelder der eingebauten Profile:"]
    for profile in PROFILES:
        name = PROFILE_PREFIX + profile
        fields = profile_pflichtfelder(rules, profile_includes(profile))
        default = " (Standard)" if name in DEFAULT_EXTENDS else ""
        lines.append(f"    {name}{default}: {', '.join(fields) or 'keine'}")
    return [
        *lines,
        "",
        "Weitere Pflichtfelder vereinbart das Netzwerk in prozesskit.yaml (sie kommen zu denen",
        "des Profils hinzu; Felder mit Punkt adressieren):",
        "",
        "    konventionen:",
        f"      extends: [{DEFAULT_EXTENDS[0]}]",
        "      pflichtfelder:",
        "        - prozessverantwortlich",
        "        - kennzahlen.fallzahl_pro_jahr",
        "",
        "Dieselbe Wirkung hat die Option felder der Regel (unter konventionen):",
        "",
        f"      regeln: {{{rule.code}: {{optionen: {{felder: [prozessverantwortlich]}}}}}}",
    ]
