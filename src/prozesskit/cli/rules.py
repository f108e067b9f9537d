"""``prozesskit regeln`` and ``prozesskit erklaere``: the rules' documentation from code."""

from __future__ import annotations

import json
import sys
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


_COLUMNS = ("Code", "Name", "Stufe", "Bereich", "Profile", "bpmnlint", "Titel")


def rows(rules: list[Rule]) -> list[tuple[str, ...]]:
    return [(r.code, r.name, r.level.value, r.scope.value, ",".join(sorted(r.profiles)),
             r.bpmnlint or "", r.title) for r in rules]


def plain_table(rules: list[Rule]) -> str:
    """Piped output: one rule per line, tab-separated, never cut (for grep, cut, awk)."""
    return "".join("\t".join(row) + "\n" for row in [_COLUMNS, *rows(rules)])


#: Below this terminal width the table keeps Code, Name, Stufe and Titel: seven columns in
#: 80 columns would cut every name to a few letters.
_WIDE = 140


def print_table(rules: list[Rule]) -> None:
    """A table as wide as the terminal: names never cut, the title wraps."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    wide = console.width >= _WIDE
    keep = range(len(_COLUMNS)) if wide else (0, 1, 2, 6)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for index in keep:
        table.add_column(_COLUMNS[index], no_wrap=index != 6, overflow="fold")
    for row in rows(rules):
        table.add_row(*(row[index] for index in keep))
    console.print(table)
    if not wide:
        console.print("Alle Spalten (Bereich, Profile, bpmnlint): in einem breiteren Fenster, "
                      "mit 'prozesskit regeln | cat' oder '--format json'.")


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
        if not sys.stdout.isatty():
            typer.echo(plain_table(rules), nl=False)
            return
        print_table(rules)

    @app.command("erklaere")
    def erklaere(
        regel: str = typer.Argument(..., help="Code (PK-B004), Name oder bpmnlint-Name"),
    ) -> None:
        """Dokumentation einer Regel mit richtigem und falschem Beispiel."""
        from prozesskit.rules.explain import explain

        typer.echo(explain(find_rule(regel), all_rules()))

    app.command("rules", hidden=True)(regeln)
    app.command("explain", hidden=True)(erklaere)
