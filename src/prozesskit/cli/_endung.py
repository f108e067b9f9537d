"""The warning after writing a file whose name does not end as its format does
(``pack -o paket.txt``, ``export -o werkstatt.csv``): written all the same, the warning on
stderr after the result (the sentence is :func:`prozesskit.dateiart.endung_passt_nicht`)."""

from __future__ import annotations

from pathlib import Path

import typer


def warne(output: Path, art: str) -> None:
    from prozesskit.dateiart import endung_passt_nicht

    warnung = endung_passt_nicht(output, art)
    if warnung is not None:
        typer.echo(f"Warnung: {warnung}", err=True)
