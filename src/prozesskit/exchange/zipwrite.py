"""A deterministic ZIP writer: same files, same bytes, on every machine.

Python's ``zipfile`` stamps each entry with the file's time, the host system and the mode
of the moment, and deflate's output depends on the zlib build. A package's sha256 is to name
its content, so every field that is not content is fixed here: entries in the order given
(the caller sorts), time 1980-01-01 00:00, "made by" Unix 2.0, mode 0644, UTF-8 names, no
extra fields, no comment, and entries *stored* (not compressed): stored bytes do not depend
on a zlib version, cost only a CRC, and any tool reads them.

Entries are streamed (:class:`ZipWriter`): ``pack`` reads a file, takes its CRC and
writes it while its bytes are still in the processor's cache, and never holds the whole
package in memory.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import Protocol

from prozesskit.exchange.crc import crc32

LOCAL = struct.Struct("<4s2H3H3L2H")  # 30 bytes
CENTRAL = struct.Struct("<4s6H3L5H2L")  # 46 bytes
END = struct.Struct("<4s4H2LH")  # 22 bytes

SIG_LOCAL = b"PK\x03\x04"
SIG_CENTRAL = b"PK\x01\x02"
SIG_END = b"PK\x05\x06"

VERSION = 20  # 2.0: what every unzip understands
MADE_BY = (3 << 8) | VERSION  # Unix
FLAG_UTF8 = 0x0800
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
MODE = 0o100644  # a regular file, rw-r--r--


class Sink(Protocol):
    """Where the bytes go: a file, or a wrapper that hashes them on the way."""

    def write(self, data: bytes, /) -> int: ...


class ZipWriter:
    """Writes stored entries one by one to ``sink``; :meth:`finish` writes the directory."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.central: list[bytes] = []
        self.offset = 0

    def add(self, name: str, data: bytes) -> None:
        raw_name = name.encode("utf-8")
        crc = crc32(data)
        size = len(data)
        if size >= 0xFFFFFFFF or self.offset >= 0xFFFFFFFF:
            raise ValueError("package too large for a ZIP without ZIP64")
        header = LOCAL.pack(SIG_LOCAL, VERSION, FLAG_UTF8, 0, 0, DOS_DATE, crc, size, size,
                            len(raw_name), 0)
        self.sink.write(header + raw_name)
        self.sink.write(data)
        self.central.append(CENTRAL.pack(SIG_CENTRAL, MADE_BY, VERSION, FLAG_UTF8, 0, 0,
                                         DOS_DATE, crc, size, size, len(raw_name), 0, 0, 0,
                                         0, MODE << 16, self.offset) + raw_name)
        self.offset += len(header) + len(raw_name) + size

    def finish(self) -> int:
        """The central directory and its end record; returns the number of bytes written."""
        central = self.central
        if len(central) >= 0xFFFF:
            raise ValueError("too many entries for a ZIP without ZIP64")
        directory = b"".join(central)
        self.sink.write(directory)
        self.sink.write(END.pack(SIG_END, 0, 0, len(central), len(central), len(directory),
                                 self.offset, 0))
        return self.offset + len(directory) + END.size


def write_zip(handle: Sink, entries: Iterable[tuple[str, bytes]]) -> int:
    """Write ``(name, bytes)`` entries as a stored ZIP; returns the number of bytes written."""
    writer = ZipWriter(handle)
    for name, data in entries:
        writer.add(name, data)
    return writer.finish()
