"""Build the packaged LeiKa catalogue ``src/prozesskit/data/leika-2019.tsv.gz``.

Why a generated file: the reference CSV (1.3 MB, quoted CSV) is too large and too
slow to parse for the wheel; a gzip'd TSV with a ``#`` header is about a tenth of the size,
loads in a few milliseconds and still carries its Stand, source and licence so that the
package says where its data comes from. The output is reproducible (gzip mtime 0, no
build date): rebuilding from the same CSV gives the same bytes.

Usage (the CSV may be gzip'd; by default the copy in ``tests/data/reference/``)::

    python tools/build_leika.py [CSV] [OUT]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT / "tests" / "data" / "reference" / "leika-2019.csv.gz"
DEFAULT_OUT = ROOT / "src" / "prozesskit" / "data" / "leika-2019.tsv.gz"

COLUMNS = ("leika", "bezeichnung", "typisierung", "ozg_id", "ozg_leistung", "lebenslage",
           "themenfeld", "rechtsgrundlage")
STAND = "2019"
SOURCE = ("Leistungskatalog der öffentlichen Verwaltung (LeiKa), FITKO / IT-Planungsrat, "
          "via OZG-Datenbank NRW (KDN)")
ORIGIN = ("kdn-nrw/OZG-Datenbank-NRW d6dafea5, doc-dev/databases/symfony.data.sql "
          "(Zeilen mit gültigem, eindeutigem Schlüssel; Werte nur um Leerraum an den "
          "Rändern gekürzt)")
LICENCE = "MIT (KDN – Dachverband kommunaler IT-Dienstleister NRW)"


def read_source(csv_path: Path) -> bytes:
    """The CSV's bytes; the repository keeps it gzip'd (a tenth of 1.3 MB)."""
    raw = csv_path.read_bytes()
    return gzip.decompress(raw) if csv_path.suffix == ".gz" else raw


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    """Read and sanity-check the CSV; a malformed row stops the build instead of shipping."""
    text = read_source(csv_path).decode("utf-8")
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"unerwartete Spalten in {csv_path}: {reader.fieldnames}")
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    seen: set[str] = set()
    for row in rows:
        key = row["leika"]
        if len(key) != 14 or not key.isdigit() or not key.startswith("99") or key in seen:
            raise SystemExit(f"ungültiger oder doppelter Schlüssel: {key!r}")
        seen.add(key)
        if any(ch in value for value in row.values() for ch in "\t\r\n"):
            raise SystemExit(f"Steuerzeichen in Zeile {key}")
    return sorted(rows, key=lambda row: row["leika"])


def render(rows: list[dict[str, str]], source_sha256: str) -> str:
    """TSV text: ``#`` header lines (key: value), a column line, one line per Leistung."""
    header = [
        f"# stand: {STAND}",
        f"# quelle: {SOURCE}",
        f"# herkunft: {ORIGIN}",
        f"# lizenz: {LICENCE}",
        f"# csv_sha256: {source_sha256}",
        f"# anzahl: {len(rows)}",
        "\t".join(COLUMNS),
    ]
    body = ["\t".join(row[column] for column in COLUMNS) for row in rows]
    return "\n".join(header + body) + "\n"


def build(csv_path: Path, out_path: Path) -> int:
    rows = read_rows(csv_path)
    digest = hashlib.sha256(read_source(csv_path)).hexdigest()
    text = render(rows, digest)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(buffer.getvalue())
    return len(rows)


def main(argv: list[str]) -> int:
    csv_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    count = build(csv_path, out_path)
    print(f"{count} Leistungen -> {out_path} ({out_path.stat().st_size} Bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
