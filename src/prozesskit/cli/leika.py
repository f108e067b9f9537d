"""``prozesskit leika``: search the LeiKa catalogue and propose keys for Steckbriefe.

Only argument parsing and output live here; searching, scoring and writing are in
:mod:`prozesskit.leika`. ``prozesskit leika "Gewerbe anmelden"`` is routed to the
``suche`` command by :class:`SucheAlsStandard`, because a Typer callback with an
optional argument would swallow the subcommand names.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from prozesskit.cli._usage import GermanGroup
from prozesskit.errors import ProzesskitError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from prozesskit.leika.catalog import LeikaCatalog, Leistung
    from prozesskit.leika.search import Hit
    from prozesskit.leika.suggest import Vorschlag

#: Default score threshold of proposals; equals prozesskit.leika.suggest.THRESHOLD (a test
#: keeps them equal) so that this module imports nothing heavy at start-up.
THRESHOLD = 0.5
DEFAULT_COMMAND = "suche"
_HELP_FLAGS = frozenset({"--help", "-h"})
#: Longest Rechtsgrundlage text shown in the table (the JSON output has all of it).
_RECHT_MAX = 60
#: Width of a table that is piped or redirected: wide enough that no name is ever cut
#: (rich would otherwise assume 80 columns); a table takes only the width it needs.
_PIPE_WIDTH = 10_000
#: Further columns of the search table in their order, each with the terminal width from
#: which it is shown (the OZG-Leistung always, then Typisierung, Themenfeld and
#: Rechtsgrundlage as room allows); Schlüssel and Bezeichnung are always there, and names
#: fold instead of being cut.
_HIT_COLUMNS = (("Typisierung", 110), ("OZG-Leistung", 0), ("Themenfeld", 140),
                ("Rechtsgrundlage", 160))


class SucheAlsStandard(GermanGroup):
    """A group whose unknown first word is a search: ``leika X`` means ``leika suche X``.

    To search for a word that is also a subcommand, write ``leika suche vorschlagen``.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in _HELP_FLAGS:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


class Ausgabe(enum.StrEnum):
    text = "text"
    json = "json"


leika_app = typer.Typer(
    cls=SucheAlsStandard,
    no_args_is_help=True,
    help="LeiKa-Katalog (Stand 2019) durchsuchen und Schlüssel für Steckbriefe vorschlagen.",
)


def _console() -> Console:
    """The terminal's width in a terminal; when piped, a width that cuts nothing."""
    from rich.console import Console

    console = Console(soft_wrap=False, highlight=False)
    if not console.is_terminal:
        console = Console(soft_wrap=False, highlight=False, width=_PIPE_WIDTH)
    return console


def _fail(exc: ProzesskitError) -> typer.Exit:
    typer.echo(f"Fehler: {exc}", err=True)
    return typer.Exit(2)


def _leistung_json(leistung: Leistung) -> dict[str, Any]:
    return {
        "leika": leistung.key,
        "bezeichnung": leistung.bezeichnung,
        "typisierung": leistung.typisierung,
        "typisierung_text": leistung.typ_text,
        "ozg_id": leistung.ozg_id or None,
        "ozg_leistung": leistung.ozg_leistung or None,
        "lebenslage": leistung.lebenslage or None,
        "themenfeld": leistung.themenfeld or None,
        "rechtsgrundlagen": [{"name": name, "uri": uri}
                             for name, uri in leistung.rechtsgrundlagen],
    }


def _short_recht(leistung: Leistung) -> str:
    names = [name for name, _uri in leistung.rechtsgrundlagen]
    text = "; ".join(names)
    return text if len(text) <= _RECHT_MAX else text[: _RECHT_MAX - 1] + "…"


def _cell(leistung: Leistung, column: str) -> str:
    if column == "Typisierung":
        return leistung.typ_text
    if column == "OZG-Leistung":
        return leistung.ozg_leistung
    if column == "Themenfeld":
        return leistung.themenfeld
    return _short_recht(leistung)


def _hits_table(hits: list[Hit], catalog: LeikaCatalog, title: str, width: int) -> Table:
    """As many columns as the width carries; a name is folded, never cut."""
    from rich.table import Table

    extra = [column for column, needs in _HIT_COLUMNS if width >= needs]
    caption = f"Quelle: {catalog.source}, Stand {catalog.stand}"
    if len(extra) < len(_HIT_COLUMNS):
        left_out = ", ".join(column for column, _ in _HIT_COLUMNS if column not in extra)
        caption += f"\nNicht gezeigt: {left_out} (breiteres Terminal oder --format json)"
    table = Table(title=title, caption=caption)
    table.add_column("Schlüssel", no_wrap=True)
    table.add_column("Bezeichnung", overflow="fold", ratio=3)
    for column in extra:
        table.add_column(column, overflow="fold", ratio=2)
    for hit in hits:
        leistung = hit.leistung
        table.add_row(leistung.key, leistung.bezeichnung,
                      *(_cell(leistung, column) for column in extra))
    return table


@leika_app.command(DEFAULT_COMMAND)
def suche(
    suche: Annotated[list[str], typer.Argument(
        help="Suchwörter (z. B. 'Gewerbe anmelden') oder ein Schlüssel bzw. dessen "
             "Anfang (ab 5 Ziffern)", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500,
                                       help="Höchstzahl der Treffer")] = 10,
    ausgabe: Annotated[Ausgabe, typer.Option("--format", "-f", help="Ausgabeformat")] = (
        Ausgabe.text),
) -> None:
    """LeiKa-Leistungen nach Wörtern oder Schlüssel suchen (Exit-Code 1: keine Treffer)."""
    query = " ".join(suche).strip()
    if not any(char.isalnum() for char in query):
        typer.echo("Fehler: Die Suche ist leer. Suchwörter oder einen Schlüssel angeben, "
                   "z. B. prozesskit leika \"Gewerbe anmelden\" oder prozesskit leika "
                   "99050012104000.", err=True)
        raise typer.Exit(2)
    from prozesskit.leika.catalog import load_catalog
    from prozesskit.leika.search import search_corrected

    catalog = load_catalog()
    result = search_corrected(catalog, query, limit=limit)
    hits = result.hits
    if ausgabe is Ausgabe.json:
        typer.echo(json.dumps({
            "suche": query, "stand": catalog.stand, "quelle": catalog.source,
            # the query searched instead when a word was unknown (typo), else null
            "gesucht_als": result.corrected,
            "treffer": [{**_leistung_json(h.leistung), "score": h.score} for h in hits],
        }, ensure_ascii=False, indent=2))
        if not hits:
            raise typer.Exit(1)
        return
    if result.corrected is not None:
        unknown = ", ".join(f"'{typed}'" for typed, _ in result.corrections)
        typer.echo(f"Meinten Sie: {result.corrected}? ({unknown} kennt der Katalog nicht; "
                   f"gesucht wurde nach '{result.corrected}')")
    if hits:
        console = _console()
        title = result.corrected if result.corrected is not None else query
        console.print(_hits_table(hits, catalog, f"LeiKa-Suche: {title}", console.width))
    else:
        typer.echo(f"Keine LeiKa-Leistung zu '{query}' gefunden "
                   f"(Katalog Stand {catalog.stand}).")
    if not hits:
        raise typer.Exit(1)


def _vorschlag_json(vorschlag: Vorschlag, written: set[str]) -> dict[str, Any]:
    return {
        "datei": vorschlag.file,
        "id": vorschlag.id,
        "name": vorschlag.name,
        "vorschlaege": [{"leika": h.leistung.key, "bezeichnung": h.leistung.bezeichnung,
                         "score": h.score} for h in vorschlag.hits],
        # below the threshold: to check by hand, never written
        "unsicher": [{"leika": h.leistung.key, "bezeichnung": h.leistung.bezeichnung,
                      "score": h.score} for h in vorschlag.unsicher],
        "geschrieben": vorschlag.best.leistung.key
        if vorschlag.file in written and vorschlag.best else None,
        # the Steckbrief that gets this first proposal in the run (stronger evidence)
        "vergeben_an": vorschlag.vergeben_an,
    }


def _print_unread(console: Console, unread: list[str]) -> None:
    for rel in unread:
        console.print(f"Nicht gelesen: {rel} (Symlink oder keine reguläre Datei; "
                      "prozesskit liest nur Dateien im Register)")


def _print_unlesbar(console: Console, unlesbar: list[str]) -> None:
    for rel in unlesbar:
        console.print(f"Ausgelassen: {rel}: nicht lesbar (prozesskit validate zeigt, warum)")


def _print_vorschlaege(vorschlaege: list[Vorschlag], written: set[str],
                       min_score: float, unread: list[str], unlesbar: list[str]) -> None:
    console = _console()
    _print_unread(console, unread)
    _print_unlesbar(console, unlesbar)
    if not vorschlaege:
        console.print("Alle Steckbriefe haben einen LeiKa-Schlüssel.")
        return
    from rich.table import Table

    table = Table(title="LeiKa-Vorschläge für Steckbriefe ohne Schlüssel")
    table.add_column("Steckbrief", overflow="fold", ratio=3)
    table.add_column("Schlüssel", no_wrap=True)
    table.add_column("Bezeichnung", overflow="fold", ratio=3)
    table.add_column("Score", no_wrap=True, justify="right")
    table.add_column("Status", no_wrap=True)
    for vorschlag in vorschlaege:
        label = f"{vorschlag.name or vorschlag.id or ''}\n{vorschlag.file}"
        if not vorschlag.hits:
            table.add_row(label, "–", f"kein Vorschlag ab Score {min_score:.2f}"
                          + ("; zum Prüfen:" if vorschlag.unsicher else ""), "", "")
        for rank, hit in enumerate(vorschlag.hits):
            mark = "geschrieben" if rank == 0 and vorschlag.file in written else ""
            if rank == 0 and vorschlag.vergeben_an is not None:
                mark = f"schon für {vorschlag.vergeben_an}"
            table.add_row(label if rank == 0 else "", hit.leistung.key,
                          hit.leistung.bezeichnung, f"{hit.score:.2f}", mark)
        for hit in vorschlag.unsicher:
            table.add_row("", hit.leistung.key, hit.leistung.bezeichnung,
                          f"{hit.score:.2f}", "unsicher", style="dim")
        table.add_section()
    console.print(table)
    if any(vorschlag.unsicher for vorschlag in vorschlaege):
        console.print("„unsicher“: kein Kandidat erreicht die Schwelle; bitte von Hand prüfen "
                      "und gegebenenfalls als 'leika' eintragen (--schreiben trägt sie nie ein).")
    if any(vorschlag.vergeben_an for vorschlag in vorschlaege):
        console.print("„schon für …“: denselben ersten Vorschlag hat ein Steckbrief mit "
                      "stärkerem Beleg; --schreiben trägt ihn nur dort ein (derselbe Prozess "
                      "doppelt angelegt? Sonst von Hand einen anderen Schlüssel wählen).")
    if not written:
        console.print("Mit --schreiben wird jeweils der beste Vorschlag eingetragen.")
    else:
        console.print(f"{len(written)} Steckbrief(e) geschrieben.")


@leika_app.command("vorschlagen")
def vorschlagen(
    register: Annotated[Path, typer.Argument(
        help="Register-Ordner (mit prozesskit.yaml) oder ein Ordner darin")] = Path("."),
    schreiben: Annotated[bool, typer.Option(
        "--schreiben", help="Besten Vorschlag je Steckbrief als 'leika' eintragen")] = False,
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0, help="Schwelle für Vorschläge (0–1)")] = THRESHOLD,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=20,
                                       help="Vorschläge je Steckbrief")] = 3,
    ausgabe: Annotated[Ausgabe, typer.Option("--format", "-f", help="Ausgabeformat")] = (
        Ausgabe.text),
) -> None:
    """LeiKa-Schlüssel für Steckbriefe ohne Schlüssel vorschlagen (und eintragen)."""
    try:
        from prozesskit.leika.catalog import load_catalog
        from prozesskit.leika.suggest import (
            apply_suggestions,
            best_choices,
            suggest_register,
            unread_steckbriefe,
        )
        from prozesskit.register.discover import discover, register_root

        root = register_root(register, "REGISTER")
        files = discover(root)
        unlesbar: list[str] = []
        vorschlaege = suggest_register(root, load_catalog(), limit=limit, min_score=min_score,
                                       files=files, unlesbar=unlesbar)
        unread = unread_steckbriefe(files)
        written: set[str] = set()
        if schreiben:
            choices = best_choices(vorschlaege)
            apply_suggestions(root, choices)
            written = set(choices)
    except ProzesskitError as exc:
        raise _fail(exc) from exc
    if ausgabe is Ausgabe.json:
        typer.echo(json.dumps({
            "register": str(root), "min_score": min_score,
            "steckbriefe": [_vorschlag_json(v, written) for v in vorschlaege],
            "nicht_gelesen": unread,
            "nicht_lesbar": unlesbar,  # validate says why
        }, ensure_ascii=False, indent=2))
    else:
        _print_vorschlaege(vorschlaege, written, min_score, unread, unlesbar)
