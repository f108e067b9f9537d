"""``prozesskit import``: Steckbriefe (and models) from a library, a register folder or a
Blaupause into this register, with provenance in ``prozesskit.lock``."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("import", cls=GermanCommand)
    def importieren(
        quelle: str = typer.Argument(..., metavar="QUELLE", show_default=False, help=(
            "Register-Ordner, git-URL[@ref][#pfad] (https, ssh, git, file), Paket (.zip aus "
            "'pack') oder prozesskit:<blaupause>.")),
        ids: list[str] = typer.Argument(None, metavar="[IDS]…", show_default=False,
                                        help="Ids der Prozesse in der Quelle."),
        alle: bool = typer.Option(False, "--alle", help="Alle Prozesse der Quelle."),
        bereich: list[str] = typer.Option([], "--bereich", metavar="NN", help=(
            "Alle Prozesse dieses Produktbereichs (mehrfach angebbar), z. B. 02.")),
        mit_modellen: bool = typer.Option(False, "--mit-modellen",
                                          help="Die BPMN-Modelle mit übernehmen."),
        register_dir: Path = typer.Option(Path("."), "--register", "-r", metavar="ORDNER",
                                          help="Das Register, in das importiert wird."),
        force: bool = typer.Option(False, "--force", help=(
            "Lokal geänderte Dateien gleichen Namens überschreiben.")),
        als_neu: bool = typer.Option(False, "--als-neu", help=(
            "Einen Prozess, den schon ein anderes Paket brachte, als zweiten übernehmen "
            "(<id>-2) statt auf 'update … --statt' zu verweisen.")),
    ) -> None:
        """Prozesse aus einer Bibliothek, einem Register oder einer Blaupause übernehmen."""
        from prozesskit.cli._fortschritt import fortschritt
        from prozesskit.library.importieren import Auswahl, plan_import
        from prozesskit.register.discover import register_root

        register_dir = register_root(register_dir)

        auswahl = Auswahl(tuple(ids or ()), alle, tuple(bereich), mit_modellen, als_neu)
        with fortschritt() as progress:
            if progress is not None:
                progress("Quelle lesen", 0, None)
            planned = plan_import(register_dir, quelle, auswahl, progress)
        with fortschritt() as progress:
            total = len(planned.files)
            outcome = planned.commit(force=force, progress=None if progress is None else (
                lambda done: progress("Dateien schreiben", done, total)))
        for item in planned.uebernahmen:
            note = f" (als '{item.lokal_id}': die id gibt es hier schon)" if item.umbenannt else ""
            models = f", {len(item.modelle)} Modell(e)" if item.modelle else ""
            typer.echo(f"  {item.quelle_id} → {item.datei}{note}{models}")
        count = len(planned.uebernahmen)
        same = len(outcome.unchanged)
        typer.echo(f"{count} Prozess(e) aus {planned.quelle} importiert "
                   f"({len(outcome.written)} Datei(en) geschrieben, {same} unverändert); "
                   "Herkunft in prozesskit.lock.")
        for hinweis in planned.hinweise:
            typer.echo(f"Hinweis: {hinweis}")
