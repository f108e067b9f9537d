"""``prozesskit regeln`` and ``prozesskit erklaere``: the rules' documentation from code."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from prozesskit.errors import UsageError

if TYPE_CHECKING:
    from prozesskit.rules.base import Rule


def all_rules() -> dict[str, Rule]:
    """The registry, imported on use: the validate fast path must not load 63 rule modules."""
    from prozesskit.rules import all_rules as registry

    return registry()


def rule_as_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "titel": rule.title,
        "level": rule.level.value,
        "scope": rule.scope.value,
        "profile": sorted(rule.profiles),
        "bpmnlint": rule.bpmnlint,
        "abschaltbar": not rule.core,
    }


def find_rule(key: str) -> Rule:
    rules = all_rules()
    for rule in rules.values():
        if key.upper() == rule.code or key == rule.name or key == rule.bpmnlint:
            return rule
    raise UsageError(f"Regel '{key}' gibt es nicht; 'prozesskit regeln' listet alle")


def register(app: typer.Typer) -> None:
    @app.command("regeln")
    def regeln(format: str = typer.Option("text", "--format", help="text oder json")) -> None:
        """Alle Regeln mit Code, Name, Stufe, Geltungsbereich und bpmnlint-Entsprechung."""
        rules = list(all_rules().values())
        if format == "json":
            typer.echo(json.dumps([rule_as_json(r) for r in rules], ensure_ascii=False, indent=2))
            return
        if format != "text":
            raise UsageError(f"Unbekanntes Format '{format}'; erlaubt: text, json")
        from rich.console import Console
        from rich.table import Table

        table = Table("Code", "Name", "Stufe", "Bereich", "Profile", "bpmnlint", "Titel")
        for r in rules:
            table.add_row(
                r.code,
                r.name,
                r.level.value,
                r.scope.value,
                ",".join(sorted(r.profiles)),
                r.bpmnlint or "",
                r.title,
            )
        Console(width=200).print(table)

    @app.command("erklaere")
    def erklaere(
        regel: str = typer.Argument(..., help="Code (PK-B004), Name oder bpmnlint-Name"),
    ) -> None:
        """Dokumentation einer Regel mit richtigem und falschem Beispiel."""
        rule = find_rule(regel)
        typer.echo(f"{rule.code} {rule.name}: {rule.title}")
        typer.echo(
            f"Stufe: {rule.level.value}  Bereich: {rule.scope.value}  Profile: "
            f"{', '.join(sorted(rule.profiles)) or '-'}"
            + (f"  bpmnlint: {rule.bpmnlint}" if rule.bpmnlint else "")
        )
        typer.echo("")
        typer.echo(rule.doc)

    app.command("rules", hidden=True)(regeln)
    app.command("explain", hidden=True)(erklaere)
