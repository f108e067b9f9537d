"""``prozesskit diff ALT NEU``: what changed between two models or two Steckbriefe, for people
and for CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from prozesskit.errors import UsageError

_FORMATS = ("text", "json", "markdown")


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("diff", cls=GermanCommand)
    def diff_command(
        dateien: list[Path] = typer.Argument(
            ..., metavar="ALT NEU", show_default=False,
            help="Zwei BPMN-Modelle oder zwei Steckbriefe (.yaml): der alte und der neue Stand.",
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
    ) -> None:
        """Zwei BPMN-Modelle fachlich vergleichen (hinzugefügt, entfernt, geändert, nur Layout)
        oder zwei Steckbriefe feldweise.

        Exit-Code 0: keine Unterschiede, 1: Unterschiede, 2: Aufruf oder Datei unbrauchbar.
        """
        if format not in _FORMATS:
            raise UsageError(f"Unbekanntes Format '{format}'; möglich: {', '.join(_FORMATS)}")
        if len(dateien) != 2:
            raise UsageError(
                "diff vergleicht zwei Dateien: prozesskit diff ALT.bpmn NEU.bpmn oder "
                "ALT.yaml NEU.yaml (der Vergleich mit einer Quelle oder Bibliothek kommt später)"
            )
        from prozesskit import __version__
        from prozesskit.diff.files import pair_kind, read_input

        old, new = dateien
        old_raw, new_raw = read_input(old), read_input(new)
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        if pair_kind(old, new, old_raw, new_raw) == "steckbrief":
            from prozesskit.diff import steckbrief

            compared = steckbrief.compare(old_raw, new_raw, old_file=str(old),
                                          new_file=str(new))
            _emit(steckbrief.render(compared, format, tool_version=__version__, color=color),
                  steckbrief.summary_line(compared), output)
            raise typer.Exit(1 if compared.has_differences else 0)
        from prozesskit.diff.bpmn import diff_models
        from prozesskit.diff.report import render, summary_line

        result = diff_models(old_raw, new_raw, old_file=str(old), new_file=str(new),
                             extensions=mit_erweiterungen)
        text = render(result, format, tool_version=__version__, color=color)
        _emit(text, summary_line(result), output)
        raise typer.Exit(1 if result.has_differences else 0)


def _emit(text: str, summary: str, output: Path | None) -> None:
    """The report to stdout, or into ``--output`` with only the summary on the terminal."""
    if output is not None:
        from prozesskit.cli.validate import write_report

        write_report(output, text)
        typer.echo(summary)
    else:
        sys.stdout.write(text)
