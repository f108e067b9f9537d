"""``prozesskit pack``: processes of a register as one deterministic package (.zip), or as
an XProzess 2.0 message (``--format xprozess``)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("pack", cls=GermanCommand)
    def pack_command(
        ids: list[str] = typer.Argument(
            None, metavar="[IDS]...", show_default=False,
            help="Ids der Prozesse (wie im Steckbrief), deren Steckbriefe und Modelle ins "
            "Paket kommen.",
        ),
        output: Path = typer.Option(..., "--output", "-o", metavar="DATEI",
                                    help="Datei, die geschrieben wird: paket.zip oder (mit "
                                    "--format xprozess) export.xml."),
        format_: str = typer.Option("paket", "--format", metavar="FORMAT",
                                    help="paket (Standard: ZIP mit Manifest) oder xprozess "
                                    "(XProzess-2.0-Nachricht für FIM, PICTURE, ADONIS)."),
        nachricht: str = typer.Option("0203", "--nachricht", metavar="CODE",
                                      help="Nur mit --format xprozess: 0203 "
                                      "(prozessbibliothek.export) oder 0303 (alleInhalte.export, "
                                      "mit Prozesskatalog)."),
        alle: bool = typer.Option(False, "--alle", help="Alle Prozesse des Registers."),
        bereich: list[str] = typer.Option(
            [], "--bereich", metavar="NN",
            help="Alle Prozesse dieses Produktbereichs (mehrfach angebbar), z. B. 02."),
        register_path: Path = typer.Option(Path("."), "--register", metavar="PFAD",
                                           help="Register-Ordner (Standard: aktueller Ordner)."),
        force: bool = typer.Option(False, "--force", help="Trotz Fehlern packen; das Paket "
                                   "vermerkt es (pruefung.erzwungen)."),
    ) -> None:
        """Steckbriefe und ihre Modelle als Paket packen (mit Manifest und Prüfergebnis).

        Gleicher Inhalt ergibt byte-gleiche Pakete: die SHA-256 des Pakets benennt seinen
        Inhalt. Exit-Code 0: geschrieben, 2: Fehler in den Dateien, Aufruf oder Eingabe
        unbrauchbar (nichts geschrieben).
        """
        from prozesskit.cli._endung import warne
        from prozesskit.errors import UsageError
        from prozesskit.exchange import paket
        from prozesskit.limits import german_int
        from prozesskit.register.discover import register_root
        from prozesskit.validation.gctune import no_collections

        if format_ not in ("paket", "xprozess"):
            raise UsageError(f"--format {format_} gibt es nicht; erlaubt sind paket und xprozess")
        if nachricht != "0203" and format_ != "xprozess":
            raise UsageError("--nachricht gilt nur mit --format xprozess")
        if format_ == "xprozess":
            _xprozess(register_path, ids or [], alle, bereich, nachricht, output, force)
            return
        root = register_root(register_path, "--register PFAD")
        # the CLI's process: the memo's rows and the plan live until the package is written,
        # and packing makes no cycles; two young-generation walks over the rows were 5 % of it
        with no_collections():
            planned, packed = paket.pack(root, ids or [], alle, bereich, output, force=force)
        pruefung = planned.pruefung
        typer.echo(f"Paket {packed.path} geschrieben: {planned.prozesse} Prozesse, "
                   f"{planned.dateien} Dateien, {german_int(packed.size)} Bytes")
        typer.echo(f"SHA-256: {packed.sha256}")
        note = " (mit --force trotz Fehlern gepackt)" if pruefung["erzwungen"] else ""
        typer.echo(f"Prüfung: {german_int(pruefung['fehler'])} Fehler, "
                   f"{german_int(pruefung['warnungen'])} Warnungen{note}")
        warne(output, "paket")


def _xprozess(register_path: Path, ids: list[str], alle: bool, bereich: list[str],
              nachricht: str, output: Path, force: bool) -> None:
    """``--format xprozess``: the message instead of a package (same selection and check)."""
    import hashlib

    from prozesskit.cli._endung import warne
    from prozesskit.exchange.auswahl import waehlen
    from prozesskit.exchange.xprozess.schreiben import exportieren, schreiben
    from prozesskit.limits import german_int
    from prozesskit.register.discover import register_root
    from prozesskit.register.view import Register
    from prozesskit.validation.engine import ValidateOptions, validate_register
    from prozesskit.validation.gctune import few_collections

    register = Register.open(register_root(register_path, "--register PFAD"))
    chosen = waehlen(register.steckbriefe, ids, alle, bereich, zweck="exportieren")
    assert register.root is not None
    with few_collections():
        result = validate_register(register.root, ValidateOptions())
    export = exportieren(register, chosen, result.problems, nachricht=nachricht, force=force)
    schreiben(export, output)
    typer.echo(f"XProzess-Nachricht {output} geschrieben ({nachricht}): {export.prozesse} "
               f"Prozesse, {export.modelle} Modelle, {german_int(len(export.xml))} Bytes")
    typer.echo(f"SHA-256: {hashlib.sha256(export.xml).hexdigest()}")
    warne(output, "xprozess")
