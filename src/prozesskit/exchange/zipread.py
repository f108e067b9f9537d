"""A distrustful ZIP reader: the central directory and each entry's bytes, checked against
each other and against limits, streamed so that no entry is held beyond its known size.

Why not ``zipfile``: it builds an object for every central-directory record before anyone
can count them (a directory of millions of entries), trusts each entry's local header
offset (overlapping entries: the "better zip bomb"), and follows the local header's name
where the directory's differs. Here the end record is read first and the entry count
refused beyond the limit before a record is parsed; every entry is checked for type
(links, devices, folders), encryption and method; its local header must repeat the
directory's name; its data must lie before the directory and overlap no other entry; and
its expansion is counted as it happens, never trusted from a header: output beyond the
size the directory declares (or the caller's limit) stops the read at once.

Every refusal is a :class:`~prozesskit.errors.PaketError` with a German sentence; the
caller prefixes the package's name.
"""

from __future__ import annotations

import re
import stat
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import BinaryIO

from prozesskit import limits
from prozesskit.errors import PaketError
from prozesskit.exchange.crc import crc32
from prozesskit.limits import german_int
from prozesskit.model.codes import WINDOWS_DEVICES

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
#: Largest read from the package file and largest piece of inflated output at once.
CHUNK = 64 * 1024
STORED, DEFLATED = 0, 8
_DESCRIPTOR_MIN = 12  # a data descriptor without its optional signature
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One central-directory record, as far as a reader may rely on it."""

    name: str
    raw_name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int  # as the directory declares it; the read checks it
    offset: int  # of the local header
    unix_mode: int | None  # None: not made on a Unix system
    dos_attr: int


@dataclass(frozen=True, slots=True)
class Directory:
    entries: tuple[ZipEntry, ...]
    start: int  # offset of the central directory: every entry's data ends before it


def read_directory(handle: BinaryIO, file_size: int) -> Directory:
    """The central directory, after its end record said how many entries it holds."""
    count, cd_size, cd_offset, end_at = _end_record(handle, file_size)
    if count > limits.MAX_PAKET_ENTRIES:
        raise PaketError(f"Es enthält {german_int(count)} Einträge; erlaubt sind höchstens "
                         f"{german_int(limits.MAX_PAKET_ENTRIES)}")
    largest = count * (_CENTRAL.size + limits.MAX_PAKET_NAME_BYTES + 2 * 0xFFFF)
    if cd_offset + cd_size > end_at or cd_size > largest:
        raise PaketError("Das Inhaltsverzeichnis passt nicht in die Datei (abgeschnitten "
                         "oder beschädigt)")
    handle.seek(cd_offset)
    raw = handle.read(cd_size)
    if len(raw) != cd_size:
        raise PaketError("Die Datei ist abgeschnitten: das Inhaltsverzeichnis ist unvollständig")
    entries = []
    pos = 0
    for _ in range(count):
        entry, pos = _central_record(raw, pos)
        entries.append(entry)
    if pos != cd_size:
        raise PaketError("Das Inhaltsverzeichnis enthält mehr Daten als Einträge angegeben "
                         "sind (beschädigt oder manipuliert)")
    return Directory(tuple(entries), cd_offset)


def _end_record(handle: BinaryIO, file_size: int) -> tuple[int, int, int, int]:
    """(entries, directory size, directory offset, where the end records begin)."""
    if file_size < _END.size:
        raise PaketError("Die Datei ist zu kurz für eine ZIP-Datei (leer oder abgeschnitten)")
    tail_size = min(file_size, _END.size + 0xFFFF)
    handle.seek(file_size - tail_size)
    tail = handle.read(tail_size)
    pos = tail.rfind(b"PK\x05\x06")
    while pos >= 0:
        fields = _END.unpack_from(tail, pos) if pos + _END.size <= len(tail) else None
        if fields is not None and pos + _END.size + fields[7] == len(tail):
            break
        pos = tail.rfind(b"PK\x05\x06", 0, pos)
    if pos < 0 or fields is None:
        raise PaketError("Das ZIP-Inhaltsverzeichnis am Dateiende fehlt: die Datei ist "
                         "abgeschnitten, beschädigt oder keine ZIP-Datei")
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _ = fields
    end_at = file_size - tail_size + pos
    if (disk, cd_disk) != (0, 0) or on_disk != count:
        raise PaketError("Mehrteilige ZIP-Archive werden nicht angenommen")
    if count == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        return _end64(handle, end_at)
    return count, cd_size, cd_offset, end_at


def _end64(handle: BinaryIO, end_at: int) -> tuple[int, int, int, int]:
    if end_at < _END64_LOCATOR.size:
        raise PaketError("Der ZIP64-Verweis fehlt (abgeschnitten oder beschädigt)")
    handle.seek(end_at - _END64_LOCATOR.size)
    sig, _, where, _ = _END64_LOCATOR.unpack(handle.read(_END64_LOCATOR.size))
    if sig != b"PK\x06\x07" or where + _END64.size > end_at:
        raise PaketError("Der ZIP64-Verweis fehlt oder zeigt ins Leere (beschädigt)")
    handle.seek(where)
    fields = _END64.unpack(handle.read(_END64.size))
    if fields[0] != b"PK\x06\x06":
        raise PaketError("Das ZIP64-Inhaltsverzeichnisende fehlt (beschädigt)")
    _, _, _, _, disk, cd_disk, on_disk, count, cd_size, cd_offset = fields
    if (disk, cd_disk) != (0, 0) or on_disk != count:
        raise PaketError("Mehrteilige ZIP-Archive werden nicht angenommen")
    return count, cd_size, cd_offset, where


def _central_record(raw: bytes, pos: int) -> tuple[ZipEntry, int]:
    if pos + _CENTRAL.size > len(raw):
        raise PaketError("Das Inhaltsverzeichnis endet mitten in einem Eintrag (beschädigt)")
    (sig, made_by, _, flags, method, _, _, crc, compressed, size, name_len, extra_len,
     comment_len, _, _, external, offset) = _CENTRAL.unpack_from(raw, pos)
    if sig != b"PK\x01\x02":
        raise PaketError("Das Inhaltsverzeichnis ist beschädigt (Eintrag ohne Kennung)")
    start = pos + _CENTRAL.size
    end = start + name_len + extra_len + comment_len
    if end > len(raw):
        raise PaketError("Das Inhaltsverzeichnis endet mitten in einem Eintrag (beschädigt)")
    raw_name = raw[start:start + name_len]
    if name_len > limits.MAX_PAKET_NAME_BYTES:
        raise PaketError(f"Ein Eintragsname ist {german_int(name_len)} Bytes lang; erlaubt "
                         f"sind höchstens {german_int(limits.MAX_PAKET_NAME_BYTES)}")
    name = _decode(raw_name, flags)
    if 0xFFFFFFFF in (compressed, size, offset):
        size, compressed, offset = _zip64_sizes(raw[start + name_len:start + name_len +
                                                    extra_len], size, compressed, offset, name)
    unix = made_by >> 8 == 3
    entry = ZipEntry(name, raw_name, flags, method, crc, compressed, size, offset,
                     external >> 16 if unix else None, external & 0xFF)
    return entry, end


def _decode(raw_name: bytes, flags: int) -> str:
    try:
        return raw_name.decode("utf-8" if flags & 0x0800 else "ascii")
    except UnicodeDecodeError:
        raise PaketError("Ein Eintragsname ist weder ASCII noch als UTF-8 gekennzeichnet "
                         f"({raw_name[:60]!r})") from None


def _zip64_sizes(extra: bytes, size: int, compressed: int, offset: int, name: str
                 ) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, pos)
        body = extra[pos + 4:pos + 4 + length]
        if tag == 0x0001:
            values = [v[0] for v in struct.iter_unpack("<Q", body[:len(body) // 8 * 8])]
            wanted = [size, compressed, offset]
            for index, value in enumerate(wanted):
                if value == 0xFFFFFFFF:
                    if not values:
                        break
                    wanted[index] = values.pop(0)
            else:
                return wanted[0], wanted[1], wanted[2]
        pos += 4 + length
    raise PaketError(f"Eintrag '{name}': ZIP64-Größenangaben fehlen (beschädigt)")


def check_entry(entry: ZipEntry, *, becomes_file: bool = True) -> None:
    """Refuse what must never be unpacked, whatever a manifest says: paths leaving the
    target (zip slip), links, devices, folders, encryption, unknown compression.
    ``becomes_file=False``: the entry is read, never written under its name (a model
    inside an XProzess payload), so Windows' naming rules do not apply to it."""
    check_path(entry.name, windows=becomes_file)
    mode = entry.unix_mode
    if mode is not None and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        kind = ("ein symbolischer Link" if stat.S_ISLNK(mode) else
                "ein Ordner" if stat.S_ISDIR(mode) else
                "ein Geräte-, FIFO- oder Socket-Eintrag")
        raise PaketError(f"Eintrag '{entry.name}' ist {kind}; ein Paket enthält nur "
                         "gewöhnliche Dateien")
    if entry.dos_attr & 0x10:
        raise PaketError(f"Eintrag '{entry.name}' ist ein Ordner; ein Paket enthält nur "
                         "gewöhnliche Dateien")
    if entry.flags & 0x0001:
        raise PaketError(f"Eintrag '{entry.name}' ist verschlüsselt; Pakete sind nie "
                         "verschlüsselt")
    if entry.method not in (STORED, DEFLATED):
        raise PaketError(f"Eintrag '{entry.name}' ist mit Verfahren {entry.method} gepackt; "
                         "angenommen werden nur 'stored' (0) und 'deflate' (8)")


def empty_folder(entry: ZipEntry) -> str | None:
    """The folder an entry only names (``steckbriefe/`` → ``steckbriefe``), or ``None``.

    Why: ``zip -r``, Windows' "ZIP-komprimierter Ordner", macOS and 7-Zip put such entries
    in front of a folder's files; they write nothing, so a package re-zipped by them is
    still the same package. Only a truly empty entry counts (no bytes, not encrypted, no
    link or device mode); its path is checked like a file's, so ``../`` stays zip slip.
    Whether the folder belongs to a file of the package is for the caller to say."""
    if not entry.name.endswith("/") or entry.size != 0 or entry.compressed > 2:
        return None
    mode = entry.unix_mode
    if mode is not None and stat.S_IFMT(mode) not in (0, stat.S_IFDIR):
        return None
    if entry.flags & 0x0001 or entry.method not in (STORED, DEFLATED):
        return None
    folder = entry.name[:-1]
    check_path(folder)
    return folder


def check_path(name: str, *, windows: bool = True) -> None:
    """A relative POSIX path below the target: no ``..``, no absolute path or drive letter,
    no backslash, no empty or ``.`` part, no control character; and (``windows``: for a name
    that becomes a file) no name Windows reads otherwise (a device, a part ending in '.' or
    ' ', a ':' stream). A folder entry is refused too, with its own sentence: it escapes
    nothing, but nothing here writes folders."""
    reason = None
    folder = name.endswith("/") and len(name) > 1
    parts = (name[:-1] if folder else name).split("/")
    if not name:
        reason = "ist leer"
    elif "\\" in name:
        reason = "enthält einen Backslash (Windows-Pfad)"
    elif name.startswith("/"):
        reason = "ist ein absoluter Pfad"
    elif _DRIVE.match(name):
        reason = "beginnt mit einem Laufwerksbuchstaben"
    elif ".." in parts:
        reason = "führt mit '..' aus dem Zielordner hinaus"
    elif "" in parts or "." in parts:
        reason = "enthält einen leeren oder '.'-Abschnitt"
    elif _CONTROL.search(name):
        reason = "enthält Steuerzeichen"
    if reason is not None:
        raise PaketError(f"Der Eintragsname {name!r} {reason}; solche Pfade werden nie "
                         "entpackt (Schutz vor 'zip slip')")
    other = _windows_reason(parts) if windows else None
    if other is not None:
        raise PaketError(f"Der Eintragsname {name!r} {other}; solche Namen werden nie "
                         "entpackt (unter Windows wäre das ein Gerät, eine andere Datei oder "
                         "ein versteckter Datenstrom)")
    if folder:
        raise PaketError(f"Der Eintrag {name!r} ist ein Ordner-Eintrag; angenommen werden "
                         "hier nur Dateien. Wurde die Datei mit einem anderen Werkzeug neu "
                         "gepackt, bitte die ursprüngliche Datei verwenden oder ohne "
                         "Ordner-Einträge packen ('zip -r -D')")


#: what Windows treats as a device whatever the extension, beyond codes.WINDOWS_DEVICES
_MORE_DEVICES = ("conin$", "conout$", *(f"{port}{digit}" for port in ("com", "lpt")
                                        for digit in "¹²³"))
_DEVICES = frozenset((*WINDOWS_DEVICES, *_MORE_DEVICES))


def _windows_reason(parts: list[str]) -> str | None:
    for part in parts:
        if ":" in part:
            return "enthält ':' (unter Windows ein Laufwerk oder Datenstrom)"
        if part.endswith((".", " ")):
            return f"hat einen Abschnitt {part!r}, der auf '.' oder Leerzeichen endet"
        if part.split(".", 1)[0].rstrip(" ").casefold() in _DEVICES:
            return f"hat einen Abschnitt {part!r} mit einem Windows-Gerätenamen"
    return None


def fold(name: str) -> str:
    """The form under which two names are the same file on some file system (Windows and
    macOS fold case, macOS normalises Unicode, Windows drops a part's trailing dots and
    spaces: ``modelle./x`` is ``modelle/x`` there)."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return "/".join(part.rstrip(". ") for part in folded.split("/"))


def check_unique(entries: tuple[ZipEntry, ...]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        key = fold(entry.name)
        other = seen.get(key)
        if other is not None:
            how = "doppelt" if other == entry.name else f"neben '{other}' (nur Groß-/Klein" \
                "schreibung oder Unicode-Form verschieden)"
            raise PaketError(f"Eintrag '{entry.name}' steht {how} im Paket; auf manchen "
                             "Dateisystemen wäre das dieselbe Datei")
        seen[key] = entry.name


class EntryData:
    """The bytes an entry produced, fed chunk by chunk: counted as they arrive, its CRC
    and sha256 taken on the way (one pass over the data), held in chunks of at most
    :data:`CHUNK` bytes until the caller takes them.

    ``budget``: a running bound over several entries (the package's total), checked
    before a chunk is kept, never after a whole entry was read."""

    __slots__ = ("_chunks", "crc", "digest", "size")

    def __init__(self) -> None:
        import hashlib

        self._chunks: list[bytes] = []
        self.crc = 0
        self.digest = hashlib.sha256()
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.crc = crc32(chunk, self.crc)
        self.digest.update(chunk)
        self.size += len(chunk)
        self._chunks.append(chunk)

    def take(self) -> bytes:
        chunks, self._chunks = self._chunks, []
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)  # one chunk: no copy


def read_entry(handle: BinaryIO, entry: ZipEntry, max_bytes: int, data_end: int,
               budget: list[int] | None = None) -> tuple[EntryData, tuple[int, int]]:
    """The entry's bytes (with CRC checked and sha256 taken) and the span of the file they
    came from (for the overlap check).

    Streamed: the file is read in chunks of at most :data:`CHUNK` bytes and inflated in
    steps of at most that much output, so no read ever asks for a whole entry at once.
    ``max_bytes`` bounds what is read, whatever the headers say: the declared size is
    checked against it first, and every chunk is counted as it arrives (more than the
    declared size stops the read at the first byte too many). ``budget``: a one-element
    list of bytes still allowed over all entries (the package's total), decreased here.
    """
    if entry.size > max_bytes:
        raise PaketError(f"Eintrag '{entry.name}' entpackt laut Inhaltsverzeichnis zu "
                         f"{german_int(entry.size)} Bytes; erlaubt sind höchstens "
                         f"{german_int(max_bytes)}")
    handle.seek(entry.offset)
    head = handle.read(_LOCAL.size)
    if len(head) != _LOCAL.size:
        raise PaketError(f"Eintrag '{entry.name}' fehlt: die Datei ist abgeschnitten")
    sig, _, _, method, _, _, _, _, _, name_len, extra_len = _LOCAL.unpack(head)
    if sig != b"PK\x03\x04":
        raise PaketError(f"Eintrag '{entry.name}': kein Dateikopf an der angegebenen Stelle "
                         "(beschädigt oder manipuliert)")
    if handle.read(name_len) != entry.raw_name or method != entry.method:
        raise PaketError(f"Eintrag '{entry.name}': Dateikopf und Inhaltsverzeichnis nennen "
                         "verschiedene Namen oder Verfahren (manipuliert)")
    start = entry.offset + _LOCAL.size + name_len + extra_len
    end = start + entry.compressed
    if end > data_end:
        raise PaketError(f"Eintrag '{entry.name}' reicht über das Ende der Daten hinaus "
                         "(abgeschnitten oder manipuliert)")
    handle.seek(start)
    out = EntryData()
    sink = out.add if budget is None else _budgeted(out, budget, entry.name)
    if entry.method == STORED:
        _stored(handle, entry, sink)
    else:
        _inflated(handle, entry, sink)
    if out.size != entry.size:
        raise PaketError(f"Eintrag '{entry.name}' ist abgeschnitten oder kleiner als angegeben")
    if out.crc != entry.crc:
        raise PaketError(f"Eintrag '{entry.name}': die CRC-Prüfsumme stimmt nicht "
                         "(beschädigt oder verändert)")
    span_end = end + (_DESCRIPTOR_MIN if entry.flags & 0x0008 else 0)
    return out, (entry.offset, span_end)


def _budgeted(out: EntryData, budget: list[int], name: str) -> Callable[[bytes], None]:
    def add(chunk: bytes) -> None:
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise PaketError("Die Einträge entpacken zusammen zu mehr als "
                             f"{german_int(limits.MAX_PAKET_TOTAL_BYTES)} Bytes "
                             f"(bei '{name}'; mögliche ZIP-Bombe)")
        out.add(chunk)

    return add


def _stored(handle: BinaryIO, entry: ZipEntry, sink: Callable[[bytes], None]) -> None:
    if entry.compressed != entry.size:
        raise PaketError(f"Eintrag '{entry.name}': ungepackt, aber mit zwei verschiedenen "
                         "Größen angegeben (manipuliert)")
    left = entry.size
    while left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            raise PaketError(f"Eintrag '{entry.name}' ist abgeschnitten")
        left -= len(chunk)
        sink(chunk)


def _inflated(handle: BinaryIO, entry: ZipEntry, sink: Callable[[bytes], None]) -> None:
    inflater = zlib.decompressobj(-15)
    produced = 0
    left = entry.compressed
    pending = b""
    while not inflater.eof:
        if not pending and left > 0:
            pending = handle.read(min(CHUNK, left))
            if not pending:
                raise PaketError(f"Eintrag '{entry.name}' ist abgeschnitten")
            left -= len(pending)
        try:
            # at most one chunk, and at most one byte more than declared: enough to know
            # the header lied, never more than CHUNK bytes of output at once
            out = inflater.decompress(pending, min(CHUNK, entry.size - produced + 1))
        except zlib.error:
            raise PaketError(f"Eintrag '{entry.name}': die gepackten Daten sind "
                             "beschädigt") from None
        pending = inflater.unconsumed_tail
        produced += len(out)
        if produced > entry.size:
            raise PaketError(f"Eintrag '{entry.name}' entpackt zu mehr als den angegebenen "
                             f"{german_int(entry.size)} Bytes; die Angabe im Kopf ist falsch "
                             "(manipuliert, mögliche ZIP-Bombe)")
        consumed = entry.compressed - left - len(pending)
        if produced > limits.PAKET_RATIO_FLOOR and \
                produced > limits.MAX_PAKET_RATIO * max(consumed, 1):
            raise PaketError(f"Eintrag '{entry.name}' dehnt sich beim Entpacken mehr als "
                             f"{limits.MAX_PAKET_RATIO}-fach aus (mögliche ZIP-Bombe)")
        if out:
            sink(out)
        if not out and not pending and left == 0:
            break
    if not inflater.eof:
        raise PaketError(f"Eintrag '{entry.name}' ist abgeschnitten oder kleiner als angegeben")


def check_spans(spans: list[tuple[int, int]]) -> None:
    """Entries must not share bytes: overlapping entries expand one compressed block many
    times (a zip bomb without a large entry)."""
    spans.sort()
    for (_, end), (start, _) in pairwise(spans):
        if start < end:
            raise PaketError("Zwei Einträge teilen sich Daten (überlappende Einträge, "
                             "mögliche ZIP-Bombe)")
