"""``prozesskit init``: a new register from a Blaupause."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import get_args

import typer

from prozesskit.errors import UsageError
from prozesskit.model.codes import BLAUPAUSE_TYP, KommunenTyp

TYPEN: tuple[str, ...] = get_args(KommunenTyp)


def _ask(value: str | None, prompt: str, flag: str, default: str | None = None) -> str:
    if value:
        return value
    if sys.stdin.isatty():
        answer: str = typer.prompt(prompt, default=default)
        return answer
    if default:
        return default
    raise UsageError(f"{flag} fehlt (ohne Terminal wird nicht nachgefragt)")


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        ziel: Path = typer.Argument(..., help="Ordner des neuen Registers."),
        blueprint: str | None = typer.Option(
            None,
            "--blueprint",
            "-b",
            help=", ".join(BLAUPAUSE_TYP) + ", ein Ordner oder eine git-URL[@ref]",
        ),
        name: str | None = typer.Option(None, "--name", help="Name der Kommune."),
        ags: str | None = typer.Option(
            None,
            "--ags",
            help="Amtlicher Schlüssel: 5 Ziffern (Kreis) oder 8 Ziffern (Stadt, Gemeinde).",
        ),
        typ: str | None = typer.Option(None, "--typ", help="Typ der Kommune: " + ", ".join(TYPEN)),
        bereich: list[str] = typer.Option(
            [],
            "--bereich",
            help="Nur diese Produktbereiche übernehmen (mehrfach angebbar), z. B. 02.",
        ),
        git: bool = typer.Option(False, "--git", help="git-Repository mit erstem Commit anlegen."),
        force: bool = typer.Option(False, "--force", help="Auch in einen nicht leeren Ordner."),
        ci: str | None = typer.Option(None, "--ci", help="CI-Vorlage schreiben: gitlab oder "
                                      "github (ohne --blueprint: in ein bestehendes Register)."),
    ) -> None:
        """Ein neues Prozessregister aus einer Blaupause anlegen."""
        from rich.progress import Progress

        from prozesskit.gitio import init_repo, materialize
        from prozesskit.init import citemplates
        from prozesskit.init.instantiate import (
            InitRequest,
            check_target,
            plan,
            resolve_source,
            write,
        )

        if blueprint is None:
            if ci is None:
                raise UsageError(
                    "--blueprint fehlt (oder --ci, um nur eine CI-Vorlage zu schreiben)")
            if not (ziel / "prozesskit.yaml").is_file():
                raise UsageError(f"'{ziel}' ist kein Register (prozesskit.yaml fehlt)")
            path = citemplates.write(ziel, ci, force=force)
            typer.echo(f"CI-Vorlage geschrieben: {path}")
            return
        if ci is not None:
            citemplates.render(ci)  # unknown platform: fail before writing anything
        check_target(ziel, force)
        source = resolve_source(blueprint, materialize)
        kommune = _ask(name, "Name der Kommune", "--name")
        schluessel = _ask(ags, "Amtlicher Schlüssel (AGS/Kreisschlüssel)", "--ags")
        art = _ask(typ, "Typ der Kommune", "--typ", BLAUPAUSE_TYP.get(source.name))
        if art not in TYPEN:
            raise UsageError(f"--typ '{art}' unbekannt; erlaubt: {', '.join(TYPEN)}")
        request = InitRequest(
            ziel, source, kommune, schluessel, art, bereiche=set(bereich) or None, force=force
        )
        files = plan(request)
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("Steckbriefe schreiben", total=len(files))
            write(files, ziel, lambda done: progress.update(task, completed=done))
        if ci is not None:
            citemplates.write(ziel, ci, force=True)
        count = sum(1 for rel in files if rel.startswith("steckbriefe/"))
        typer.echo(f"Register '{kommune}' mit {count} Steckbriefen in {ziel} angelegt.")
        if git:
            sha = init_repo(ziel, f"Register aus Blaupause {blueprint} angelegt")
            typer.echo(f"git-Repository angelegt (Commit {sha[:10]}).")
        typer.echo(f"Weiter: cd {ziel} && prozesskit validate")
