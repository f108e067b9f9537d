"""The typer app: every command, its options, help and usage errors.

Built only when a command line needs it (see :mod:`prozesskit.cli`): importing typer and
every command module is a quarter of what ``validate`` costs after one edit.
"""

from __future__ import annotations

import typer

from prozesskit import __version__
from prozesskit.cli import beitragen as beitragen_cmd
from prozesskit.cli import bericht as bericht_cmd
from prozesskit.cli import diff as diff_cmd
from prozesskit.cli import importieren as import_cmd
from prozesskit.cli import init as init_cmd
from prozesskit.cli import netz as netz_cmd
from prozesskit.cli import neu as neu_cmd
from prozesskit.cli import pack as pack_cmd
from prozesskit.cli import render as render_cmd
from prozesskit.cli import rules as rules_cmd
from prozesskit.cli import site as site_cmd
from prozesskit.cli import tabelle as tabelle_cmd
from prozesskit.cli import unpack as unpack_cmd
from prozesskit.cli import update as update_cmd
from prozesskit.cli import validate as validate_cmd
from prozesskit.cli._usage import GermanGroup, german_help_everywhere
from prozesskit.cli.leika import leika_app

app = typer.Typer(
    name="prozesskit",
    cls=GermanGroup,
    help="Prozessregister als Code: Steckbriefe und BPMN-Modelle kommunaler Prozesse in git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prozesskit {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Version anzeigen und beenden."
    ),
) -> None:
    """Prozessregister als Code."""


validate_cmd.register(app)
app.add_typer(leika_app, name="leika", help="LeiKa-Leistungen suchen und Schlüssel vorschlagen.")
rules_cmd.register(app)
init_cmd.register(app)
neu_cmd.register(app)
diff_cmd.register(app)
render_cmd.register(app)
pack_cmd.register(app)
unpack_cmd.register(app)
netz_cmd.register(app)
import_cmd.register(app)
tabelle_cmd.register(app)
bericht_cmd.register(app)
site_cmd.register(app)
beitragen_cmd.register(app)
update_cmd.register(app)
german_help_everywhere(app)
