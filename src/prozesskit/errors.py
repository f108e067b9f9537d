"""Exceptions for failures of the environment or the invocation, never for bad input files.

A broken Steckbrief or BPMN model is a :class:`~prozesskit.problem.Problem`; these
exceptions are for what stops a command from running at all (exit code 2).
"""

from __future__ import annotations


class ProzesskitError(Exception):
    """Base class; ``str(exc)`` is a complete German message for the user."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
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
