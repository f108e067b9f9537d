"""Unpacking streams: a large but allowed entry is read in bounded chunks, its size counted
as the bytes arrive, CRC and sha256 taken on the way. Asserted through the reads the file
sees (every request at most ``CHUNK`` bytes), not through timing or memory measurement."""

from __future__ import annotations

import hashlib
import io
import zlib

import pytest
from zipbau import Raw, raw_zip, stored

from prozesskit import limits
from prozesskit.errors import PaketError
from prozesskit.exchange import zipread
from prozesskit.exchange.zipread import CHUNK, read_directory, read_entry

MODEL = "modelle/gross.ist.bpmn"


def _model_bytes(size: int) -> bytes:
    """An XML-like model of about ``size`` bytes that deflates only moderately."""
    rows = []
    total = n = 0
    while total < size:
        rows.append(f'  <task id="Task_{n}" name="Schritt {n * 7919 % 100003} prüfen"/>\n'
                    .encode())
        total += len(rows[-1])
        n += 1
    return b"<definitions>\n" + b"".join(rows) + b"</definitions>\n"


class Recording(io.BytesIO):
    """A package file that remembers how much every read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.requests: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.requests.append(-1 if size is None else size)
        return super().read(size)


def _read(data: bytes, limit: int) -> tuple[zipread.EntryData, Recording]:
    handle = Recording(data)
    directory = read_directory(handle, len(data))
    (entry,) = directory.entries
    handle.requests.clear()
    out, _ = read_entry(handle, entry, limit, directory.start)
    return out, handle


@pytest.mark.parametrize("method", ["stored", "deflate"])
def test_large_allowed_entry_is_read_in_bounded_chunks(method: str) -> None:
    payload = _model_bytes(3 * 1024 * 1024)  # allowed (models up to 20 MB), 48 chunks
    assert len(payload) > 40 * CHUNK
    if method == "stored":
        raw = stored(MODEL, payload)
    else:
        squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = squeeze.compress(payload) + squeeze.flush()
        assert len(payload) < limits.MAX_PAKET_RATIO * len(packed)
        raw = Raw(MODEL, packed, 8, zlib.crc32(payload), len(payload))
    out, handle = _read(raw_zip([raw]), limits.MAX_BPMN_BYTES)
    # every read of the entry's data asked for at most one chunk, none for "everything"
    assert handle.requests and all(0 <= asked <= CHUNK for asked in handle.requests)
    assert max(len(chunk) for chunk in out._chunks) <= CHUNK  # inflated output too
    assert out.size == len(payload)
    assert out.digest.hexdigest() == hashlib.sha256(payload).hexdigest()
    assert out.take() == payload


def test_entry_larger_than_declared_stops_at_the_first_byte_too_many() -> None:
    """The directory says 1 MiB; the deflate stream holds 2 MiB: the read stops once the
    output passes the declared size, having inflated at most one chunk more."""
    payload = _model_bytes(2 * 1024 * 1024)
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = squeeze.compress(payload) + squeeze.flush()
    declared = 1024 * 1024
    raw = Raw(MODEL, packed, 8, zlib.crc32(payload), declared)
    handle = Recording(raw_zip([raw]))
    directory = read_directory(handle, len(handle.getvalue()))
    (entry,) = directory.entries
    handle.requests.clear()
    with pytest.raises(PaketError, match=r"mehr als den angegebenen 1\.048\.576 Bytes"):
        read_entry(handle, entry, limits.MAX_BPMN_BYTES, directory.start)
    consumed = sum(asked for asked in handle.requests if asked > 0)
    assert consumed < len(packed)  # never read the rest of the stream
    assert all(0 <= asked <= CHUNK for asked in handle.requests)


def test_stored_entry_shorter_than_declared_is_truncated() -> None:
    payload = _model_bytes(200_000)
    data = raw_zip([stored(MODEL, payload)])
    handle = io.BytesIO(data)
    directory = read_directory(handle, len(data))
    (entry,) = directory.entries
    with pytest.raises(PaketError, match="reicht über das Ende der Daten hinaus"):
        read_entry(handle, entry, limits.MAX_BPMN_BYTES, directory.start - 10)


@pytest.mark.parametrize(("name", "reason"), [
    ("", "ist leer"), ("modelle\\x.bpmn", "Backslash"), ("/etc/x.bpmn", "absoluter Pfad"),
    ("C:x.bpmn", "Laufwerksbuchstaben"), ("modelle/../../x.bpmn", "'..'"),
    ("modelle//x.bpmn", "leeren oder '.'"), ("../", "'..'"), ("modelle/../", "'..'"),
    ("./modelle/x.bpmn", "leeren oder '.'"), ("modelle/x\x00.bpmn", "Steuerzeichen"),
    ("modelle/x\n.bpmn", "Steuerzeichen"), ("modelle/x\x7f.bpmn", "Steuerzeichen"),
])
def test_check_path_refuses_every_escape(name: str, reason: str) -> None:
    with pytest.raises(PaketError, match="zip slip") as info:
        zipread.check_path(name)
    assert reason in str(info.value)


def test_check_path_refuses_a_folder_entry_without_calling_it_zip_slip() -> None:
    """A folder entry escapes nothing: its sentence says what it is and what to do."""
    with pytest.raises(PaketError) as info:
        zipread.check_path("modelle/")
    assert "zip slip" not in str(info.value)
    assert "'modelle/' ist ein Ordner-Eintrag" in str(info.value) and "zip -r -D" in str(
        info.value)


def test_check_path_accepts_plain_names() -> None:
    for name in ("steckbriefe/gewerbe-anmelden.yaml", "modelle/ä ö ü.ist.bpmn",
                 "modelle/unter/x..y.bpmn"):
        zipread.check_path(name)
