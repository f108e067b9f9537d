"""Hostile and damaged packages: each is refused with a German message, exit 2, and the
target register is left exactly as it was. The zips are built here: with ``zipfile`` from a
real package, by raw byte edits, or raw (``zipbau``) where zipfile will not lie."""

from __future__ import annotations

import hashlib
import json
import stat
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from ziele import fresh_register, tree
from zipbau import Raw, many_entries, raw_zip, stored, zeros_deflated

from helpers import packed_example, run_cli
from prozesskit.errors import PaketError
from prozesskit.exchange.entpacken import read_package
from prozesskit.exchange.manifest import MANIFEST_NAME

STECKBRIEF = "steckbriefe/geburt-beurkunden.yaml"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real package of the example register (packed through the CLI)."""
    return packed_example(tmp_path_factory.mktemp("gut")).read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(_bytes_file(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _bytes_file(data: bytes) -> object:
    import io

    return io.BytesIO(data)


def rezip(files: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    import io

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates we want
        with zipfile.ZipFile(buffer, "w") as archive:
            for info, data in files:
                archive.writestr(info, data)
    return buffer.getvalue()


def manifest_with(files: dict[str, bytes], extra: dict[str, bytes]) -> bytes:
    """The good manifest, listing ``extra`` files too (sizes and hashes right)."""
    manifest = json.loads(files[MANIFEST_NAME])
    for name, data in extra.items():
        manifest["dateien"].append({"pfad": name, "groesse": len(data),
                                    "sha256": hashlib.sha256(data).hexdigest()})
    return json.dumps(manifest).encode()


def _tampered_content(good: bytes) -> bytes:
    files = members(good)
    files[STECKBRIEF] = files[STECKBRIEF].replace(b"Geburt", b"Tod   ")
    return rezip(list(files.items()))  # CRC right, sha256 in the manifest wrong


def _flipped_byte(good: bytes) -> bytes:
    at = good.index(b"Geburt beurkunden")
    return good[:at] + b"X" + good[at + 1:]  # raw edit: CRC no longer matches


def _with_entry(name: str, data: bytes = b"<x/>", *, listed: bool = True,
                mode: int | None = None) -> Callable[[bytes], bytes]:
    def build(good: bytes) -> bytes:
        files = members(good)
        if listed:
            files[MANIFEST_NAME] = manifest_with(files, {name: data})
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.create_system = 3
            info.external_attr = mode << 16
        return rezip([*files.items(), (info, data)])
    return build


def _folder(name: str, data: bytes = b"", *, mode: int = stat.S_IFDIR | 0o755,
            dos: int = 0x10) -> Callable[[bytes], bytes]:
    """The good package plus one folder entry (as ``zip -r`` or Explorer write it)."""
    def build(good: bytes) -> bytes:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = mode << 16 | dos
        return rezip([*members(good).items(), (info, data)])
    return build


def _wrapped(good: bytes) -> bytes:
    """Re-zipped together with the folder it was unpacked into (``zip -r x.zip aus``)."""
    return rezip([(f"aus/{name}", data) for name, data in members(good).items()])


def _duplicate(second: str) -> Callable[[bytes], bytes]:
    def build(good: bytes) -> bytes:
        files = members(good)
        return rezip([*files.items(), (second, files[STECKBRIEF])])
    return build


def _bomb(listed_size: int) -> Callable[[bytes], bytes]:
    """An entry that really expands to 1 GiB + 1 MiB of zeros (about 1 MB on disk), its
    headers saying so, the manifest listing it with ``listed_size``."""
    def build(good: bytes) -> bytes:
        files = members(good)
        stream, crc = zeros_deflated(1025 << 20)
        manifest = json.loads(files[MANIFEST_NAME])
        manifest["dateien"].append({"pfad": "modelle/bombe.bpmn", "groesse": listed_size,
                                    "sha256": "0" * 64})
        files[MANIFEST_NAME] = json.dumps(manifest).encode()
        entries = [stored(name, data) for name, data in files.items()]
        entries.append(Raw("modelle/bombe.bpmn", stream, 8, crc, 1025 << 20))
        return raw_zip(entries)
    return build


def _lying_header(good: bytes) -> bytes:
    """The headers and the manifest say 1,000 bytes; the stream expands to 64 MiB."""
    files = members(good)
    stream, crc = zeros_deflated(64 << 20)
    name = "modelle/luege.bpmn"
    manifest = json.loads(files[MANIFEST_NAME])
    manifest["dateien"].append({"pfad": name, "groesse": 1000, "sha256": "0" * 64})
    files[MANIFEST_NAME] = json.dumps(manifest).encode()
    entries = [stored(n, data) for n, data in files.items()]
    entries.append(Raw(name, stream, 8, crc, 1000))
    return raw_zip(entries)


def _truncated(keep: float) -> Callable[[bytes], bytes]:
    return lambda good: good[: int(len(good) * keep)]


def _not_a_package(good: bytes) -> bytes:
    files = members(good)
    del files[MANIFEST_NAME]
    return rezip(list(files.items()))


def _overlapping(good: bytes) -> bytes:
    """Entry B's header and data lie inside entry A's data: each entry alone is perfect
    (names, CRCs, sizes, sha256 all agree), but the bytes are counted twice (the
    overlapping-entries zip bomb)."""
    from zipbau import CENTRAL, END, LOCAL

    inner = b"<b/>"
    b_local = LOCAL.pack(b"PK\x03\x04", 20, 0x800, 0, 0, 0x21, zlib.crc32(inner), len(inner),
                         len(inner), len(b"modelle/b.bpmn"), 0) + b"modelle/b.bpmn" + inner
    outer = b_local
    files = members(good)
    files[MANIFEST_NAME] = manifest_with(files, {"modelle/a.bpmn": outer,
                                                 "modelle/b.bpmn": inner})
    body = bytearray()
    central = bytearray()
    for name, data in [*files.items(), ("modelle/a.bpmn", outer)]:
        raw = name.encode()
        offset = len(body)
        body += LOCAL.pack(b"PK\x03\x04", 20, 0x800, 0, 0, 0x21, zlib.crc32(data), len(data),
                           len(data), len(raw), 0) + raw + data
        central += CENTRAL.pack(b"PK\x01\x02", (3 << 8) | 20, 20, 0x800, 0, 0, 0x21,
                                zlib.crc32(data), len(data), len(data), len(raw), 0, 0, 0, 0,
                                0o100644 << 16, offset) + raw
    b_offset = offset + LOCAL.size + len(b"modelle/a.bpmn")
    central += CENTRAL.pack(b"PK\x01\x02", (3 << 8) | 20, 20, 0x800, 0, 0, 0x21,
                            zlib.crc32(inner), len(inner), len(inner), len(b"modelle/b.bpmn"),
                            0, 0, 0, 0, 0o100644 << 16, b_offset) + b"modelle/b.bpmn"
    count = len(files) + 2
    return bytes(body + central + END.pack(b"PK\x05\x06", 0, 0, count, count, len(central),
                                           len(body), 0))


CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "verändert": (_tampered_content, "wurde verändert: ihre SHA-256-Prüfsumme stimmt nicht"),
    "byte gekippt": (_flipped_byte, "die CRC-Prüfsumme stimmt nicht"),
    "zip slip ../": (_with_entry("../boese.bpmn"), "führt mit '..' aus dem Zielordner"),
    "zip slip tief": (_with_entry("modelle/../../boese.bpmn"), "führt mit '..' aus dem"),
    "absolut": (_with_entry("/tmp/boese.bpmn"), "ist ein absoluter Pfad"),
    "laufwerk": (_with_entry("C:\\boese.bpmn"), "Backslash"),
    "laufwerk vorwärts": (_with_entry("C:/boese.bpmn"), "beginnt mit einem Laufwerksbuchstaben"),
    "backslash": (_with_entry("modelle\\boese.bpmn"), "enthält einen Backslash"),
    "symlink": (_with_entry("modelle/link.bpmn", b"/etc/passwd", mode=stat.S_IFLNK | 0o777),
                "ist ein symbolischer Link"),
    "gerät": (_with_entry("modelle/geraet.bpmn", b"", mode=stat.S_IFCHR | 0o644),
              "ein Geräte-, FIFO- oder Socket-Eintrag"),
    "doppelt": (_duplicate(STECKBRIEF), "steht doppelt im Paket"),
    "groß/klein": (_duplicate(STECKBRIEF.upper()), "nur Groß-/Kleinschreibung"),
    "nicht im manifest": (_with_entry("modelle/extra.bpmn", listed=False),
                          "Eintrag 'modelle/extra.bpmn' steht nicht im Manifest"),
    "versteckt": (_with_entry(".gitlab-ci.yml"), "verborgenen Ordner"),
    "andere datei": (_with_entry("skripte/los.sh"), "weder ein Steckbrief"),
    "bombe 1 GiB": (_bomb(1000), "entpackt laut Inhaltsverzeichnis zu 1.074.790.400 Bytes"),
    "bombe 1 GiB im manifest": (_bomb(1025 << 20), "ist laut Manifest 1.074.790.400 Bytes "
                                "groß; erlaubt sind höchstens 20.971.520"),
    "kopf lügt": (_lying_header, "entpackt zu mehr als den angegebenen 1.000 Bytes"),
    "100.000 einträge": (lambda good: many_entries(100_000),
                         "Es enthält 100.000 Einträge; erlaubt sind höchstens 20.000"),
    "abgeschnitten hinten": (_truncated(0.99), "Inhaltsverzeichnis am Dateiende fehlt"),
    "abgeschnitten halb": (_truncated(0.5), "Inhaltsverzeichnis am Dateiende fehlt"),
    "leer": (lambda good: b"", "zu kurz für eine ZIP-Datei"),
    "kein paket": (_not_a_package, "kein prozesskit-Paket: prozesskit-paket.json fehlt"),
    "überlappend": (_overlapping, "Zwei Einträge teilen sich Daten"),
    # Windows reads these as another file, a device or a data stream (review finding 3)
    "ordner mit punkt": (_with_entry("modelle./baugenehmigung-erteilen.soll.bpmn"),
                         "hat einen Abschnitt 'modelle.', der auf '.' oder Leerzeichen endet"),
    "leerzeichen am ende": (_with_entry("modelle/x.bpmn "), "auf '.' oder Leerzeichen endet"),
    "gerät CON": (_with_entry("modelle/CON.bpmn"),
                  "hat einen Abschnitt 'CON.bpmn' mit einem Windows-Gerätenamen"),
    "gerät aux": (_with_entry("modelle/aux.ist.bpmn"), "mit einem Windows-Gerätenamen"),
    "gerät com1 ordner": (_with_entry("com1/x.bpmn"), "mit einem Windows-Gerätenamen"),
    "gerät lpt²": (_with_entry("modelle/lpt².bpmn"), "mit einem Windows-Gerätenamen"),
    "gerät nul steckbrief": (_with_entry("steckbriefe/nul.yaml"),
                             "mit einem Windows-Gerätenamen"),
    "datenstrom": (_with_entry("modelle/x.bpmn:stream.bpmn"),
                   "enthält ':' (unter Windows ein Laufwerk oder Datenstrom)"),
    "doppelt bis auf punkt": (_duplicate(STECKBRIEF.replace("/", "./")),
                              "hat einen Abschnitt 'steckbriefe.'"),
    "ordner ohne datei": (_folder("skripte/"), "Der Ordner-Eintrag 'skripte/' gehört zu "
                          "keiner Datei des Manifests; ein Paket enthält nur Steckbriefe und "
                          "Modelle. Bitte das ursprüngliche Paket verwenden"),
    "ordner mit inhalt": (_folder("modelle/", b"x"), "Der Eintrag 'modelle/' ist ein "
                          "Ordner-Eintrag; angenommen werden hier nur Dateien. Wurde die Datei "
                          "mit einem anderen Werkzeug neu gepackt, bitte die ursprüngliche "
                          "Datei verwenden oder ohne Ordner-Einträge packen ('zip -r -D')"),
    "ordner als link": (_folder("modelle/", mode=stat.S_IFLNK | 0o777, dos=0),
                        "Der Eintrag 'modelle/' ist ein Ordner-Eintrag"),
    "ordner zip slip": (_folder("../"), "führt mit '..' aus dem Zielordner hinaus"),
    "ordner absolut": (_folder("/tmp/"), "ist ein absoluter Pfad"),
    "samt ordner gepackt": (_wrapped, "prozesskit-paket.json liegt nicht oben, sondern als "
                            "'aus/prozesskit-paket.json' in einem Ordner"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_package_is_refused_and_nothing_written(
        case: str, good: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    build, message = CASES[case]
    paket = tmp_path / "paket.zip"
    paket.write_bytes(build(good))
    target = fresh_register(tmp_path / "ziel")
    before = tree(target)
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2, (out, err)
    assert message in err
    assert err.startswith(f"Fehler: Paket '{paket}' wird nicht angenommen: ")
    assert "Es wurde nichts geschrieben." in err and "Traceback" not in err
    assert tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paket.zip", "ziel"]


def test_good_package_passes_the_same_checks(good: bytes, tmp_path: Path) -> None:
    """The hostile cases fail for their defect, not because every package fails."""
    paket = tmp_path / "gut.zip"
    paket.write_bytes(good)
    assert len(read_package(paket).files) == 10
    # the same content written by zipfile with deflate: a foreign tool's repack is read
    recompressed = tmp_path / "deflate.zip"
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members(good).items():
            archive.writestr(name, data)
    recompressed.write_bytes(buffer.getvalue())
    assert read_package(recompressed).files == read_package(paket).files


def test_package_rezipped_with_folder_entries_is_read(
        good: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``zip -r`` (Unix mode), Explorer and 7-Zip (DOS folder attribute) put an empty entry
    in front of each folder: they write nothing, so the package is read as packed."""
    files = members(good)
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = []
    for folder, system, attr in (("steckbriefe/", 3, (stat.S_IFDIR | 0o755) << 16 | 0x10),
                                 ("modelle/", 0, 0x10)):
        info = zipfile.ZipInfo(folder)
        info.create_system, info.external_attr = system, attr
        entries.append((info, b""))
    paket = tmp_path / "neu-gepackt.zip"
    paket.write_bytes(rezip([*entries, *files.items()]))
    original = tmp_path / "gut.zip"
    original.write_bytes(good)
    assert read_package(paket).files == read_package(original).files
    target = fresh_register(tmp_path / "ziel")
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target), "--force"],
                             monkeypatch, capsys)
    assert code == 0, (out, err)
    assert (target / STECKBRIEF).read_bytes() == files[STECKBRIEF]
    assert not (target / "steckbriefe" / "steckbriefe").exists()


def test_a_newer_format_version_says_so_in_one_sentence_ending_once(
        good: bytes, tmp_path: Path) -> None:
    files = members(good)
    manifest = json.loads(files[MANIFEST_NAME])
    files[MANIFEST_NAME] = json.dumps({**manifest, "formatversion": 4}).encode()
    paket = tmp_path / "neu.zip"
    paket.write_bytes(rezip(list(files.items())))
    with pytest.raises(PaketError) as info:
        read_package(paket)
    message = str(info.value)
    assert message.endswith("liest die Versionen 1, 2, 3. Bitte prozesskit aktualisieren. Es "
                            "wurde nichts geschrieben."), message
    assert ".." not in message


def test_ratio_limit_stops_a_bomb_that_declares_a_small_truthful_size(tmp_path: Path) -> None:
    """Within the per-file size, a stream far more compressible than any model is refused
    while it expands."""
    stream, crc = zeros_deflated(4 << 20)
    data_manifest = {"format": "prozesskit-paket", "formatversion": 1, "prozesskit": "0.1.0",
                     "quelle": {}, "prozesse": [], "pruefung": {"fehler": 0, "warnungen": 0},
                     "dateien": [{"pfad": "modelle/null.bpmn", "groesse": 4 << 20,
                                  "sha256": hashlib.sha256(bytes(4 << 20)).hexdigest()}]}
    paket = tmp_path / "ratio.zip"
    paket.write_bytes(raw_zip([stored(MANIFEST_NAME, json.dumps(data_manifest).encode()),
                               Raw("modelle/null.bpmn", stream, 8, crc, 4 << 20)]))
    with pytest.raises(PaketError, match="mehr als 200-fach aus"):
        read_package(paket)
    assert zlib.crc32(bytes(4 << 20)) == crc


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>\n'
          b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</definitions>\n')


@pytest.mark.parametrize(("name", "data", "message"), [
    ("modelle/lachen.bpmn", LAUGHS, "DOCTYPE"),
    ("modelle/kaputt.bpmn", b"<definitions><process></definitions>", "modelle/kaputt.bpmn:"),
])
def test_hostile_model_content_is_refused_and_nothing_written(
        name: str, data: bytes, message: str, good: bytes, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A package whose ZIP and checksums are fine but whose model the safe BPMN parser
    refuses (entities, not XML): unpack checks the contained models before writing."""
    paket = tmp_path / "paket.zip"
    paket.write_bytes(_with_entry(name, data)(good))
    target = fresh_register(tmp_path / "ziel")
    before = tree(target)
    code, out, err = run_cli(["unpack", str(paket), "--ziel", str(target)], monkeypatch, capsys)
    assert code == 2, (out, err)
    assert message in err and "--mit-fehlern" in err and "Traceback" not in err
    assert "es wurde nichts geschrieben" in err
    assert tree(target) == before


def test_checks_split_over_a_forked_child_find_the_same_problems(
        good: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large package's files are checked half here, half in a forked child (forced on
    for this small one): the problems of both halves come back, as one process finds them."""
    import os

    import prozesskit.validation.pool as pool
    from prozesskit.exchange import entpacken

    broken = _with_entry("modelle/kaputt.bpmn", b"<definitions><process></definitions>")(good)
    paket = tmp_path / "paket.zip"  # sorted: kaputt here, lachen in the child
    paket.write_bytes(_with_entry("modelle/lachen.bpmn", LAUGHS)(broken))
    package = read_package(paket)
    alone = entpacken.content_problems(package, entpacken.package_register(package))
    assert sorted({p.file for p in alone}) == ["modelle/kaputt.bpmn", "modelle/lachen.bpmn"]
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(entpacken, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    # the session's Playwright driver (browser tests) keeps an asyncio watcher thread alive
    monkeypatch.setattr("prozesskit.forkpair.other_threads_running", lambda: False)
    assert entpacken.checked(package) == alone
    assert len(forks) == 1
    monkeypatch.setattr(pool, "usable_cpus", lambda: 1)
    assert entpacken.checked(package) == alone and len(forks) == 1


def test_duplicate_check_folds_what_windows_folds() -> None:
    """Windows drops a part's trailing dots and spaces: ``modelle./x`` is ``modelle/x``."""
    from prozesskit.exchange.zipread import fold

    assert fold("modelle./X.bpmn") == fold("modelle/x.bpmn") == fold("Modelle /x.bpmn ")
    assert fold("modelle/x.bpmn") != fold("modelle/y.bpmn")


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    """Review finding F10 (session 11): a FIFO refused as no regular file was opened again,
    blocking, to look for an XProzess message in it: unpack hung until a writer came."""
    import os
    import threading

    fifo = tmp_path / "paket.zip"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_package(fifo)
        except BaseException as exc:  # the refusal is what the test looks at
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # release the blocked open so that the test run can go on
        with open(fifo, "wb"):
            pass
        reader.join(timeout=20)
        pytest.fail("read_package wartet an der FIFO")
    assert len(outcome) == 1 and isinstance(outcome[0], PaketError)
    assert "keine gewöhnliche Datei" in str(outcome[0])
