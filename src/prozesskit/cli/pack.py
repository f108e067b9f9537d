"""``prozesskit pack``: processes of a register as one deterministic package (.zip)."""

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
        output: Path = typer.Option(..., "--output", "-o", metavar="PAKET.zip",
                                    help="Paketdatei, die geschrieben wird."),
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
        from prozesskit.exchange import paket
        from prozesskit.limits import german_int
        from prozesskit.register.view import Register
        from prozesskit.validation.gctune import few_collections

        root = Register.check_root(register_path)
        with few_collections():
            planned = paket.pack_register(root, ids or [], alle, bereich, force=force)
        packed = paket.write(planned, output)
        pruefung = planned.pruefung
        typer.echo(f"Paket {packed.path} geschrieben: {planned.prozesse} Prozesse, "
                   f"{planned.dateien} Dateien, {german_int(packed.size)} Bytes")
        typer.echo(f"SHA-256: {packed.sha256}")
        note = " (mit --force trotz Fehlern gepackt)" if pruefung["erzwungen"] else ""
        typer.echo(f"Prüfung: {german_int(pruefung['fehler'])} Fehler, "
                   f"{german_int(pruefung['warnungen'])} Warnungen{note}")
