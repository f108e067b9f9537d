"""``prozesskit netz``: the network at a glance (matrix, Priorisierung, Arbeitsteilung), and
``prozesskit netz init`` for a commented netz.yaml."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from prozesskit.errors import UsageError


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("netz", cls=GermanCommand)
    def netz_command(
        quellen: list[str] = typer.Argument(
            None, metavar="[netz.yaml | REGISTER…]", show_default=False,
            help="netz.yaml (Standard: netz.yaml im aktuellen Ordner) oder Register als "
            "Ordner, git-URL@Stand oder prozesskit:<blaupause>. 'netz init [PFAD]' legt eine "
            "kommentierte netz.yaml an.",
        ),
        ansicht: str = typer.Option("matrix", "--ansicht", "-a",
                                    help="matrix, priorisierung, arbeitsteilung, stand"),
        format: str = typer.Option("text", "--format", "-f", help="text, markdown, csv, json"),
        top: int = typer.Option(10, "--top", min=1,
                                help="Priorisierung: so viele Prozesse zeigen."),
        mindestens: int = typer.Option(
            2, "--mindestens", min=2,
            help="Arbeitsteilung: Prozesse, die mindestens so viele Mitglieder haben."),
        stunden_je_modell: float | None = typer.Option(
            None, "--stunden-je-modell", min=0,
            help="Arbeitsteilung: Aufwand eines Modells in Stunden, für die eingesparten "
            "Stunden."),
        quartale: int = typer.Option(
            8, "--quartale", min=1, max=80,
            help="Stand: so viele Quartale bis zum jüngsten Commit zeigen."),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Bericht in diese Datei schreiben."),
        force: bool = typer.Option(False, "--force",
                                   help="netz init: eine vorhandene netz.yaml überschreiben."),
    ) -> None:
        """Das Netzwerk im Überblick: welches Mitglied welchen Prozess hat, gestrichen oder
        modelliert hat, was zuerst kommt und wer was modelliert.

        Exit-Code 0: Bericht erstellt, 2: Aufruf, netz.yaml oder ein Register unbrauchbar.
        """
        args = list(quellen or [])
        if args[:1] == ["init"]:
            _init(args[1:], force)
            return
        from prozesskit.netz.load import open_members
        from prozesskit.netz.matrix import build_matrix
        from prozesskit.netz.report import (
            ANSICHTEN,
            FORMATS,
            render_arbeitsteilung,
            render_matrix,
            render_priorisierung,
            render_stand,
        )

        if format not in FORMATS:
            raise UsageError(f"Unbekanntes Format '{format}'; möglich: {', '.join(FORMATS)}")
        if ansicht not in ANSICHTEN:
            raise UsageError(f"Unbekannte Ansicht '{ansicht}'; möglich: {', '.join(ANSICHTEN)}")
        from prozesskit.netz.views import arbeitsteilung, priorisierung

        members = open_members(_specs(args))
        matrix = build_matrix(members)
        if ansicht == "priorisierung":
            text = render_priorisierung(priorisierung(matrix, top), format)
        elif ansicht == "arbeitsteilung":
            text = render_arbeitsteilung(
                arbeitsteilung(matrix, mindestens, stunden_je_modell), format)
        elif ansicht == "stand":
            from prozesskit.netz.stand import stand

            text = render_stand(stand(members, quartale), format)
        else:
            text = render_matrix(matrix, format)
        if output is not None:
            from prozesskit.cli.validate import write_report

            write_report(output, text)
            typer.echo(f"Bericht geschrieben: {output}")
        else:
            sys.stdout.write(text)


def _specs(args: list[str]) -> list[tuple[str | None, str | None, int | None, str]]:
    from prozesskit.netz.load import members_of, read_netz
    from prozesskit.netz.model import NETZ_NAME

    if not args:
        default = Path(NETZ_NAME)
        if not default.is_file():
            raise UsageError(f"Keine {NETZ_NAME} im aktuellen Ordner: eine angeben, Register "
                             "aufzählen (prozesskit netz REG1 REG2 …) oder mit "
                             "'prozesskit netz init' anlegen")
        args = [NETZ_NAME]
    first = Path(args[0])
    if first.suffix.lower() in (".yaml", ".yml") and not first.is_dir():
        if len(args) > 1:
            raise UsageError("Entweder eine netz.yaml oder Register angeben, nicht beides")
        if not first.exists():
            raise UsageError(f"'{first}' gibt es nicht")
        netz = read_netz(first)
        return [(n, t, k, s) for n, t, k, s in members_of(netz, first.resolve().parent)]
    return [(None, None, None, arg) for arg in args]


def _init(args: list[str], force: bool) -> None:
    from prozesskit.netz.skeleton import write_skeleton

    if len(args) > 1:
        raise UsageError("netz init erwartet höchstens einen Pfad: prozesskit netz init [PFAD]")
    path = write_skeleton(Path(args[0]) if args else Path("."), force=force)
    typer.echo(f"Netzwerk-Beschreibung angelegt: {path}")
    typer.echo("Weiter: Mitglieder und Register eintragen, dann 'prozesskit netz "
               f"{path}'.")
