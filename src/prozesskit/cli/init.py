"""``prozesskit init``: a new register from a Blaupause."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import typer

from prozesskit.errors import UsageError
from prozesskit.fsutil import shell_arg
from prozesskit.limits import german_int
from prozesskit.model.codes import BLAUPAUSE_TYP, KommunenTyp

TYPEN: tuple[str, ...] = get_args(KommunenTyp)


def _ask(value: str | None, prompt: str, flag: str, default: str | None = None,
         check: Callable[[str], str] | None = None) -> str:
    """The option's value, else (in a terminal) an answer; a wrong answer is explained and
    asked again rather than ending the command after the other questions."""
    if value:
        return check(value) if check else value
    if sys.stdin.isatty():
        while True:
            answer: str = typer.prompt(prompt, default=default)
            if check is None:
                return answer
            try:
                return check(answer)
            except UsageError as exc:
                typer.echo(f"Fehler: {exc}", err=True)
    if default:
        return check(default) if check else default
    raise UsageError(f"{flag} fehlt (ohne Terminal wird nicht nachgefragt)")


def _check_typ(value: str) -> str:
    if value not in TYPEN:
        raise UsageError(f"--typ '{value}' unbekannt; erlaubt: {', '.join(TYPEN)}")
    return value


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("init", cls=GermanCommand)
    def init(
        ziel: Path = typer.Argument(..., metavar="ZIEL", help="Ordner des neuen Registers.",
                                    show_default=False),
        blueprint: str | None = typer.Option(
            None,
            "--blueprint",
            "-b",
            metavar="BLAUPAUSE",
            help=", ".join(BLAUPAUSE_TYP) + ", ein Ordner mit katalog.yaml oder eine "
            "git-URL[@ref]; '#name' wählt die Blaupause im Katalog.",
        ),
        name: str | None = typer.Option(None, "--name", metavar="NAME",
                                        help="Name der Kommune."),
        ags: str | None = typer.Option(
            None,
            "--ags",
            metavar="SCHLÜSSEL",
            help="Amtlicher Schlüssel: 5 Ziffern (Kreis) oder 8 Ziffern (Stadt, Gemeinde).",
        ),
        typ: str | None = typer.Option(None, "--typ", metavar="TYP",
                                       help="Typ der Kommune: " + ", ".join(TYPEN)),
        bereich: list[str] = typer.Option(
            [],
            "--bereich",
            metavar="NR",
            help="Nur diese Produktbereiche übernehmen (mehrfach angebbar), z. B. 02.",
        ),
        git: bool = typer.Option(False, "--git", help="git-Repository mit erstem Commit anlegen."),
        force: bool = typer.Option(False, "--force", help="Auch in einen nicht leeren Ordner; "
                                   "vorhandene Dateien gleichen Namens werden überschrieben."),
        ci: str | None = typer.Option(None, "--ci", metavar="PLATTFORM", help="CI-Vorlage "
                                      "schreiben: gitlab oder github (ohne --blueprint: in ein "
                                      "bestehendes Register)."),
        installieren: str | None = typer.Option(
            None, "--installieren", metavar="PIP-ANGABE",
            help="Woher die CI prozesskit installiert (mit --ci), z. B. 'prozesskit @ "
            "git+https://…/prozesskit.git@v0.1.0' oder eine Wheel-Datei im Repository; "
            "Vorgabe: die Quelle, aus der dieses prozesskit installiert wurde."),
    ) -> None:
        """Ein neues Prozessregister aus einer Blaupause anlegen."""
        from rich.progress import Progress

        from prozesskit.gitio import init_repo, materialize
        from prozesskit.init import citemplates
        from prozesskit.init.instantiate import (
            InitRequest,
            check_schluessel,
            check_target,
            open_blueprint,
            plan,
        )
        from prozesskit.writeplan import WritePlan

        if installieren is not None and ci is None:
            raise UsageError("--installieren gilt nur zusammen mit --ci gitlab|github")
        if ci is not None:
            citemplates.check_platform(ci)  # unknown platform: fail before anything else
        spec = citemplates.pip_spec(installieren) if ci is not None else ""
        if blueprint is None:
            if ci is None:
                raise UsageError(
                    "--blueprint fehlt (oder --ci, um nur eine CI-Vorlage zu schreiben), z. B. "
                    f"prozesskit init --blueprint gemeinde {shell_arg(ziel)}")
            if not (ziel / "prozesskit.yaml").is_file():
                raise UsageError(f"'{ziel}' ist kein Register (prozesskit.yaml fehlt)")
            _ci_written(citemplates.write(ziel, ci, spec, force=force), ziel, spec)
            return
        check_target(ziel, force)
        chosen = open_blueprint(blueprint, materialize)
        kommune = _ask(name, "Name der Kommune", "--name")
        schluessel = _ask(ags, "Amtlicher Schlüssel (AGS/Kreisschlüssel)", "--ags",
                          check=check_schluessel)
        art = _ask(typ, "Typ der Kommune", "--typ", BLAUPAUSE_TYP.get(chosen.name),
                   check=_check_typ)
        _typ_hint(chosen.name, art)
        request = InitRequest(
            ziel, chosen, kommune, schluessel, art, bereiche=set(bereich) or None, force=force
        )
        files = WritePlan(ziel)
        files.update(plan(request).items())
        ci_plan = None
        if ci is not None:
            # with --git the register is a repository of its own; else it may be a subfolder
            # of one, whose root is where the pipeline belongs
            ci_plan = (WritePlan(ziel) if git else
                       citemplates.plan_for(ziel, ci, spec))
            if ci_plan.root.resolve() == ziel.resolve():
                files.add(*citemplates.render(ci, spec, ".", citemplates.branch_of(ziel)))
                ci_plan = None
            else:
                ci_plan.check(force=force)  # refuse before the register is written
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("Steckbriefe schreiben", total=len(files))
            files.commit(force=force,
                         progress=lambda done: progress.update(task, completed=done))
        if ci_plan is not None:
            ci_plan.commit(force=force)
            _ci_written(ci_plan.root / ci_plan.paths()[0], ziel, spec)
        else:
            _wheel_hint(ziel, spec)
        count = sum(1 for rel in files.paths() if rel.startswith("steckbriefe/"))
        typer.echo(f"Register '{kommune}' mit {german_int(count)} Steckbriefen in {ziel} angelegt.")
        if git:
            sha = init_repo(ziel, f"Register aus Blaupause {blueprint} angelegt")
            typer.echo(f"git-Repository angelegt (Commit {sha[:10]}).")
        typer.echo(f"Weiter: cd {shell_arg(ziel)} && prozesskit validate")


def _typ_hint(blaupause: str, typ: str) -> None:
    """A type the Blaupause was not made for is said before anything is written."""
    from prozesskit.init.instantiate import typ_mismatch

    mismatch = typ_mismatch(blaupause, typ)
    if mismatch is not None:
        typer.echo(f"Hinweis: {mismatch}", err=True)


def _ci_written(path: Path, ziel: Path, spec: str) -> None:
    typer.echo(f"CI-Vorlage geschrieben: {path}")
    _wheel_hint(ziel, spec)


def _wheel_hint(ziel: Path, spec: str) -> None:
    """A wheel named by its path in the repository must be committed there before the first
    pipeline runs (a new register cannot have it yet): said, not refused."""
    from prozesskit.init import citemplates

    home = ziel if (ziel / ".git").exists() else citemplates.ci_home(ziel)[0]
    missing = citemplates.missing_file(spec, home)
    if missing is not None:
        typer.echo(f"Hinweis: '{missing}' gibt es im Repository ({home}) noch nicht; die "
                   "Wheel-Datei dort ablegen und committen, sonst scheitert der erste CI-Lauf "
                   "an 'pip install'.")
