"""``prozesskit export --format xlsx`` and ``prozesskit import-xlsx``: the register as a
workshop sheet and the edited cells back into the Steckbriefe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from prozesskit.cli._exit import allow_fast_exit
from prozesskit.errors import ProzesskitError
from prozesskit.fsutil import shell_arg

FORMATS = ("xlsx",)


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("export", cls=GermanCommand)
    def export_command(
        register_dir: Path = typer.Argument(Path("."), metavar="[REGISTER]", show_default=False,
                                            help="Register-Ordner (Standard: aktueller Ordner)."),
        fmt: str = typer.Option("xlsx", "--format", "-f", metavar="FORMAT",
                                help="Ausgabeformat: xlsx (Excel-Tabelle für Workshops)."),
        output: Path | None = typer.Option(
            None, "--output", "-o", metavar="DATEI.xlsx", show_default=False,
            help="Zieldatei (Standard: steckbriefe.xlsx im aktuellen Ordner)."),
        force: bool = typer.Option(False, "--force",
                                   help="Eine vorhandene Zieldatei überschreiben."),
    ) -> None:
        """Die Steckbriefe als Excel-Tabelle für Workshops schreiben (eine Zeile je Steckbrief).

        Bearbeitete Zellen übernimmt 'prozesskit import-xlsx'. Gleicher Inhalt ergibt
        byte-gleiche Dateien. Exit-Code 0: geschrieben, 2: Aufruf oder Register unbrauchbar.
        """
        from prozesskit.cli._endung import warne
        from prozesskit.errors import UsageError
        from prozesskit.fsutil import atomic_write_bytes, refuse_register_input, write_failure
        from prozesskit.register.discover import register_root
        from prozesskit.register.view import Register
        from prozesskit.tabelle.export import export_xlsx, register_commit

        if fmt not in FORMATS:
            raise UsageError(f"Format '{fmt}' gibt es für export nicht; möglich: "
                             + ", ".join(FORMATS))
        register_dir = register_root(register_dir, "REGISTER")
        target = output if output is not None else Path("steckbriefe.xlsx")
        refuse_register_input(target)
        if target.exists() and not force:
            raise UsageError(f"'{target}' gibt es schon (vielleicht mit Änderungen, die noch "
                             "nicht eingelesen sind: prozesskit import-xlsx); mit --force "
                             "überschreiben oder mit -o eine andere Datei wählen")
        from prozesskit.validation.gctune import no_collections

        with no_collections():  # every Steckbrief stays read until the sheet is written
            register = Register.open(register_dir)
            result = export_xlsx(register, commit=register_commit(register.root))
            try:
                atomic_write_bytes(target, result.data)
            except OSError as exc:
                raise UsageError(write_failure("Tabelle", target, exc)) from None
        for path, reason in result.ausgelassen:
            typer.echo(f"  ausgelassen: {path}: {reason}")
        typer.echo(f"Tabelle {target} geschrieben: {result.zeilen} Steckbriefe. Nach dem "
                   f"Bearbeiten: prozesskit import-xlsx {shell_arg(target)} "
                   f"{shell_arg(register_dir)}")
        warne(target, "xlsx")
        allow_fast_exit()  # written atomically: skip freeing every Steckbrief one by one

    @app.command("import-xlsx", cls=GermanCommand)
    def import_xlsx_command(
        mappe: Path = typer.Argument(..., metavar="DATEI.xlsx", show_default=False,
                                     help="Die bearbeitete Tabelle aus 'prozesskit export'."),
        register_dir: Path = typer.Argument(Path("."), metavar="[REGISTER]", show_default=False,
                                            help="Register-Ordner (Standard: aktueller Ordner)."),
        dry_run: bool = typer.Option(False, "--dry-run",
                                     help="Nur anzeigen, was sich ändern würde."),
        andere_kommune: bool = typer.Option(
            False, "--andere-kommune",
            help="Auch eine Tabelle aus dem Register einer anderen Kommune einlesen."),
    ) -> None:
        """Bearbeitete Zellen einer exportierten Tabelle in die Steckbriefe übernehmen.

        Nur geänderte Zellen, Feld für Feld; Kommentare und Formatierung der YAML-Dateien
        bleiben. Exit-Code 0: übernommen (oder nichts zu tun), 1: Konflikte (seit dem Export
        im Register geänderte Steckbriefe; die übrigen Zeilen sind übernommen) oder
        validate-Fehler in geänderten Steckbriefen (übernommen, mit Zelle genannt; ebenso,
        wenn validate danach nicht laufen konnte), 2: Fehler
        in der Tabelle oder im Aufruf (nichts geändert).
        """
        from prozesskit.register.discover import register_root
        from prozesskit.tabelle.einlesen import plan_einlesen
        from prozesskit.validation.gctune import no_collections

        nachher: list[str] = []
        with no_collections():  # the register and the sheet stay read until the end
            result = plan_einlesen(register_root(register_dir, "REGISTER"), mappe,
                                   andere_kommune=andere_kommune)
            if not dry_run and result.dateien:
                result.write_plan().commit()
                nachher = _check_written(result)
        _report(result, dry_run)
        for line in nachher:
            typer.echo(line)
        allow_fast_exit()  # the write plan's files are closed and renamed
        if result.konflikte or nachher:
            raise typer.Exit(1)


def _check_written(result: Any) -> list[str]:
    """What validate says about the Steckbriefe the import wrote (errors with their cells),
    or why it could not say it: the files are written then, so the exit is 1, never 2
    ("nothing changed"). Empty when all is well."""
    from prozesskit.tabelle import nachpruefung

    cells: dict[str, tuple[str, ...]] = {}
    for change in result.aenderungen:
        cells[change.datei] = (*cells.get(change.datei, ()), change.zelle)
    try:
        fehler = nachpruefung.errors_of_changed(result.root, cells)
    except ProzesskitError as exc:
        from prozesskit.credentials import scrubbed

        return [f"Übernommen, aber die Prüfung mit validate konnte nicht laufen: "
                f"{scrubbed(str(exc))}. Bitte die Ursache beheben und prozesskit validate "
                "ausführen."]
    lines = [f"Fehler: {item.problem.file}:{item.problem.line or 1}: {item.problem.message} "
             f"[{item.problem.rule}] (geänderte Zellen: {', '.join(item.zellen)})"
             for item in fehler]
    if fehler:
        lines.append(f"Übernommen, aber validate meldet in den geänderten Steckbriefen "
                     f"{len(fehler)} Fehler: bitte in der Tabelle oder im Steckbrief "
                     "ergänzen (prozesskit validate zeigt sie mit Hinweis).")
    return lines


def _report(result: Any, dry_run: bool) -> None:
    from prozesskit.diff.steckbrief import ABSENT

    def shown(value: Any) -> str:
        from prozesskit.tabelle.felder import kanon, zelle

        return "(leer)" if value is ABSENT or value is None else repr(kanon(zelle(value)))

    for hinweis in result.hinweise:
        typer.echo(f"Hinweis: {hinweis}")
    datei = None
    for change in result.aenderungen:
        if change.datei != datei:
            datei = change.datei
            typer.echo(f"{change.id} ({change.datei})")
        typer.echo(f"  {change.feld}: {shown(change.alt)} → {shown(change.neu)}  "
                   f"[{change.zelle}]")
    if result.konflikte:
        typer.echo("Konflikte (nicht übernommen):")
        for konflikt in result.konflikte:
            typer.echo(f"  {konflikt.id}, Zeile {konflikt.zeile}: {konflikt.grund}")
            for feld, zelle_, sheet, now in konflikt.zellen:
                typer.echo(f"    {feld}: Tabelle {sheet or '(leer)'!r}, Register "
                           f"{now or '(leer)'!r}  [{zelle_}]")
        typer.echo("  → Diese Zeilen neu exportieren und die Änderungen dort eintragen.")
    files = len(result.dateien)
    verb = "würden geändert (--dry-run, nichts geschrieben)" if dry_run else "geändert"
    parts = [f"{len(result.aenderungen)} Feld(er) in {files} Steckbrief(en) {verb}"]
    if result.konflikte:
        parts.append(f"{len(result.konflikte)} Konflikt(e)")
    parts.append(f"{result.unveraendert} Zeile(n) unverändert")
    if result.ohne_zeile:
        parts.append(f"{len(result.ohne_zeile)} exportierte Zeile(n) fehlen in der Tabelle "
                     "(gelöschte Zeilen löschen keine Steckbriefe)")
    typer.echo("; ".join(parts) + ".")
