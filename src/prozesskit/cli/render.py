"""``prozesskit render MODELL.bpmn``: the model's diagram as SVG, no browser needed.

Like a compiler's output, ``-o`` (and the default ``MODELL.svg`` beside the model) is
overwritten when it exists: the SVG is derived from the model and made again at will. The
model itself is never overwritten, and every file is written atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from prozesskit.errors import InputError, UsageError

if TYPE_CHECKING:
    from prozesskit.render import RenderedDiagram


def _targets(model: Path, output: Path | None, count: int) -> list[Path]:
    """Where each of ``count`` drawings goes: ``X.svg``, or ``X.1.svg``, ``X.2.svg`` …"""
    base = output if output is not None else model.with_suffix(".svg")
    if output is not None and output.is_dir():
        base = output / model.with_suffix(".svg").name
    if count == 1:
        return [base]
    stem, suffix = base.stem, base.suffix or ".svg"
    return [base.with_name(f"{stem}.{n}{suffix}") for n in range(1, count + 1)]


def _drawn(modell: Path, raw: bytes) -> list[RenderedDiagram]:
    """Every diagram of the model; a file of another kind (an XProzess message, a package)
    named as such, and every shape left out of a drawing said on stderr."""
    from prozesskit.render import NEU_PLATZIEREN, RenderError, render_model

    try:
        drawn = render_model(raw, str(modell))
    except RenderError as exc:
        from prozesskit.dateiart import fremde_datei

        other = fremde_datei(modell, raw[:8192], "kein BPMN-Modell; render zeichnet nur "
                             "BPMN-Modelle")
        if other is not None:
            raise UsageError(other) from None
        raise InputError(exc.message, file=exc.file, line=exc.line) from exc
    for drawing in drawn:
        for sentence in drawing.ausgelassen:
            typer.echo(f"Hinweis: {modell}: {sentence}. {NEU_PLATZIEREN}", err=True)
    return drawn


def register(app: typer.Typer) -> None:
    from prozesskit.cli._usage import GermanCommand

    @app.command("render", cls=GermanCommand)
    def render_command(
        modell: Path = typer.Argument(..., metavar="MODELL.bpmn", show_default=False,
                                      help="Das BPMN-Modell, das gezeichnet werden soll."),
        output: Path | None = typer.Option(
            None, "--output", "-o", metavar="DATEI.svg",
            help="Ziel (Standard: MODELL.svg neben dem Modell; '-' für die Standardausgabe). "
                 "Eine vorhandene Datei wird überschrieben.",
        ),
        diagramm: str | None = typer.Option(
            None, "--diagramm", "-d", metavar="NAME",
            help="Nur dieses Diagramm (Name oder id) zeichnen."),
        alle: bool = typer.Option(
            False, "--alle",
            help="Jedes Diagramm der Datei zeichnen: MODELL.1.svg, MODELL.2.svg …"),
    ) -> None:
        """Ein BPMN-Modell als SVG zeichnen (aus dem Diagramm-Layout, BPMN-DI).

        Exit-Code 0: gezeichnet, 2: Aufruf oder Modell unbrauchbar (kein Layout, kaputtes XML,
        unbekanntes Diagramm).
        """
        from prozesskit.diff.files import read_input

        if alle and diagramm is not None:
            raise UsageError("--alle und --diagramm schließen sich aus")
        raw = read_input(modell, folder_hint="bitte eine BPMN-Datei angeben (render "
                         "zeichnet ein Modell je Aufruf, --alle dessen Diagramme)")
        drawn = _drawn(modell, raw)
        if diagramm is not None:
            chosen = [d for d in drawn if diagramm in (d.id, d.name)]
            if not chosen:
                names = ", ".join(f"„{d.name}“ ({d.id})" for d in drawn)
                raise UsageError(f"{modell}: kein Diagramm „{diagramm}“; vorhanden: {names}")
            drawn = chosen[:1]
        elif not alle and len(drawn) > 1:
            typer.echo(
                f"Hinweis: {modell} hat {len(drawn)} Diagramme; gezeichnet wird das erste "
                f"(„{drawn[0].name}“). Alle: --alle, ein bestimmtes: --diagramm NAME",
                err=True,
            )
            drawn = drawn[:1]
        if output is None and (str(modell) == "-" or str(modell).startswith("/dev/")):
            output = Path("-")  # a model from a pipe has no folder to write beside
        if output is not None and str(output) == "-":
            if len(drawn) > 1:
                raise UsageError("Mehrere Diagramme lassen sich nicht auf die Standardausgabe "
                                 "schreiben; mit -o DATEI.svg schreiben (DATEI.1.svg, …)")
            sys.stdout.write(drawn[0].svg)
            return
        targets = _targets(modell, output, len(drawn))
        _write_all(modell, targets, [d.svg for d in drawn])


def _write_all(model: Path, targets: list[Path], svgs: list[str]) -> None:
    from prozesskit.fsutil import atomic_write_bytes, refuse_register_input

    source = model.resolve()
    for target in targets:
        if target.resolve() == source:
            raise UsageError(f"Das Ziel '{target}' ist das Modell selbst; es wird nicht "
                             "überschrieben. Ein anderes Ziel mit -o angeben")
        refuse_register_input(target)
    for target, svg in zip(targets, svgs, strict=True):
        try:
            atomic_write_bytes(target, svg.encode("utf-8"))
        except OSError as exc:
            from prozesskit.fsutil import write_failure

            raise UsageError(write_failure("SVG", target, exc)) from None
        typer.echo(f"SVG geschrieben: {target}")
