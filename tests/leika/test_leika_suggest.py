"""Suggestions for Steckbriefe without key, and writing keys through the ruamel path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prozesskit.errors import InputError
from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.search import index_for
from prozesskit.leika.suggest import (
    THRESHOLD,
    Naming,
    apply_suggestions,
    best_choices,
    named_terms,
    objekt_coverage,
    suggest,
    suggest_register,
)
from prozesskit.register.discover import register_root
from prozesskit.yamlio.read import parse_yaml

REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "leika-register"

#: Steckbriefe of the fixture register whose best proposal we assert, and why it is right.
EXPECTED = {
    # "Gewerbeanmeldung entgegennehmen" → Gewerbe Anmeldung
    "steckbriefe/ordnung/gewerbeanmeldung.yaml": "99050012104000",
    # "Fahrzeug zulassen (Neuzulassung)" → Kraftfahrzeug Zulassung (not a Detail variant)
    "steckbriefe/ordnung/kfz-neuzulassung.yaml": "99036008007000",
    # "Personalausweis ausstellen" → Personalausweis Ausstellung
    "steckbriefe/buergerdienste/personalausweis.yaml": "99008001012000",
    # "Wohngeld bewilligen" → Wohngeld Bewilligung
    "steckbriefe/soziales/wohngeld.yaml": "99107023017000",
}


@pytest.fixture
def register(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(REGISTER, target)
    return target


def test_suggest_scores_are_normalised(catalog: LeikaCatalog) -> None:
    hits = suggest(catalog, {"name": "Gewerbe anmelden"}, limit=3)
    assert hits[0].leistung.key == "99050012104000"
    assert all(0.0 <= hit.score <= 1.0 for hit in hits)
    # the proposal has the best evidence; the alternatives follow the learned order
    assert hits[0].score == max(h.score for h in hits) >= THRESHOLD


def test_suggest_threshold(catalog: LeikaCatalog) -> None:
    assert suggest(catalog, {"name": "Interne Sitzungsvorlagen ablegen"}) == []
    assert suggest(catalog, {"name": ""}) == []
    low = suggest(catalog, {"name": "Interne Sitzungsvorlagen ablegen"}, min_score=0.0)
    assert low and all(hit.score < THRESHOLD for hit in low)


def test_suggest_uses_ozg_and_rechtsgrundlagen(catalog: LeikaCatalog) -> None:
    plain = suggest(catalog, {"name": "Personalausweis ausstellen"})[0]
    rich = suggest(catalog, {
        "name": "Personalausweis ausstellen",
        "ozg": {"leistung": "Personalausweis"},
        "rechtsgrundlagen": [{"name": "Personalausweisgesetz (PAuswG)"}],
    })[0]
    assert plain.leistung.key == rich.leistung.key == "99008001012000"
    assert rich.score > plain.score


def test_suggest_lenient_on_broken_fields(catalog: LeikaCatalog) -> None:
    hits = suggest(catalog, {"name": "Wohngeld bewilligen", "ozg": "kaputt",
                             "rechtsgrundlagen": "kein Array"})
    assert hits[0].leistung.key == "99107023017000"


def test_register_proposals(catalog: LeikaCatalog) -> None:
    vorschlaege = {v.file: v for v in suggest_register(REGISTER, catalog)}
    # the Steckbrief that already has a key is not listed
    assert "steckbriefe/buergerdienste/meldebescheinigung.yaml" not in vorschlaege
    assert len(vorschlaege) == 7
    for file, key in EXPECTED.items():
        best = vorschlaege[file].best
        assert best is not None and best.leistung.key == key, (file, vorschlaege[file].hits)
    # Hundesteuer: LeiKa 2019 has no "Hundesteuer Anmeldung"; the Leistungsobjekt is best
    hund = vorschlaege["steckbriefe/ordnung/hundesteuer-anmeldung.yaml"].best
    assert hund is not None and hund.leistung.key == "99102013000000"
    # nothing fits an internal process
    assert vorschlaege["steckbriefe/soziales/ratsbeschluesse-archivieren.yaml"].hits == ()


def test_register_root() -> None:
    assert register_root(REGISTER / "steckbriefe" / "ordnung") == REGISTER.resolve()
    with pytest.raises(InputError):
        register_root(Path("/"))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_apply_inserts_after_organisationseinheit_keeping_everything(register: Path) -> None:
    path = register / "steckbriefe/ordnung/gewerbeanmeldung.yaml"
    before = _lines(path)
    changed = apply_suggestions(register, {"steckbriefe/ordnung/gewerbeanmeldung.yaml":
                                           "99050012104000"})
    assert changed == [path.resolve()]
    after = _lines(path)
    assert len(after) == len(before) + 1
    at = next(i for i, line in enumerate(before) if line.startswith("organisationseinheit:"))
    assert after[at + 1] == 'leika: "99050012104000"\n'
    assert after[: at + 1] + after[at + 2 :] == before  # every other line byte-identical
    assert before[0].startswith("# Steckbrief Gewerbeanmeldung")  # comments survive
    assert after[at].endswith("# FB 32\n")
    doc, problems = parse_yaml(path.read_bytes(), "x")
    assert doc is not None and not problems
    assert doc.data["leika"] == "99050012104000"  # a string, not a number


def test_apply_after_produkt_and_full_line_comment(register: Path) -> None:
    path = register / "steckbriefe/neu.yaml"
    text = ("id: ohne-oe\n"
            "name: Hund anmelden\n"
            "produkt:\n"
            "  bereich: '01'   # Innere Verwaltung\n"
            "# --- Zuordnung ---\n"
            "beteiligte:\n"
            "  - Hundehalter\n")
    path.write_text(text, encoding="utf-8")
    apply_suggestions(register, {path: "99110009104000"})
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    inserted = [line for line in after if line.startswith("leika:")]
    assert inserted == ['leika: "99110009104000"\n']
    rest = [line for line in after if not line.startswith("leika:")]
    assert rest == text.splitlines(keepends=True)
    assert after.index(inserted[0]) > after.index("  bereich: '01'   # Innere Verwaltung\n")


def test_apply_replaces_existing_and_skips_unchanged(register: Path) -> None:
    path = register / "steckbriefe/buergerdienste/meldebescheinigung.yaml"
    before = path.read_text(encoding="utf-8")
    assert apply_suggestions(register, {path: "99115001012000"}) == []
    assert path.read_text(encoding="utf-8") == before
    assert apply_suggestions(register, {path: "99115003000000"}) == [path.resolve()]
    assert path.read_text(encoding="utf-8") == before.replace("99115001012000",
                                                              "99115003000000")


def test_apply_keeps_bom(register: Path) -> None:
    path = register / "steckbriefe/soziales/wohngeld.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    apply_suggestions(register, {path: "99107023017000"})
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_apply_refuses_bad_input_before_writing(register: Path) -> None:
    path = register / "steckbriefe/soziales/wohngeld.yaml"
    before = path.read_bytes()
    mixed: dict[str | Path, str] = {path: "99107023017000", "../draussen.yaml": "99107023017000"}
    with pytest.raises(InputError):
        apply_suggestions(register, mixed)
    with pytest.raises(InputError):
        apply_suggestions(register, {path: "12345"})
    assert path.read_bytes() == before


def test_best_choices_writes_only_above_threshold(register: Path,
                                                  catalog: LeikaCatalog) -> None:
    choices = best_choices(suggest_register(register, catalog))
    assert "steckbriefe/soziales/ratsbeschluesse-archivieren.yaml" not in choices
    apply_suggestions(register, choices)
    assert suggest_register(register, catalog) == [
        v for v in suggest_register(register, catalog) if v.best is None]


@pytest.mark.parametrize(("name", "wrong"), [
    # only the Verrichtung is shared: a fee is no Veranstaltung, a Bebauungsplan no Führerschein
    ("Rettungsdienstgebühren festsetzen", "99050032002000"),
    ("Bebauungsplan ändern", "99023001011000"),
    ("Krisenstab einberufen", "99066007188000"),
    # the verb's stem is the object's: maintaining a website asks for no "Hilfe zur Pflege"
    ("Internetauftritt redaktionell pflegen", "99107014000000"),
    ("Social-Media-Kanäle betreuen", "99046006000000"),
])
def test_no_proposal_whose_leistungsobjekt_the_steckbrief_does_not_name(
    catalog: LeikaCatalog, name: str, wrong: str
) -> None:
    """Names from real product plans that have no LeiKa-Leistung: before, each got the
    listed wrong key above the threshold (and ``--schreiben`` would have written it)."""
    assert wrong not in {hit.leistung.key for hit in suggest(catalog, {"name": name})}
    ranked = suggest(catalog, {"name": name}, min_score=0.0)
    assert all(hit.score < THRESHOLD for hit in ranked if hit.leistung.key == wrong)


def test_a_named_leistungsobjekt_is_still_proposed(catalog: LeikaCatalog) -> None:
    hits = suggest(catalog, {"name": "Schülerbeförderung für Förderschulen organisieren"})
    assert hits and hits[0].leistung.key.startswith("99088011")
    named = named_terms("Schülerbeförderung organisieren", index_for(catalog))
    assert objekt_coverage(hits[0].leistung, catalog, index_for(catalog),
                           Naming(named, ())) == pytest.approx(1.0)


def test_lower_case_words_name_no_leistungsobjekt(catalog: LeikaCatalog) -> None:
    index = index_for(catalog)
    assert "pfleg" not in named_terms("Internetauftritt redaktionell pflegen", index)
    assert "pfleg" in named_terms("Pflege im Heim", index)  # a noun, and the first word
