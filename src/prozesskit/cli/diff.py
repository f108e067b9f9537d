"""``prozesskit diff``: what changed between two models or two Steckbriefe, or where the
register stands against its sources (libraries, Blaupause), for people and for CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from prozesskit.errors import UsageError

_FORMATS = ("text", "json", "markdown")
#: arguments that name a file to compare (the shell's pipes included)
_FILE_SUFFIXES = (".bpmn", ".xml", ".yaml", ".yml")
_STREAMS = ("-", "/dev/stdin", "/dev/fd/", "/proc/self/fd/")


def _is_file_argument(text: str) -> bool:
    if text == "-" or text.startswith(_STREAMS[1:]):
        return True
    path = Path(text)
    if path.suffix.lower() in _FILE_SUFFIXES:
        return True
    return path.is_file() and path.suffix.lower() != ".zip"


def _source_file_first(arguments: list[str]) -> bool:
    """``diff export.xml [IDS]…``: the one file named is an XProzess message (or a package
    under another name) by its content, so it is the source to compare the register with."""
    from prozesskit.dateiart import art_der_datei

    return sum(map(_is_file_argument, arguments)) == 1 and \
        _is_file_argument(arguments[0]) and art_der_datei(Path(arguments[0])) is not None


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("diff", cls=GermanCommand)
    def diff_command(
        argumente: list[str] = typer.Argument(
            None, metavar="[QUELLE[@REF]] [IDS]… | ALT NEU", show_default=False,
            help=("Ohne Angabe: das Register gegen jede Bibliothek aus prozesskit.yaml und "
                  "die Blaupause. QUELLE: Name einer Bibliothek, Register-Ordner, "
                  "git-URL[@ref][#pfad], Paket (.zip) oder prozesskit:<blaupause>; IDS: nur "
                  "diese Prozesse. Oder zwei Dateien: zwei BPMN-Modelle oder zwei "
                  "Steckbriefe (.yaml), der alte und der neue Stand."),
        ),
        format: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                                   help="text, json, markdown"),
        output: Path | None = typer.Option(
            None, "--output", "-o", metavar="DATEI", help="Bericht in diese Datei schreiben."
        ),
        mit_erweiterungen: bool = typer.Option(
            False, "--mit-erweiterungen",
            help="Herstellererweiterungen (extensionElements, fremde Attribute) mitvergleichen.",
        ),
        register_dir: Path = typer.Option(
            Path("."), "--register", "-r", metavar="ORDNER",
            help="Das Register, das mit seinen Quellen verglichen wird."),
    ) -> None:
        """Das Register mit seinen Quellen vergleichen (je Prozess: nur lokal, nur in der
        Quelle, unverändert, lokal oder in der Quelle geändert, Konflikt …; Steckbriefe
        feldweise, Modelle fachlich), oder zwei BPMN-Modelle oder zwei Steckbriefe.

        Exit-Code 0: keine Unterschiede, 1: Unterschiede, 2: Aufruf, Quelle oder Datei
        unbrauchbar.
        """
        if format not in _FORMATS:
            raise UsageError(f"Unbekanntes Format '{format}'; möglich: {', '.join(_FORMATS)}")
        arguments = list(argumente or [])
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        if any(_is_file_argument(text) for text in arguments) and \
                not _source_file_first(arguments):
            if len(arguments) != 2:
                raise UsageError(
                    "diff vergleicht zwei Dateien (prozesskit diff ALT.bpmn NEU.bpmn oder "
                    "ALT.yaml NEU.yaml) oder das Register mit einer Quelle (prozesskit diff "
                    "[QUELLE[@REF]] [IDS]…)")
            _files(Path(arguments[0]), Path(arguments[1]), format, output, color,
                   mit_erweiterungen)
        _registers(register_dir, arguments, format, output, color, mit_erweiterungen)


def _files(old: Path, new: Path, format: str, output: Path | None, color: bool,
           extensions: bool) -> None:
    from prozesskit import __version__
    from prozesskit.diff.files import pair_kind, read_input

    old_raw, new_raw = read_input(old), read_input(new)
    if pair_kind(old, new, old_raw, new_raw) == "steckbrief":
        from prozesskit.diff import steckbrief

        compared = steckbrief.compare(old_raw, new_raw, old_file=str(old), new_file=str(new))
        _emit(steckbrief.render(compared, format, tool_version=__version__, color=color),
              steckbrief.summary_line(compared), output)
        raise typer.Exit(1 if compared.has_differences else 0)
    from prozesskit.diff.bpmn import diff_models
    from prozesskit.diff.report import render, summary_line
    from prozesskit.errors import InputError

    try:
        result = diff_models(old_raw, new_raw, old_file=str(old), new_file=str(new),
                             extensions=extensions)
    except InputError:
        from prozesskit.dateiart import fremde_datei

        for path, raw in ((old, old_raw), (new, new_raw)):
            other = fremde_datei(path, raw[:8192], "kein BPMN-Modell; diff vergleicht zwei "
                                 "BPMN-Modelle oder zwei Steckbriefe")
            if other is not None:
                raise UsageError(other) from None
        raise
    _emit(render(result, format, tool_version=__version__, color=color),
          summary_line(result), output)
    raise typer.Exit(1 if result.has_differences else 0)


def _registers(root: Path, arguments: list[str], format: str, output: Path | None,
               color: bool, extensions: bool) -> None:
    from prozesskit import __version__
    from prozesskit.cli._fortschritt import fortschritt
    from prozesskit.diff.register_report import render, summary_line
    from prozesskit.errors import InputError
    from prozesskit.library.vergleich import compare_arguments
    from prozesskit.register.discover import register_root

    pakete = [text for text in arguments if text.lower().endswith(".zip")]
    if len(pakete) > 1:
        raise UsageError(
            f"diff vergleicht keine zwei Pakete miteinander ({', '.join(pakete)}). Ein Paket "
            "ist eine Quelle für ein Register: im Registerordner zeigt 'prozesskit diff "
            f"{pakete[-1]}', was es gegenüber dem Register ändert (oder mit -r ORDNER); "
            "zwei Steckbriefe oder Modelle vergleicht prozesskit diff ALT NEU")
    try:
        root = register_root(root)
    except InputError as exc:
        raise UsageError(f"{exc.message}. Ohne Dateien vergleicht diff ein Register mit "
                         "seinen Quellen; zwei Dateien vergleicht prozesskit diff ALT NEU"
                         ) from None
    with fortschritt() as progress:
        result = compare_arguments(root, arguments, extensions=extensions, progress=progress)
    _emit(render(result, format, tool_version=__version__, color=color), summary_line(result),
          output)
    raise typer.Exit(1 if result.has_differences else 0)


def _emit(text: str, summary: str, output: Path | None) -> None:
    """The report to stdout, or into ``--output`` with only the summary on the terminal."""
    if output is not None:
        from prozesskit.cli.validate import write_report

        write_report(output, text)
        typer.echo(summary)
    else:
        sys.stdout.write(text)
