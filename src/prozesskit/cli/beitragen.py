"""``prozesskit beitragen IDS… --an BIBLIOTHEK``: the member's processes as a branch of a
local clone of the library, committed; prints how to push it for a merge request."""

from __future__ import annotations

from pathlib import Path

import typer

from prozesskit.fsutil import shell_arg


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("beitragen", cls=GermanCommand)
    def beitragen_command(
        ids: list[str] = typer.Argument(..., metavar="IDS…", show_default=False,
                                        help="Ids der Prozesse im Register."),
        an: str = typer.Option(..., "--an", metavar="BIBLIOTHEK", show_default=False, help=(
            "Die Bibliothek: Name aus prozesskit.yaml, git-URL[@ref][#pfad] oder ein lokales "
            "git-Repository.")),
        register_dir: Path = typer.Option(Path("."), "--register", "-r", metavar="ORDNER",
                                          help="Das Register, aus dem beigetragen wird."),
        branch: str | None = typer.Option(None, "--branch", metavar="NAME", help=(
            "Name des neuen Branches (Vorgabe: beitrag/<kommune>/<id>).")),
        klon: Path | None = typer.Option(None, "--klon", metavar="ORDNER", help=(
            "Leerer Ordner für den Klon der Bibliothek (Vorgabe: im Cache von prozesskit).")),
    ) -> None:
        """Eigene Steckbriefe und Modelle als neuen Branch in einen lokalen Klon der
        Bibliothek schreiben und committen. prozesskit schiebt nie selbst: die Ausgabe sagt,
        wie der Branch für einen Merge-Request hochgeladen wird.

        Exit-Code 0: vorbereitet (oder nichts beizutragen), 2: Aufruf, Register oder
        Bibliothek unbrauchbar.
        """
        from prozesskit.cli._fortschritt import fortschritt
        from prozesskit.library.beitrag import beitragen
        from prozesskit.register.discover import register_root

        register_dir = register_root(register_dir)

        if branch is not None:
            from prozesskit.gitio import check_ref

            check_ref(branch)
        with fortschritt() as progress:
            result = beitragen(register_dir, ids, an, branch=branch, klon=klon,
                               progress=progress)
        if result.commit is None:
            typer.echo(f"Nichts beizutragen: {', '.join(lib for _, lib in result.prozesse)} "
                       f"stimmt mit der Bibliothek ({result.url}@{result.basis}) überein.")
            return
        for item in result.dateien:
            if item.geaendert:
                typer.echo(f"  {item.pfad} ({'neu' if item.neu else 'geändert'})")
        mapped = [f"{local} als '{lib}'" for local, lib in result.prozesse if local != lib]
        note = f" ({'; '.join(mapped)})" if mapped else ""
        changed = sum(1 for item in result.dateien if item.geaendert)
        typer.echo(f"Beitrag vorbereitet: {len(result.prozesse)} Prozess(e){note}, {changed} "
                   f"Datei(en), Commit {result.commit[:10]} im Branch '{result.branch}'")
        typer.echo(f"  Klon: {result.klon}")
        typer.echo("prozesskit lädt nichts hoch. Zum Einreichen den Branch hochladen:")
        typer.echo(f"  git -C {shell_arg(result.klon)} push -u origin {shell_arg(result.branch)}")
        typer.echo(f"und in GitLab, GitHub oder openCode einen Merge-Request von "
                   f"'{result.branch}' in den Hauptzweig der Bibliothek öffnen (Basis: "
                   f"{result.basis}).")
