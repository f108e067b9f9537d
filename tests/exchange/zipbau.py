"""Raw ZIP building for hostile packages: what ``zipfile`` will not write (pre-compressed
bombs, headers that lie, directories of 100,000 records)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")
END64 = struct.Struct("<4sQ2H2L4Q")
LOCATOR = struct.Struct("<4sLQL")
MODE = 0o100644 << 16


@dataclass
class Raw:
    name: str
    payload: bytes  # as stored in the file (compressed if method 8)
    method: int
    crc: int
    size: int  # what the headers declare
    external: int = MODE


def raw_zip(entries: list[Raw]) -> bytes:
    out = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode()
        offset = len(out)
        out += LOCAL.pack(b"PK\x03\x04", 20, 0x800, entry.method, 0, 0x21, entry.crc,
                          len(entry.payload), entry.size, len(name), 0) + name + entry.payload
        central += CENTRAL.pack(b"PK\x01\x02", (3 << 8) | 20, 20, 0x800, entry.method, 0, 0x21,
                                entry.crc, len(entry.payload), entry.size, len(name), 0, 0, 0,
                                0, entry.external, offset) + name
    start = len(out)
    out += central
    out += END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def stored(name: str, data: bytes, **kwargs: int) -> Raw:
    return Raw(name, data, 0, zlib.crc32(data), len(data), **kwargs)


def zeros_deflated(total: int, block: int = 1 << 20) -> tuple[bytes, int]:
    """A raw deflate stream of ``total`` zero bytes and its CRC, without ever holding more
    than one block: after a full flush the compressor starts afresh, so the same block
    compresses to the same bytes, which are repeated."""
    assert total % block == 0
    zeros = bytes(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = piece * (total // block) + compressor.flush()
    crc = 0
    for _ in range(total // block):
        crc = zlib.crc32(zeros, crc)
    assert zlib.decompressobj(-15).decompress(stream[: len(piece) * 2], 10) == bytes(10)
    return stream, crc


def many_entries(count: int) -> bytes:
    """A ZIP64 archive whose central directory has ``count`` records (all naming one tiny
    stored file), built in memory."""
    data = b"x"
    crc = zlib.crc32(data)
    out = bytearray(LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, 1, 1, 1, 0) + b"a" + data)
    records = [CENTRAL.pack(b"PK\x01\x02", (3 << 8) | 45, 45, 0, 0, 0, 0x21, crc, 1, 1,
                            len(name), 0, 0, 0, 0, MODE, 0) + name
               for name in (f"steckbriefe/p{i}.yaml".encode() for i in range(count))]
    central = b"".join(records)
    start = len(out)
    out += central
    end64 = len(out)
    out += END64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), start)
    out += LOCATOR.pack(b"PK\x06\x07", 0, end64, 1)
    out += END.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out)
