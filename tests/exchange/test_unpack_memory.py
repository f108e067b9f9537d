"""Memory while unpacking stays bounded: measured with tracemalloc around ``read_package``
on real package files. An entry that expands to 1 GiB costs a few chunks before it is
refused; a large allowed entry costs about its own size (kept once it is verified), never
the package's or the declared limit's."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest
from zipbau import Raw, raw_zip, stored, zeros_deflated

from helpers import packed_example
from prozesskit.errors import PaketError
from prozesskit.exchange.entpacken import read_package
from prozesskit.exchange.manifest import MANIFEST_NAME

MIB = 1 << 20


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The entries of a real package of the example register (packed through the CLI)."""
    import zipfile

    out = packed_example(tmp_path_factory.mktemp("paket"))
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _package(path: Path, files: dict[str, bytes], extra: Raw, listed: tuple[int, str]) -> Path:
    manifest = json.loads(files[MANIFEST_NAME])
    manifest["dateien"].append({"pfad": extra.name, "groesse": listed[0], "sha256": listed[1]})
    entries = [stored(name, data) for name, data in files.items() if name != MANIFEST_NAME]
    path.write_bytes(raw_zip([stored(MANIFEST_NAME, json.dumps(manifest).encode()), *entries,
                              extra]))
    return path


def _peak(work: object) -> int:
    tracemalloc.start()
    try:
        work()  # type: ignore[operator]
    except PaketError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_an_entry_expanding_to_1_gib_is_refused_after_a_few_chunks(
        files: dict[str, bytes], tmp_path: Path) -> None:
    """Headers and manifest say 4 KiB; the deflate stream holds 1 GiB of zeros (about
    1 MB in the file). The read stops at the first byte past 4 KiB."""
    stream, crc = zeros_deflated(1024 * MIB)
    bomb = Raw("modelle/bombe.bpmn", stream, 8, crc, 4096)
    paket = _package(tmp_path / "bombe.zip", files, bomb, (4096, "0" * 64))
    with pytest.raises(PaketError, match=r"bombe\.bpmn"):
        read_package(paket)
    peak = _peak(lambda: read_package(paket))
    assert peak < 4 * MIB, peak  # the package is 1 MB, the entry 1 GiB


def test_a_large_allowed_entry_costs_about_its_own_size(
        files: dict[str, bytes], tmp_path: Path) -> None:
    """A 12 MiB model (allowed: up to 20 MB), deflated: verified in chunks and kept once."""
    rows = b"".join(f'  <task id="T{n}" name="Schritt {n * 7919 % 100003}"/>\n'.encode()
                    for n in range(12 * MIB // 40))
    model = b"<definitions>\n" + rows + b"</definitions>\n"
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = squeeze.compress(model) + squeeze.flush()
    entry = Raw("modelle/gross.bpmn", packed, 8, zlib.crc32(model), len(model))
    paket = _package(tmp_path / "gross.zip", files, entry,
                     (len(model), hashlib.sha256(model).hexdigest()))
    del rows, packed
    assert read_package(paket).files["modelle/gross.bpmn"] == model
    peak = _peak(lambda: read_package(paket))
    assert peak < 2.5 * len(model), (peak, len(model))
