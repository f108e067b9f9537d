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
            "Ordner, Paket, Katalog-Ordner#name oder prozesskit:<blaupause>. Mit --statt: "
            "die neue Quelle. Ohne Angabe: alle Bibliotheken und "
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
        force: bool = typer.Option(False, "--force", help=(
            "Eine eigene Datei überschreiben, wo update die Fassung der Quelle neben ein "
            "lokal geändertes Modell legt (<id>.<art>.bibliothek.bpmn); ohne: Abbruch.")),
        register_dir: Path = typer.Option(Path("."), "--register", "-r", metavar="ORDNER",
                                          help="Das Register, das aktualisiert wird."),
        statt: str = typer.Option(None, "--statt", metavar="ALTE_QUELLE", show_default=False,
                                  help=(
            "Die Prozesse dieser Quelle aus prozesskit.lock (Name oder Ort) an QUELLE binden: "
            "ein neueres Paket unter neuem Namen, eine umgezogene Bibliothek, ein "
            "umbenannter Ordner. Abgleich wie sonst, gegen die alte Basis.")),
        ausgabe: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=(
            "text (Vorgabe) oder json (versioniert, docs/update-json.md).")),
    ) -> None:
        """Änderungen der Quellen feldweise übernehmen (3-Wege-Abgleich), eigene behalten.

        Exit-Code 0: alles übernommen oder nichts zu tun, 1: Konflikte offen (lokale
        Fassung bleibt), 2: Aufruf, Quelle oder Datei unbrauchbar.
        """
        from prozesskit.cli._fortschritt import fortschritt
        from prozesskit.errors import UsageError
        from prozesskit.library.merge3 import Side
        from prozesskit.library.update import plan_update
        from prozesskit.library.update_bericht import render_text
        from prozesskit.register.discover import register_root

        if ours and theirs:
            raise UsageError("--ours und --theirs schließen einander aus")
        if ausgabe not in ("text", "json"):
            raise UsageError(f"--format '{ausgabe}' gibt es nicht; möglich: text, json")
        seite: Side | None = "ours" if ours else ("theirs" if theirs else None)
        register_dir = register_root(register_dir)
        # progress on stderr and only in a terminal: stdout is the report (JSON stays clean)
        with fortschritt() as report:
            if report is not None:
                report("Quellen lesen und abgleichen", 0, None)
            planned = plan_update(register_dir, quelle, list(ziele or ()), seite,
                                  statt=statt, probelauf=dry_run, force=force)
            outcome = None
            if not dry_run:
                total = len(planned.files)
                outcome = planned.commit(progress=None if report is None else (
                    lambda done: report("Dateien schreiben", done, total)))
        if ausgabe == "json":
            import json

            from prozesskit import __version__
            from prozesskit.library.update_bericht import to_json

            data = to_json(planned, outcome, register=str(register_dir), seite=seite,
                           tool_version=__version__)
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            typer.echo(render_text(planned, outcome), nl=False)
        raise typer.Exit(1 if planned.konflikte else 0)
