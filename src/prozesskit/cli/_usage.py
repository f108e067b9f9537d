"""Typer's (click's) usage errors in German.

Click writes its usage errors in English ("Usage: …", "Try … for help.", "Missing argument");
the CLI runs typer without its standalone error handling and renders the same information
here. Only the exceptions' public attributes are read (context, parameter, option name), so a
click inside typer and a standalone click look the same.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

#: click 8.2+ says "argument(s)", older releases "argument"/"arguments"
_EXTRA = re.compile(r"^Got unexpected extra (?:arguments?|argument\(s\)) \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*)'\.$")
_BRACED = re.compile(r"\{([\w .…-]+?(?:\.\.\.)?)\}")


def _click_exceptions() -> Any:
    import importlib

    try:  # typer vendors click from 0.28 on; before, click is a dependency of its own
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # pragma: no cover
        return importlib.import_module("click.exceptions")


def german_usage(line: str) -> str:
    """``Usage: prozesskit init [OPTIONS] {ZIEL}`` → ``Aufruf: prozesskit init [OPTIONEN] ZIEL``
    (typer 0.28 marks required arguments with braces)."""
    line = line.replace("Usage:", "Aufruf:", 1).replace("[OPTIONS]", "[OPTIONEN]")
    line = line.replace("COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]...")
    return _BRACED.sub(r"\1", line)


class _GermanHelp:
    """German help for a command or a group: usage line, section titles, help option."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, german_usage(pieces), prefix="Aufruf: ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Diese Hilfe anzeigen und beenden."
        return option

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Argumente": [], "Optionen": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, text = record
            text = text.replace("[required]", "[Pflicht]").replace("[default: ", "[Vorgabe: ")
            kind = "Argumente" if param.param_type_name == "argument" else "Optionen"
            sections[kind].append((name, text))
        for title, rows in sections.items():
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class GermanCommand(_GermanHelp, TyperCommand):
    """A typer command whose help is German."""


class GermanGroup(_GermanHelp, TyperGroup):
    """The top-level group: German help with its commands under "Befehle"."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width - 16)))
        if rows:
            with formatter.section("Befehle"):
                formatter.write_dl(rows)


def german_help_everywhere(app: typer.Typer) -> None:
    """Every command registered without a class of its own gets the German help."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = GermanCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            german_help_everywhere(group.typer_instance)


def _usage(ctx: Any) -> list[str]:
    if ctx is None:
        return []
    return [german_usage(ctx.get_usage()), f"Hilfe: {ctx.command_path} --help", ""]


def _hint(exc: Any) -> str:
    param, ctx = getattr(exc, "param", None), getattr(exc, "ctx", None)
    if param is not None and ctx is not None:
        return str(param.get_error_hint(ctx))
    hint = getattr(exc, "param_hint", None)
    return str(hint) if hint else "einen Parameter"


_RANGE = re.compile(r"^(?P<value>.+?) is not in the range (?P<range>.+?)\.$")
_NOT_VALID = re.compile(r"^(?P<value>.+?) is not a valid (?P<type>.+?)\.$")
_NOT_ONE_OF = re.compile(r"^(?P<value>.+?) is not (?:one of )?(?P<choices>'.+?)\.$")
_PATH = re.compile(r"^(?:Path|File|Directory) (?P<name>.+?) (?P<what>does not exist|is a "
                   r"directory|is a file|is not readable|is not writable)\.$")
_TYPES = {"integer": "keine ganze Zahl", "int range": "keine ganze Zahl",
          "integer range": "keine ganze Zahl", "float": "keine Zahl", "float range": "keine Zahl",
          "boolean": "weder ja noch nein (true/false)", "UUID": "keine UUID"}
_PATH_WHAT = {"does not exist": "gibt es nicht", "is a directory": "ist ein Ordner",
              "is a file": "ist eine Datei", "is not readable": "ist nicht lesbar",
              "is not writable": "ist nicht beschreibbar"}


def _german_range(text: str) -> str:
    """click's ``x>=1``, ``1<=x<=100``, ``x<5`` in words."""
    both = re.fullmatch(r"(\S+?)<=x<=(\S+)", text)
    if both:
        return f"von {both[1]} bis {both[2]}"
    one = re.fullmatch(r"x(>=|<=|>|<)(\S+)", text)
    if one:
        word = {">=": "mindestens", "<=": "höchstens", ">": "größer als", "<": "kleiner als"}
        return f"{word[one[1]]} {one[2]}"
    return text


def german_bad_value(message: str) -> str:
    """click's English reason for a bad option value (range, type, choice, path) in German;
    an unknown one stays as it is."""
    match = _RANGE.match(message)
    if match:
        return f"{match['value']} ist nicht erlaubt, erlaubt ist {_german_range(match['range'])}."
    match = _NOT_VALID.match(message)
    if match and match["type"] in _TYPES:
        return f"{match['value']} ist {_TYPES[match['type']]}."
    match = _NOT_ONE_OF.match(message)
    if match:
        choices = [c.strip() for c in match["choices"].split(",")]
        listed = ", ".join(choices[:-1]) + f" oder {choices[-1]}" if len(choices) > 1 else (
            choices[0])
        return f"{match['value']} gibt es nicht; möglich: {listed}."
    match = _PATH.match(message)
    if match:
        return f"{match['name']} {_PATH_WHAT[match['what']]}."
    return message


def _message(exc: Any, errors: Any) -> str:
    if isinstance(exc, errors.MissingParameter):
        kind = getattr(exc.param, "param_type_name", "") if exc.param is not None else ""
        what = "Argument" if kind == "argument" else "Option"
        return f"{what} {_hint(exc)} fehlt."
    if isinstance(exc, errors.NoSuchOption):
        similar = f" Ähnlich: {', '.join(exc.possibilities)}." if exc.possibilities else ""
        return f"Unbekannte Option {exc.option_name}.{similar}"
    if isinstance(exc, errors.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Option {exc.option_name} braucht einen Wert."
        return f"Option {exc.option_name} falsch verwendet: {exc.message}"
    if isinstance(exc, errors.BadParameter):
        return f"Ungültiger Wert für {_hint(exc)}: {german_bad_value(str(exc.message))}"
    extra = _EXTRA.match(exc.message)
    if extra:
        return (f"Zu viele Argumente: {extra['args']}. Pfade mit Leerzeichen in "
                "Anführungszeichen setzen.")
    unknown = _NO_COMMAND.match(exc.message)
    if unknown:
        return f"Unbekannter Befehl '{unknown['name']}'."
    if exc.message == "Missing command.":
        return "Befehl fehlt."
    return str(exc.message)


def german_usage_error(exc: BaseException) -> tuple[str, int] | None:
    """(text for stderr, exit code) for a click usage error or abort; None for anything else."""
    errors = _click_exceptions()
    if isinstance(exc, typer.Abort):
        return "Abgebrochen.", 1
    if type(exc).__name__ == "NoArgsIsHelpError":  # no arguments: the help, as click shows it
        return str(exc.ctx.get_help()), int(exc.exit_code)  # type: ignore[attr-defined]
    if isinstance(exc, errors.UsageError):
        lines = [*_usage(exc.ctx), f"Fehler: {_message(exc, errors)}"]
        return "\n".join(lines), int(exc.exit_code)
    if isinstance(exc, errors.ClickException):
        return f"Fehler: {exc.format_message()}", int(exc.exit_code)
    return None
