"""CRC-32 of ZIP entries, the fastest one at hand.

Every packed file needs its CRC (``pack``), and ``unpack`` checks the CRC of every entry
it reads: 33 MB for a register of 2,000 Steckbriefe and 500 models. zlib's ``crc32`` (the
system's zlib 1.2) takes 8 ms for that; zlib-ng's, the same checksum computed with
carry-less multiplication where the processor has it, under 2 ms: a sixth of what pack
spends besides reading and hashing. Without zlib-ng (a platform without its wheel) the
result is the same, only slower.
"""

from __future__ import annotations

try:
    from zlib_ng.zlib_ng import crc32
except ImportError:  # pragma: no cover - zlib-ng is a dependency; same values, slower
    from zlib import crc32

__all__ = ["crc32"]
