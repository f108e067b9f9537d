"""Two files given on the command line: what kind they are and their bytes.

``prozesskit diff A B`` compares by kind: BPMN models semantically, Steckbriefe (``.yaml``)
field by field (``diff.steckbrief``). The kind comes from the
suffix; a name without a known one (a shell's ``<(git show HEAD:m.bpmn)`` is
``/dev/fd/63``) takes the other file's kind, or is sniffed from its first byte.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from prozesskit import limits
from prozesskit.errors import InputError, UsageError
from prozesskit.fsutil import NotRegularFile, read_regular

FileKind = Literal["bpmn", "steckbrief"]

_SUFFIXES: dict[str, FileKind] = {".bpmn": "bpmn", ".xml": "bpmn", ".yaml": "steckbrief",
                                  ".yml": "steckbrief"}


def suffix_kind(path: Path) -> FileKind | None:
    return _SUFFIXES.get(path.suffix.lower())


#: a shell's pipes: ``<(git show HEAD:m.bpmn)`` is ``/dev/fd/63``, ``-`` is standard input
_STREAMS = ("/dev/fd/", "/proc/self/fd/")


def read_input(path: Path, limit: int = limits.MAX_BPMN_BYTES, *,
               folder_hint: str = "bitte zwei Dateien angeben") -> bytes:
    """The bytes of a file the user named; ``folder_hint`` says what the calling command
    wants instead of a folder (``diff`` two files, ``render`` one model).

    As everywhere in prozesskit, a symbolic link is not followed and a FIFO or device not
    opened (a link in a shared repository must not make a CI job read what it points to,
    a FIFO without writer would hang it): only the shell's own pipes are read, ``-``,
    ``/dev/stdin`` and ``/dev/fd/N`` (``<(git show HEAD:m.bpmn)``).
    """
    name = str(path)
    if name == "-":
        return sys.stdin.buffer.read(limit + 1)
    if name == "/dev/stdin" or name.startswith(_STREAMS):
        with open(name, "rb") as handle:
            return handle.read(limit + 1)
    if path.is_symlink():
        raise InputError(f"'{path}' ist ein symbolischer Link; prozesskit folgt keinen Links. "
                         "Die Datei selbst angeben")
    if not path.exists():
        raise UsageError(f"Datei '{path}' gibt es nicht")
    if path.is_dir():
        raise UsageError(f"'{path}' ist ein Ordner; {folder_hint}")
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"'{path}' ist mit {limits.german_int(size)} Bytes größer als die "
                         f"Grenze von {limits.german_int(limit)} Bytes und wird nicht gelesen")
    try:
        return read_regular(name)
    except NotRegularFile:
        raise InputError(f"'{path}' ist keine gewöhnliche Datei (FIFO, Gerät oder Socket) "
                         "und wird nicht gelesen") from None


def pair_kind(old: Path, new: Path, old_raw: bytes, new_raw: bytes) -> FileKind:
    """The kind both files share; files of different kinds cannot be compared."""
    kinds = [suffix_kind(old), suffix_kind(new)]
    known = {kind for kind in kinds if kind is not None}
    if len(known) > 1:
        raise UsageError(
            f"'{old}' und '{new}' sind verschiedene Dateiarten; verglichen werden zwei "
            "BPMN-Modelle oder zwei Steckbriefe"
        )
    if known:
        return known.pop()
    sniffed = {_sniff(old_raw), _sniff(new_raw)}
    return "bpmn" if sniffed == {"bpmn"} else "steckbrief"


def _sniff(raw: bytes) -> FileKind:
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "bpmn" if start == b"<" or raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "steckbrief"
