"""``prozesskit netz``: the network at a glance (matrix, Priorisierung, Arbeitsteilung), and
``prozesskit netz init`` for a commented netz.yaml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from prozesskit.errors import UsageError

if TYPE_CHECKING:
    from prozesskit.netz.load import Member, MemberSpec


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
        format: str = typer.Option("text", "--format", "-f",
                                   help="text, markdown, csv, json, html, xlsx (nur mit -o)"),
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
        from prozesskit.netz import report
        from prozesskit.netz.load import open_members

        if format not in report.FORMATS:
            raise UsageError(f"Unbekanntes Format '{format}'; möglich: "
                             f"{', '.join(report.FORMATS)}")
        if ansicht not in report.ANSICHTEN:
            raise UsageError(f"Unbekannte Ansicht '{ansicht}'; möglich: "
                             f"{', '.join(report.ANSICHTEN)}")
        if format in report.BINARY_FORMATS and output is None:
            raise UsageError(f"--format {format} ist eine Datei: bitte mit -o DATEI.{format} "
                             "angeben, wohin")
        from prozesskit.validation.gctune import no_collections

        with no_collections():  # the CLI's process: reading keeps every document alive
            members = open_members(_specs(args))
            text: str | bytes = _render(members, ansicht, format, top=top, mindestens=mindestens,
                           stunden_je_modell=stunden_je_modell, quartale=quartale)
        if output is not None:
            from prozesskit.cli.validate import write_report

            write_report(output, text)
            typer.echo(f"Bericht geschrieben: {output}")
        else:
            assert isinstance(text, str)
            sys.stdout.write(text)
        from prozesskit.cli._exit import allow_fast_exit

        allow_fast_exit()  # written atomically (report, Stand cache): skip freeing every document


def _render(members: list[Member], ansicht: str, fmt: str, *, top: int, mindestens: int,
            stunden_je_modell: float | None, quartale: int) -> str | bytes:
    from prozesskit.netz import report
    from prozesskit.netz.dokument import Dokument

    doc: Dokument | None = None
    as_doc = fmt in report.DOKUMENT_FORMATS
    if ansicht == "stand":
        from prozesskit.netz.stand import stand

        result = stand(members, quartale)
        if not as_doc:
            return report.render_stand(result, fmt)
        doc = report.stand_dokument(result)
    else:
        from prozesskit.netz.matrix import build_matrix
        from prozesskit.netz.views import arbeitsteilung, priorisierung

        matrix = build_matrix(members)
        if ansicht == "priorisierung":
            prio = priorisierung(matrix, top)
            if not as_doc:
                return report.render_priorisierung(prio, fmt)
            doc = report.priorisierung_dokument(prio)
        elif ansicht == "arbeitsteilung":
            plan = arbeitsteilung(matrix, mindestens, stunden_je_modell)
            if not as_doc:
                return report.render_arbeitsteilung(plan, fmt)
            doc = report.arbeitsteilung_dokument(plan)
        else:
            if not as_doc:
                return report.render_matrix(matrix, fmt)
            doc = report.matrix_dokument(matrix)
    if fmt == "html":  # a page in the site's layout (and with its offline rules)
        from prozesskit.site.netzseite import standalone

        return standalone(doc)
    return report.render_dokument(doc, fmt)


def _specs(args: list[str]) -> list[MemberSpec]:
    from prozesskit.netz.load import MemberSpec, members_of, read_netz
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
        return list(members_of(netz, first.resolve().parent, first))
    return [MemberSpec(None, None, None, arg) for arg in args]


def _init(args: list[str], force: bool) -> None:
    from prozesskit.netz.skeleton import write_skeleton

    if len(args) > 1:
        raise UsageError("netz init erwartet höchstens einen Pfad: prozesskit netz init [PFAD]")
    path = write_skeleton(Path(args[0]) if args else Path("."), force=force)
    typer.echo(f"Netzwerk-Beschreibung angelegt: {path}")
    typer.echo("Weiter: Mitglieder und Register eintragen, dann 'prozesskit netz "
               f"{path}'.")
