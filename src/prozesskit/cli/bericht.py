"""``prozesskit bericht [REGISTER]``: the network's views for one register (Fortschritt
by Produktbereich and Organisationseinheit, Priorisierung, open assignments and overdue
ones, missing Pflichtfelder, Stand per quarter)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from prozesskit.errors import UsageError


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("bericht", cls=GermanCommand)
    def bericht_command(
        quelle: str = typer.Argument(
            ".", metavar="[REGISTER]",
            help="Register als Ordner (Standard: aktueller Ordner), git-URL@Stand oder "
            "prozesskit:<blaupause>.",
        ),
        format: str = typer.Option("text", "--format", "-f",
                                   help="text, markdown, csv, json, html, xlsx (nur mit -o)"),
        stichtag: str | None = typer.Option(
            None, "--stichtag", metavar="JJJJ-MM-TT",
            help="Überfällig gegenüber diesem Tag (Vorgabe: heute)."),
        top: int = typer.Option(10, "--top", min=1,
                                help="Priorisierung: so viele Prozesse zeigen."),
        quartale: int = typer.Option(
            8, "--quartale", min=1, max=80,
            help="Stand: so viele Quartale bis zum jüngsten Commit zeigen."),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Bericht in diese Datei schreiben."),
    ) -> None:
        """Bericht über ein Register: Fortschritt nach Produktbereich und
        Organisationseinheit, Priorisierung, offene und überfällige Modellierungsaufträge,
        fehlende Pflichtfelder und Stand je Quartal.

        Exit-Code 0: Bericht erstellt, 2: Aufruf, Register oder Konventionen unbrauchbar.
        """
        import datetime as dt

        from prozesskit.bericht.daten import build_bericht
        from prozesskit.bericht.report import FORMATS, render
        from prozesskit.netz.load import MemberSpec, open_members

        if format not in FORMATS:
            raise UsageError(f"Unbekanntes Format '{format}'; möglich: {', '.join(FORMATS)}")
        if format == "xlsx" and output is None:
            raise UsageError("--format xlsx ist eine Datei: bitte mit -o DATEI.xlsx angeben, "
                             "wohin")
        try:
            tag = dt.date.fromisoformat(stichtag) if stichtag else dt.date.today()
        except ValueError:
            raise UsageError(f"--stichtag '{stichtag}' ist kein Datum; bitte JJJJ-MM-TT, "
                             "z. B. 2026-03-31") from None
        from prozesskit.register.discover import register_root
        from prozesskit.register.sources import Source, SourceKind
        from prozesskit.validation.gctune import no_collections

        source = Source.parse(quelle)
        if source.kind is SourceKind.ORDNER:  # from a folder inside it too, as validate
            quelle = str(register_root(Path(source.location), "REGISTER"))
        with no_collections():  # the CLI's process: reading keeps every document alive
            member = open_members([MemberSpec(None, None, None, quelle)])[0]
            text = render(build_bericht(member, stichtag=tag, top=top, quartale=quartale),
                          format)
        if output is not None:
            from prozesskit.cli.validate import write_report

            write_report(output, text)
            typer.echo(f"Bericht geschrieben: {output}")
        else:
            assert isinstance(text, str)
            sys.stdout.write(text)
        from prozesskit.cli._exit import allow_fast_exit

        allow_fast_exit()  # written atomically (report, Stand cache): skip freeing every document
