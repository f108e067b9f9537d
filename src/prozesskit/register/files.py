"""Where a register's bytes come from: a folder (read as untrusted input) or memory.

Reading a folder goes through :func:`prozesskit.fsutil.read_regular`, as ``validate``
does: never through a link, never a FIFO or device (refused on the open descriptor, no
window between a check and the open), never more than the bound of the file's kind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from prozesskit import limits
from prozesskit.fsutil import (
    FileTooLarge,
    NotRegularFile,
    os_error_reason,
    read_regular,
    read_regular_keyed,
)

_T = TypeVar("_T")


class Unreadable(Exception):
    """Why a file was not read: ``kind`` "link" or "special" (reported as discovery
    reports such entries), else a German sentence that follows the file's name."""

    def __init__(self, reason: str, kind: str | None = None) -> None:
        super().__init__(reason)
        self.kind = kind


class Store(Protocol):
    """The files of one register, readable by relative POSIX path."""

    def read(self, rel: str, max_bytes: int) -> bytes:
        """The file's bytes; :class:`Unreadable` when it must not or cannot be read."""
        ...


def _too_big(size: int, max_bytes: int) -> Unreadable:
    return Unreadable(f"ist mit {limits.german_int(size)} Bytes größer als die Grenze von "
                      f"{limits.german_int(max_bytes)} Bytes und wird nicht gelesen")


class FolderStore:
    """Files below a folder, each read once, as it is at that moment."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, rel: str, max_bytes: int) -> bytes:
        return self._read(rel, max_bytes, read_regular)

    def read_keyed(self, rel: str, max_bytes: int) -> tuple[bytes, tuple[int, int, int]]:
        """The bytes and the stat key after reading (``fsutil.read_regular_keyed``)."""
        return self._read(rel, max_bytes, read_regular_keyed)

    def _read(self, rel: str, max_bytes: int, reader: Callable[[str, int], _T]) -> _T:
        try:
            return reader(os.path.join(self.root, rel), max_bytes)
        except NotRegularFile as exc:
            raise Unreadable(str(exc), exc.kind) from exc
        except FileTooLarge as exc:
            raise _too_big(exc.size, max_bytes) from exc
        except OSError as exc:
            reason = os_error_reason(OSError(exc.errno, exc.strerror))  # no local path
            raise Unreadable(f"ist nicht lesbar: {reason}") from exc


class MemoryStore:
    """Files planned in memory (a Blaupause rendered as ``init`` would write it)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = files

    def read(self, rel: str, max_bytes: int) -> bytes:
        data = self.files[rel]
        if len(data) > max_bytes:
            raise _too_big(len(data), max_bytes)
        return data
