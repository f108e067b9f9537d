"""``prozesskit unpack``: a package into a register, verified first, all or nothing."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("unpack", cls=GermanCommand)
    def unpack_command(
        paket_datei: Path = typer.Argument(..., metavar="PAKET.zip", show_default=False,
                                           help="Paket aus 'prozesskit pack'."),
        ziel: Path = typer.Option(Path("."), "--ziel", metavar="REGISTER",
                                  help="Register, in das entpackt wird (Standard: aktueller "
                                  "Ordner)."),
        force: bool = typer.Option(False, "--force", help="Vorhandene Dateien mit anderem "
                                   "Inhalt überschreiben."),
        mit_fehlern: bool = typer.Option(False, "--mit-fehlern", help="Auch Steckbriefe und "
                                         "Modelle mit Fehlern übernehmen (etwa aus einem mit "
                                         "--force gepackten Paket)."),
    ) -> None:
        """Ein Paket prüfen und in ein Register entpacken.

        Vor dem Schreiben werden Manifest, jede Prüfsumme, jeder Pfad und die Steckbriefe
        und Modelle geprüft; geschrieben wird alles oder nichts. Exit-Code 0: entpackt,
        2: Paket abgelehnt oder Aufruf unbrauchbar (nichts geschrieben).
        """
        from prozesskit.exchange.entpacken import hinweise, plan_unpack, read_package
        from prozesskit.register.discover import register_root
        from prozesskit.validation.gctune import no_collections

        # the package's files and their parsed documents live until the end: collecting
        # walked them again and again (a tenth to a fifth of unpack's CPU) and freed nothing
        ziel = register_root(ziel, "--ziel REGISTER")
        with no_collections():
            paket = read_package(paket_datei)
            plan = plan_unpack(paket, ziel, with_errors=mit_fehlern)
            outcome = plan.commit(force=force)
        manifest = paket.manifest
        typer.echo(f"Paket geprüft: {len(manifest.prozesse)} Prozesse, "
                   f"{len(manifest.dateien)} Dateien, SHA-256 {paket.sha256}")
        if manifest.pruefung.erzwungen:
            typer.echo(f"Hinweis: das Paket wurde trotz {manifest.pruefung.fehler} Fehlern "
                       "gepackt (--force); 'prozesskit validate' zeigt sie.")
        typer.echo(f"{len(outcome.written)} Dateien nach {ziel} geschrieben, "
                   f"{len(paket.files) - len(outcome.written)} schon gleich vorhanden.")
        for hinweis in hinweise(paket, ziel):
            typer.echo(f"Hinweis: {hinweis}")
