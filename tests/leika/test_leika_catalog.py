"""The packaged LeiKa catalogue: content, metadata, laziness and load time."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from prozesskit.leika.catalog import (
    LeikaCatalog,
    Leistung,
    load_catalog,
    parse_catalog,
    parse_rechtsgrundlage,
    typ_text,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE_CSV = ROOT / "tests" / "data" / "reference" / "leika-2019.csv.gz"


def test_size_and_metadata() -> None:
    catalog = load_catalog()
    assert len(catalog) == 4813
    assert catalog.stand == "2019"
    assert catalog.source == ("Leistungskatalog der öffentlichen Verwaltung (LeiKa), "
                              "FITKO / IT-Planungsrat, via OZG-Datenbank NRW (KDN)")
    assert "MIT" in catalog.licence


def test_get_contains_iter() -> None:
    catalog = load_catalog()
    gewerbe = catalog.get("99050012104000")
    assert isinstance(gewerbe, Leistung)
    assert gewerbe.bezeichnung == "Gewerbe Anmeldung"
    assert gewerbe.typisierung == "2/3"
    assert gewerbe.ozg_leistung == "Unternehmensanmeldung und -genehmigung"
    assert "99050012104000" in catalog
    assert "99107023037000" not in catalog  # Wohngeld key newer than 2019: unknown
    assert catalog.get("99107023037000") is None
    keys = [leistung.key for leistung in catalog]
    assert len(keys) == len(set(keys)) == len(catalog)


def test_leistung_is_frozen() -> None:
    gewerbe = load_catalog().get("99050012104000")
    assert gewerbe is not None
    with pytest.raises(AttributeError):
        gewerbe.bezeichnung = "x"  # type: ignore[misc]


def test_rechtsgrundlagen_parsed() -> None:
    gewerbe = load_catalog().get("99050012104000")
    assert gewerbe is not None
    assert gewerbe.rechtsgrundlagen[0] == (
        "§ 14 Gewerbeordnung (GewO)", "http://www.gesetze-im-internet.de/gewo/__14.html")
    assert gewerbe.rechtsgrundlagen[-1][0] == "Gewerbeanzeigeverordnung (GewAnzV)"


def test_rechtsgrundlage_with_commas_in_name_and_without_link() -> None:
    parsed = parse_rechtsgrundlage(
        "§§ 93, 94 SGB III [http://www.gesetze-im-internet.de/sgb_3/__93.html], Satzung")
    assert parsed == (("§§ 93, 94 SGB III", "http://www.gesetze-im-internet.de/sgb_3/__93.html"),
                      ("Satzung", None))
    assert parse_rechtsgrundlage("") == ()


def test_typ_text_in_words() -> None:
    assert typ_text("1") == "Regelungs- und Vollzugskompetenz Bund"
    assert typ_text("2/3") == "Regelung Bund, Vollzug Land oder Kommune"
    assert typ_text("1, 2/3") == ("Regelungs- und Vollzugskompetenz Bund; "
                                  "Regelung Bund, Vollzug Land oder Kommune")
    assert typ_text("") == "keine Angabe"


def test_parse_catalog_small() -> None:
    text = ("# stand: 2019\n# quelle: Test\nleika\tbezeichnung\n"
            "99000000000001\tEins\n99000000000002\tZwei\t5\n")
    catalog = parse_catalog(text)
    assert isinstance(catalog, LeikaCatalog)
    assert len(catalog) == 2 and catalog.stand == "2019" and catalog.source == "Test"
    zwei = catalog.get("99000000000002")
    assert zwei is not None and zwei.typisierung == "5" and zwei.rechtsgrundlage == ""


def test_import_does_not_load_catalogue() -> None:
    code = ("import sys, prozesskit, prozesskit.leika, prozesskit.rules.context;"
            "print('prozesskit.leika.catalog' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT / "src")})
    assert out.stdout.strip() == "False"


def test_load_is_cached() -> None:
    load_catalog.cache_clear()
    first = load_catalog()
    assert load_catalog() is first


def test_package_data_is_up_to_date(tmp_path: Path) -> None:
    """The packaged file is exactly what tools/build_leika.py makes from the source CSV."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_leika
    finally:
        sys.path.remove(str(ROOT / "tools"))
    out = tmp_path / "leika.tsv.gz"
    build_leika.build(SOURCE_CSV, out)
    packaged = ROOT / "src" / "prozesskit" / "data" / "leika-2019.tsv.gz"
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(packaged.read_bytes())
