"""The site shows a process's variants (their names and LeiKa keys) and finds the process
by them: a reader looking for "Saisonkennzeichen" lands on "Kennzeichen zuteilen"."""

from __future__ import annotations

from pathlib import Path

from website_helpers import load_index, parse

from prozesskit.register.view import Register
from prozesskit.site import build_site
from prozesskit.site.search import search

MANIFEST = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S006" / \
    "valid-register" / "prozesskit.yaml"
STECKBRIEF = """\
id: kennzeichen-zuteilen
name: Kennzeichen zuteilen
produkt:
  bereich: "02"
organisationseinheit: Zulassungsstelle
leika: "99036009069000"
varianten:
  - leika: "99036009069006"
    name: Saisonkennzeichen
  - leika: "99036009069002"
    name: Oldtimerkennzeichen
"""


def test_process_page_lists_variants_and_search_finds_them(tmp_path: Path) -> None:
    register = tmp_path / "register"
    (register / "steckbriefe").mkdir(parents=True)
    (register / "prozesskit.yaml").write_bytes(MANIFEST.read_bytes())
    (register / "steckbriefe" / "kennzeichen-zuteilen.yaml").write_text(STECKBRIEF,
                                                                        encoding="utf-8")
    out = tmp_path / "public"
    build_site(Register.open(register), out)
    text = parse(out / "prozesse" / "kennzeichen-zuteilen.html").text_content()
    for expected in ("Varianten", "LeiKa-Schlüssel der Variante", "99036009069006",
                     "Saisonkennzeichen", "Name der Variante", "Oldtimerkennzeichen"):
        assert expected in text, expected
    index = load_index(out)
    for query in ("Saisonkennzeichen", "oldtimer", "99036009069006"):
        assert [page for page, _ in search(index, query)] == [
            "prozesse/kennzeichen-zuteilen.html"], query
