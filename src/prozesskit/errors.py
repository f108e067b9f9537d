"""Exceptions for failures of the environment or the invocation, never for bad input files.

A broken Steckbrief or BPMN model is a :class:`~prozesskit.problem.Problem`; these
exceptions are for what stops a command from running at all (exit code 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class ProzesskitError(Exception):
    """Base class; ``str(exc)`` is a complete German message for the user."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        from prozesskit.limits import MAX_MESSAGE_RUN, gekuerzt, lange_werte_gekuerzt

        # a value from the input may be huge (a package's 100,000-character id): shortened
        # here once for every message, so none becomes a 100 KB line
        message = lange_werte_gekuerzt(message)
        file = gekuerzt(file, MAX_MESSAGE_RUN, ende=40) if file is not None else None
        self.message = message
        self.file = file
        self.line = line
        where = file if file else ""
        if file and line:
            where = f"{file}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(ProzesskitError):
    """The conventions configuration (``konventionen`` in prozesskit.yaml) is unusable."""


class UsageError(ProzesskitError):
    """The command line asks for something contradictory or impossible."""


class InputError(ProzesskitError):
    """An input that the command needs as a whole (manifest, Blaupause) cannot be read."""


class GitError(ProzesskitError):
    """A git operation failed or was refused for safety."""


class WriteError(ProzesskitError):
    """Files cannot be written where the command should write them (permissions, a file in
    the path, a full or read-only disk)."""


class PaketError(InputError):
    """A package (``prozesskit pack``) that must not be unpacked: damaged, tampered or
    hostile (zip slip, links, bombs). Nothing is written when this is raised."""


#: json's and orjson's messages (their starts or distinctive parts) → German
_JSON_REASONS = (
    ("Expecting property name", "ein Feldname in doppelten Anführungszeichen fehlt"),
    ("expected a string key", "ein Feldname in doppelten Anführungszeichen fehlt"),
    ("Expecting ',' delimiter", "ein Komma fehlt"),
    ("expected ',' or", "ein Komma fehlt oder eine Klammer ist nicht geschlossen"),
    ("trailing comma", "ein Komma zu viel vor der schließenden Klammer"),
    ("Expecting ':' delimiter", "ein Doppelpunkt fehlt"),
    ("Expecting value", "ein Wert fehlt oder ist kein JSON"),
    ("unexpected end of data", "die Datei endet mitten im JSON"),
    ("zero-length", "die Datei ist leer"),
    ("Extra data", "nach dem Ende folgt noch etwas"),
    ("content after document", "nach dem Ende folgt noch etwas"),
    ("Unterminated string", "eine Zeichenkette ist nicht geschlossen"),
    ("control character", "Steuerzeichen in einer Zeichenkette"),
    ("Invalid \\escape", "unbekannte Escape-Sequenz"),
    ("invalid escape", "unbekannte Escape-Sequenz"),
    ("depth limit", "zu tief verschachtelt"),
    ("not valid UTF-8", "nicht in UTF-8 kodiert"),
)


def json_reason(exc: ValueError) -> str:
    """Why JSON could not be read, in German with line and column (``json`` and ``orjson``
    raise ``JSONDecodeError`` with English text); invalid UTF-8 is named as such."""
    if isinstance(exc, UnicodeDecodeError):
        return "nicht in UTF-8 kodiert"
    text = str(getattr(exc, "msg", exc))
    reason = next((de for en, de in _JSON_REASONS if en in text), "kein gültiges JSON")
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    return f"{reason} (Zeile {line}, Spalte {column})" if line and column else reason


#: Who hears the library's notes (:func:`note`); the CLI while a command runs
_LISTENERS: list[Callable[[str], None]] = []


def note(text: str) -> None:
    """Something the user should know that is neither an error nor a result (the clone
    cache repaired itself, a tag was moved in its repository, a server was not reachable).
    The library never prints: whoever listens shows it (the CLI as "Hinweis: …" on stderr);
    without a listener it is dropped. Here and not in a module of its own: the CLI imports
    this module anyway, so listening adds no import to its start."""
    for listener in tuple(_LISTENERS):
        listener(text)


def listen(listener: Callable[[str], None]) -> Callable[[], None]:
    """``listener`` hears every :func:`note` until the returned function is called."""
    _LISTENERS.append(listener)
    return lambda: _LISTENERS.remove(listener)
