"""``prozesskit neu``: a new Steckbrief with the editor's schema line."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from prozesskit.errors import UsageError


def register(app: typer.Typer) -> None:
    @app.command("neu")
    def neu(
        name: str = typer.Argument(
            ..., help='Name des Prozesses (Objekt + Verrichtung), z. B. "Gewerbe anmelden".'
        ),
        id_: str | None = typer.Option(
            None, "--id", help="Kennung und Dateiname; ohne Angabe aus dem Namen gebildet."
        ),
        bereich: str | None = typer.Option(
            None, "--bereich", help="Produktbereich, zwei Ziffern, z. B. 02."
        ),
        organisationseinheit: str | None = typer.Option(
            None, "--organisationseinheit", help="Zuständiges Amt oder Fachdienst."
        ),
        ordner: str = typer.Option(
            "", "--ordner", help="Unterordner von steckbriefe/, z. B. ordnung."
        ),
        register_path: Path = typer.Option(
            Path("."), "--register", help="Register-Ordner (Standard: aktueller Ordner)."
        ),
    ) -> None:
        """Einen neuen Steckbrief anlegen, den der Editor sofort prüft und ergänzt."""
        from prozesskit.register.discover import register_root
        from prozesskit.steckbrief_neu import NeuerSteckbrief, plan, write

        root = register_root(register_path, "--register")
        if not bereich:
            if not sys.stdin.isatty():
                raise UsageError("--bereich fehlt: der Produktbereich, z. B. --bereich 02")
            bereich = _ask_bereich(root)
        if organisationseinheit is None and sys.stdin.isatty():
            # the default profile requires it (PK-S010): asked here, the new file validates
            organisationseinheit = str(typer.prompt(
                "Organisationseinheit (zuständiges Amt, z. B. Ordnungsamt; leer: später)",
                default="", show_default=False,
            )).strip() or None
        planned = plan(
            root,
            NeuerSteckbrief(name, bereich, id_, organisationseinheit, ordner),
        )
        path = write(root, planned)
        typer.echo(f"Steckbrief angelegt: {path}")
        if planned.schema_missing:
            typer.echo("Schemas für den Editor angelegt: .prozesskit/schemas/")
        _still_open(path)


def _ask_bereich(root: Path) -> str:
    """Asked again right away until it is one: a wrong answer must not cost the answers
    that follow."""
    from prozesskit.steckbrief_neu import bereich_problem, normalise_bereich, register_rahmen

    rahmen = register_rahmen(root)

    while True:
        answer = normalise_bereich(str(typer.prompt("Produktbereich (zwei Ziffern, z. B. 02)")))
        problem = bereich_problem(answer, rahmen)
        if problem is None:
            return answer
        typer.echo(f"{problem}. Bitte noch einmal.", err=True)


def _still_open(path: Path) -> None:
    """What the register's conventions still want in the new file (Pflichtfelder of the
    profile, …): the skeleton is valid, but a network may ask for more than the schema."""
    from prozesskit.validation.engine import ValidateOptions, validate

    problems = validate([path], ValidateOptions()).problems
    if not problems:
        typer.echo("Keine Probleme. Weiter: Felder ergänzen (der Editor schlägt sie vor).")
        return
    typer.echo("Noch offen, damit 'prozesskit validate' sauber ist:")
    for problem in problems:
        typer.echo(f"  Zeile {problem.line}: {problem.message}  [{problem.rule}]")
