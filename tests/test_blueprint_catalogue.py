"""The built-in Blaupausen-Katalog: sizes, validity, traceability and reproducibility."""

from __future__ import annotations

import csv
import gzip
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from prozesskit.errors import InputError
from prozesskit.init.catalogue import (
    Catalogue,
    builtin_root,
    derive,
    entry_sha256,
    load_catalogue,
)
from prozesskit.model.naming import GENERIC_VERBS, INFINITIVE, name_words
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.yamlio.edit import dump_text, load_text

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "tests" / "data" / "reference"
ROOT = REPO / "blueprints"
SIZES = {"kreis": 450, "stadt": 450, "gemeinde": 250}
GENERIC = GENERIC_VERBS
PLANS = {
    "leika-2019",
    "kreis-offenbach-2013",
    "stadt-wesel-2017",
    "stadt-freiburg-2017",
    "bw-kommunaler-produktplan-2016",
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(ROOT)


def _csv(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_builtin_root_is_source_checkout() -> None:
    assert builtin_root() == ROOT


def test_header(cat: Catalogue) -> None:
    assert cat.name == "nrw-kommunal"
    assert cat.land == "NW"
    assert cat.produktrahmen == "NKF-NRW"
    assert cat.blaupausen["kreisfreie-stadt"] == ("kreis", "stadt")
    assert "Nordrhein-Westfalen" in cat.header["aufgabenverteilung"]
    assert {q["id"] for q in cat.header["quellen"]} >= PLANS


@pytest.mark.parametrize("blaupause", sorted(SIZES))
def test_sizes_and_validity(cat: Catalogue, blaupause: str) -> None:
    derived = derive(cat, blaupause)
    assert len(derived) >= SIZES[blaupause]
    for steckbrief in derived:
        assert "ebenen" not in steckbrief
        assert "je_ebene" not in steckbrief
        Steckbrief.model_validate(steckbrief)


def test_kreisfreie_stadt_is_union_with_exceptions(cat: Catalogue) -> None:
    union = {s["id"] for s in derive(cat, "kreis")} | {s["id"] for s in derive(cat, "stadt")}
    excluded = {
        e.data["id"] for e in cat.entries if "kreisfreie-stadt" in e.data.get("nicht_in", ())
    }
    only = {e.data["id"] for e in cat.entries if e.data.get("nur_in") == ["kreisfreie-stadt"]}
    assert excluded and only
    assert {s["id"] for s in derive(cat, "kreisfreie-stadt")} == (union - excluded) | only


def test_je_ebene_override_and_bereiche_filter(cat: Catalogue) -> None:
    kreis = {s["id"]: s for s in derive(cat, "kreis", bereiche={"10"})}
    stadt = {s["id"]: s for s in derive(cat, "stadt", bereiche={"10"})}
    assert kreis["baugenehmigung-erteilen"]["organisationseinheit"] == "Bauaufsicht des Kreises"
    assert stadt["baugenehmigung-erteilen"]["organisationseinheit"] == "Bauordnungsamt"
    assert all(s["produkt"]["bereich"] == "10" for s in kreis.values())
    kfs = {s["id"]: s for s in derive(cat, "kreisfreie-stadt", bereiche={"10"})}
    # kreis and stadt disagree: the kreisfreie Stadt keeps the level-neutral value
    assert kfs["baugenehmigung-erteilen"]["organisationseinheit"] == "Bauaufsicht"


def test_unknown_blaupause_is_german_error(cat: Catalogue) -> None:
    with pytest.raises(InputError, match="gibt es im Katalog"):
        derive(cat, "bezirk")


def test_entry_sha256_is_stable(cat: Catalogue) -> None:
    first = derive(cat, "gemeinde")[0]
    assert entry_sha256(first) == entry_sha256(dict(reversed(list(first.items()))))
    assert re.fullmatch(r"[0-9a-f]{64}", entry_sha256(first))


def test_ids_and_names_unique_and_well_formed(cat: Catalogue) -> None:
    ids = Counter(e.data["id"] for e in cat.entries)
    names = Counter(e.data["name"] for e in cat.entries)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [i for i, n in names.items() if n > 1] == []
    for entry in cat.entries:
        last = name_words(entry.data["name"])[-1]
        assert INFINITIVE.match(last), entry.data["name"]
        assert last not in GENERIC, entry.data["name"]
        assert entry.ebenen <= {"kreis", "stadt", "gemeinde"}


def test_every_process_is_traceable(cat: Catalogue) -> None:
    leika = {row["leika"] for row in _csv("leika-2019.csv.gz")}
    keys: set[str] = set()
    for entry in cat.entries:
        quelle = entry.data["quelle"]
        if "leika" in quelle:
            assert quelle["leika"] in leika, entry.data["id"]
            assert entry.data["leika"] == quelle["leika"]
            keys.add(quelle["leika"])
        else:
            assert quelle["plan"] in PLANS, entry.data["id"]
            assert quelle["produkt"], entry.data["id"]
        if "leika" in entry.data:
            assert entry.data["leika"] in leika
    assert len(keys) >= 200


def test_produktbereiche_are_nkf_nrw(cat: Catalogue) -> None:
    codes = {row["code"] for row in _csv("produktbereiche.csv") if row["schema"] == "NKF-NRW"}
    for entry in cat.entries:
        assert entry.data["produkt"]["bereich"] in codes


def test_files_round_trip_byte_identical() -> None:
    files = sorted(ROOT.rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dump_text(load_text(text, str(path))) == text, path


def test_loader_reports_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "katalog.yaml").write_text(
        (ROOT / "katalog.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "prozesse").mkdir()
    target = tmp_path / "prozesse" / "01-innere-verwaltung.yaml"
    target.write_text("- id: a-b\n  name: X prüfen\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_catalogue(tmp_path)
    assert info.value.file == "prozesse/01-innere-verwaltung.yaml"
    assert info.value.line == 1
    assert "ebenen" in info.value.message


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "build_catalogue.py"),
            "--quellen",
            str(REFERENCE),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file())
    assert produced == committed
    for rel in produced:
        assert (tmp_path / rel).read_bytes() == (ROOT / rel).read_bytes(), rel


def _copy_catalogue(target: Path) -> None:
    target.mkdir(exist_ok=True)
    (target / "katalog.yaml").write_bytes((ROOT / "katalog.yaml").read_bytes())
    (target / "prozesse").mkdir()
    for path in (ROOT / "prozesse").glob("*.yaml"):
        (target / "prozesse" / path.name).write_bytes(path.read_bytes())


def test_catalogue_refuses_a_symlinked_file_pointing_outside(tmp_path: Path) -> None:
    """A catalogue from a foreign folder or repository: its katalog.yaml as a link to a
    file elsewhere on the machine is refused unread (before: followed and parsed)."""
    outside = tmp_path / "fremd"
    outside.mkdir()
    (outside / "geheim.yaml").write_bytes((ROOT / "katalog.yaml").read_bytes())
    root = tmp_path / "katalog"
    _copy_catalogue(root)
    (root / "katalog.yaml").unlink()
    (root / "katalog.yaml").symlink_to(outside / "geheim.yaml")
    with pytest.raises(InputError) as info:
        load_catalogue(root)
    assert info.value.file == "katalog.yaml"
    assert "symbolischer Link" in info.value.message
    assert "nicht gelesen" in info.value.message


def test_catalogue_refuses_a_listed_file_that_is_a_link(tmp_path: Path) -> None:
    root = tmp_path / "katalog"
    _copy_catalogue(root)
    listed = root / "prozesse" / "17-stiftungen.yaml"
    (root / "echt.yaml").write_bytes(listed.read_bytes())
    listed.unlink()
    listed.symlink_to(root / "echt.yaml")  # inside the catalogue, but still a link
    with pytest.raises(InputError) as info:
        load_catalogue(root)
    assert info.value.file == "prozesse/17-stiftungen.yaml"
    assert "symbolischer Link" in info.value.message


def test_catalogue_refuses_an_oversized_file_unread(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounded before the bytes are read (before: read_bytes() took the whole file)."""
    from prozesskit import limits

    root = tmp_path / "katalog"
    _copy_catalogue(root)
    big = root / "prozesse" / "17-stiftungen.yaml"
    with big.open("ab") as handle:
        handle.truncate(limits.MAX_YAML_BYTES + 1)  # sparse: nothing to allocate
    read_whole: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read_whole.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    with pytest.raises(InputError) as info:
        load_catalogue(root)
    assert info.value.file == "prozesse/17-stiftungen.yaml"
    assert "Blaupausen-Katalogs" in info.value.message
    assert "größer als die Grenze von 5.242.880 Bytes" in info.value.message
    assert big not in read_whole
