"""``prozesskit update``: take the sources' changes since import into the register, field
by field, keeping the member's own edits (thin face over :mod:`prozesskit.library.update`)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("update", cls=GermanCommand)
    def update(
        quelle: str = typer.Argument(None, metavar="[QUELLE[@REF]]", show_default=False, help=(
            "Eine Quelle aus prozesskit.lock: ihr Name (z. B. bibliothek@v2), git-URL[@ref], "
            "Ordner, Paket oder prozesskit:<blaupause>. Ohne Angabe: alle Bibliotheken und "
            "die Blaupause, jeweils auf ihrem verfolgten Stand (ref in prozesskit.yaml).")),
        ziele: list[str] = typer.Argument(None, metavar="[IDS]…", show_default=False, help=(
            "Nur diese Prozesse (lokale Ids); ID:feld.pfad wählt ein Feld (oder ein Modell "
            "ID:modelle/x.bpmn) für --ours/--theirs, so wie der Bericht es nennt.")),
        ours: bool = typer.Option(False, "--ours", help=(
            "Konflikte zugunsten der lokalen Fassung lösen (alle gewählten, je Prozess oder "
            "je Feld).")),
        theirs: bool = typer.Option(False, "--theirs", help=(
            "Konflikte zugunsten der Quelle lösen (alle gewählten, je Prozess oder je Feld).")),
        dry_run: bool = typer.Option(False, "--dry-run", help=(
            "Nur zeigen, was geschähe; nichts schreiben.")),
        register_dir: Path = typer.Option(Path("."), "--register", "-r", metavar="ORDNER",
                                          help="Das Register, das aktualisiert wird."),
    ) -> None:
        """Änderungen der Quellen feldweise übernehmen (3-Wege-Abgleich), eigene behalten.

        Exit-Code 0: alles übernommen oder nichts zu tun, 1: Konflikte offen (lokale
        Fassung bleibt), 2: Aufruf, Quelle oder Datei unbrauchbar.
        """
        import sys

        from rich.progress import Progress

        from prozesskit.errors import UsageError
        from prozesskit.library.merge3 import Side
        from prozesskit.library.update import plan_update
        from prozesskit.library.update_bericht import render_text

        if ours and theirs:
            raise UsageError("--ours und --theirs schließen einander aus")
        seite: Side | None = "ours" if ours else ("theirs" if theirs else None)
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            progress.add_task("Quellen lesen und abgleichen", total=None)
            planned = plan_update(register_dir, quelle, list(ziele or ()), seite)
        outcome = None
        if not dry_run:
            with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
                task = progress.add_task("Dateien schreiben", total=len(planned.files))
                outcome = planned.commit(
                    progress=lambda done: progress.update(task, completed=done))
        typer.echo(render_text(planned, outcome), nl=False)
        raise typer.Exit(1 if planned.konflikte else 0)
