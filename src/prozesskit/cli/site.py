"""``prozesskit site``: the register as a static website (Prozesslandkarte, Steckbrief pages,
search, Kennzahlen) that works from disk, GitLab Pages and GitHub Pages."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("site", cls=GermanCommand)
    def site_command(
        register_spec: str = typer.Argument(
            ".", metavar="[REGISTER]", show_default=False,
            help="Register-Ordner (Standard: aktueller Ordner), eine git-URL@ref oder "
            "prozesskit:<blaupause>."),
        output: Path | None = typer.Option(
            None, "--output", "-o", metavar="ORDNER", show_default=False,
            help="Zielordner der Website (Standard: public im Register-Ordner). Ein nicht "
            "leerer Ordner, den nicht prozesskit site geschrieben hat, wird nur mit --force "
            "verwendet."),
        basis_url: str | None = typer.Option(
            None, "--basis-url", metavar="URL",
            help="Adresse, unter der die Website veröffentlicht wird (z. B. GitLab Pages); "
            "ergibt kanonische Links und sitemap.xml. Die Seiten verlinken sich immer relativ."),
        netz: Path | None = typer.Option(
            None, "--netz", metavar="NETZ.YAML",
            help="Die Netzwerk-Ansichten dieser netz.yaml (Matrix, Priorisierung, "
            "Arbeitsteilung, Stand) als Seite netz.html dazunehmen, in der Navigation "
            "als 'Netzwerk'."),
        force: bool = typer.Option(
            False, "--force",
            help="Auch in einen fremden, nicht leeren Ordner schreiben (fremde Dateien "
            "bleiben, gleichnamige werden ersetzt)."),
    ) -> None:
        """Das Register als statische Website schreiben: Prozesslandkarte, eine Seite je
        Steckbrief mit gezeichneten Modellen, Suche und Kennzahlen; mit --netz auch die
        Netzwerk-Ansichten.

        Die Website lädt nichts aus dem Netz und funktioniert auch als Datei (file://).
        Ein zweiter Lauf schreibt nur, was sich geändert hat. Exit-Code 0: geschrieben,
        2: Aufruf, Register oder Zielordner unbrauchbar.
        """
        from prozesskit.fsutil import refuse_backslash
        from prozesskit.limits import german_int
        from prozesskit.register.discover import register_root
        from prozesskit.register.sources import Source, SourceKind
        from prozesskit.site import build_site, check_basis_url
        from prozesskit.validation.gctune import few_collections

        check_basis_url(basis_url)  # before the register is read
        source = Source.parse(register_spec)
        folder = register_root(Path(source.location), "REGISTER") \
            if source.kind is SourceKind.ORDNER else None
        if output is None:  # public/ beside the register's files, also from steckbriefe/
            output = Path("public") if folder is None or folder == Path(source.location) \
                else folder / "public"
        refuse_backslash(output)
        # every Steckbrief is kept while the pages are made: a collector pass over all of
        # them on each allocation burst costs more than the pages (as in validate and netz)
        with few_collections():
            seite = None
            if netz is not None:  # the network first: its errors before a long register read
                from prozesskit.site.netzseite import read_netz_seite

                seite = read_netz_seite(netz)
            # a folder is read incrementally (unchanged Steckbriefe from the site's cache)
            register = folder if folder is not None else source.open()
            result = build_site(register, output, basis_url=basis_url, force=force,
                                netz=seite)
        for note in result.notes:
            typer.echo(f"Hinweis: {note}", err=True)
        typer.echo(
            f"Website in {output}/ geschrieben: {german_int(result.pages)} Seiten; "
            f"{german_int(len(result.written))} Dateien neu geschrieben, "
            f"{german_int(result.unchanged)} unverändert, "
            f"{german_int(len(result.deleted))} entfernt")
        typer.echo(f"Ansehen: {(output / 'index.html').resolve().as_uri()}")
