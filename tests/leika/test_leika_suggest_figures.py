"""`leika vorschlagen` on the frozen catalogue cases: the figures of issue 16, pinned.

The cases (tests/data/leika-vorschlag-faelle.yaml, from `tools/leika_vorschlag_eval.py
--einfrieren`) are the Blaupausen processes as they were when the figures were measured,
so that another change to the catalogue does not move them; the halves are fixed by a hash
of the process id, and only the tuning half was looked at while tuning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.lexicon import parse_lexicon
from prozesskit.leika.suggest import THRESHOLD, suggest
from prozesskit.leika.suggest_eval import (
    HELDOUT,
    TUNING,
    Case,
    Figures,
    case_from_process,
    keys_of,
    measure,
    part_of,
)
from prozesskit.leika.verrichtung import code_of, verb_table, verrichtungen

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"

#: Reached when the figures were last measured (README "`leika vorschlagen`"); a change
#: that lowers one must say why. Issue 16 asks for first ≥ 75 %, top 3 ≥ 90 %, wrong ≤ 5 %.
PINNED = {  # first, top 3 (counts of the processes with key in that half)
    TUNING: (180, 208),  # of 218: 82.6 %, 95.4 %
    HELDOUT: (132, 164),  # of 176: 75.0 %, 93.2 %
}
# Round 9: top 3 counts the rows `vorschlagen` shows: the proposals, or when there is none
# the candidates listed as "unsicher" (best evidence ≥ 0.15; suggest.zum_pruefen). The
# proposals are unchanged; top 3 with proposals only stays tuning 199, held-out 147.
# Round 8 (the proposal follows the learned order within suggest._may_lead): first
# tuning 178 → 180, held-out 131 → 132 (held-out measured twice this round, at the end:
# once as a half, once in the 5-fold cross-validation over all cases, sum 312 / 346 of 394).
# Round 7 (alternatives ordered by the learned rank model, prozesskit.leika.rangfolge;
# the proposal itself unchanged): top 3 tuning 188 → 199, held-out 138 → 147.
# Round 6 (frame nouns, compound heads, adjectives of one noun, law names in the lexicon,
# nouns joined by und/oder, catalogue-word splits first, negation in a detail, a compound
# head that names no object): tuning 163/173 → 178/188, held-out 131/137 → 131/138.
# Before round 5 (adjectives, compounds said in parts, detail-only Verrichtungen):
# tuning 142/156, held-out 118/127.
# Measured on the catalogue after the variant clusters were merged (794 processes, 12 with
# varianten); before the merge (850): tuning 161/178 of 244, held-out 137/153 of 206.
MAX_WRONG = 0  # of 16 proposals above the threshold for processes without key
# (before round 5: 1 of 17, "Veranstaltung im Bürgerhaus ausrichten" → "Veranstaltung")


@pytest.fixture(scope="module")
def figures(catalog: LeikaCatalog, cases: list[Case]) -> dict[str, Figures]:
    return {part: measure(catalog, cases, part) for part in (TUNING, HELDOUT)}


def test_case_file_has_both_halves_and_judgements(cases: list[Case]) -> None:
    with_key = [c for c in cases if c.keys]
    assert len(with_key) >= 350 and len(cases) - len(with_key) >= 350
    halves = {part: sum(c.part == part for c in with_key) for part in (TUNING, HELDOUT)}
    assert min(halves.values()) >= 0.4 * len(with_key), halves
    assert all(not c.richtig for c in with_key)  # judgements only where no key is known
    assert sum(1 for c in cases if c.richtig) >= 15


@pytest.mark.parametrize("part", [TUNING, HELDOUT])
def test_recovery_figures_do_not_drop(figures: dict[str, Figures], part: str) -> None:
    fig = figures[part]
    first, top3 = PINNED[part]
    assert fig.first >= first and fig.top3 >= top3, (part, fig.first, fig.top3)


def test_wrong_proposals_do_not_grow(figures: dict[str, Figures]) -> None:
    proposals = [p for fig in figures.values() for p in fig.proposals]
    wrong = [(p.case.id, p.key) for p in proposals if p.verdict != "richtig"]
    assert len(wrong) <= MAX_WRONG, wrong


def test_half_is_fixed_by_the_id() -> None:
    assert part_of("geburt-beurkunden") == part_of("geburt-beurkunden")
    parts = {part_of(f"prozess-{n}") for n in range(20)}
    assert parts == {TUNING, HELDOUT}


def test_unjudged_proposal_counts_as_wrong(catalog: LeikaCatalog) -> None:
    process = {"id": "x", "name": "Schülerbeförderung organisieren"}
    unjudged = measure(catalog, [case_from_process(process)])
    judged = measure(catalog, [case_from_process(process, ["99088011058000"])])
    assert [p.key for p in unjudged.proposals] == ["99088011058000"]
    assert unjudged.wrong == 1 and judged.wrong == 0


def test_variant_keys_count_as_recovered() -> None:
    process = {"id": "x", "name": "n", "leika": "99010001001000",
               "varianten": [{"leika": "99010001001009", "name": "Beschäftigung"}]}
    case = case_from_process(process)
    assert keys_of(process) == {"99010001001000", "99010001001009"}
    assert "leika" not in case.fields and "varianten" not in case.fields


def test_every_verb_names_a_verrichtung_of_the_catalogue(catalog: LeikaCatalog) -> None:
    table = verrichtungen(catalog)
    assert table.names["058"] == "Durchführung" and table.names["152"] == "Herausgabe"
    dead = [(verb, name) for verb, names in verb_table().items() for name in names
            if not table.codes_for_name(name)]
    assert dead == []


def test_verb_file_needs_sources() -> None:
    with pytest.raises(ValueError, match=r"leika-verben\.tsv, Zeile 1"):
        parse_lexicon("abhalten\tDurchführung\n", "leika-verben.tsv")


def test_verb_names_the_verrichtung_not_the_bare_object(catalog: LeikaCatalog) -> None:
    # before: the bare object "Einwohnerversammlung" came first
    hits = suggest(catalog, {"name": "Einwohnerversammlung einberufen"})
    assert hits[0].leistung.key == "99030006058000"  # … Durchführung
    assert code_of(hits[0].leistung.key) == "058"


def test_compound_with_verrichtung_head_names_its_object(catalog: LeikaCatalog) -> None:
    # "Gaststätten|erlaubnis": the modifier is the object, the head the Verrichtung
    hits = suggest(catalog, {"name": "Gaststättenerlaubnis erteilen"})
    assert hits and hits[0].leistung.key == "99025002005000"  # Gaststättengewerbe Erlaubnis


def test_object_word_never_named_is_another_leistung(catalog: LeikaCatalog) -> None:
    # "Geburt im Ausland Beurkundung" is not the Geburt at home; before: proposed at 0.64
    keys = [hit.leistung.key for hit in suggest(catalog, {"name": "Geburt beurkunden"})]
    assert "99027003026000" not in keys
    keys = [hit.leistung.key for hit in suggest(
        catalog, {"name": "Aufwandsentschädigung an Mandatsträger zahlen"})]
    assert not any(key.startswith("99126002") for key in keys)  # … für den Vormund


def test_detail_the_steckbrief_names_wins(catalog: LeikaCatalog) -> None:
    # before: "Führerschein Ersatz" first; the name says "nach Verlust"
    hits = suggest(catalog, {"name": "Ersatzführerschein nach Verlust ausstellen"})
    assert hits[0].leistung.key == "99023001036003"  # Führerschein Ersatz wegen Verlust
    # a detail that is not said stays behind the plain Verrichtung
    hits = suggest(catalog, {"name": "Personalausweis ausstellen"})
    assert hits[0].leistung.key == "99008001012000"


def test_authority_named_through_a_synonym_names_no_leistung(catalog: LeikaCatalog) -> None:
    # the search lexicon maps "Jugendamt" onto "Hilfe zur Erziehung" for citizens' queries;
    # before: proposed at 0.52 although the Steckbrief is about Kindpauschalen
    assert suggest(catalog, {"name": "Kindpauschalen beim Jugendamt beantragen"}) == []


def test_adjective_of_the_name_names_the_object_word(catalog: LeikaCatalog) -> None:
    # "schwerbehinderte" is lower case: before, "Schwerbehinderte" counted as never named
    # (score 0.26, no proposal)
    hits = suggest(catalog, {"name": "Parkausweis für schwerbehinderte Menschen ausstellen"})
    assert hits and hits[0].leistung.key == "99108009012000"


@pytest.mark.parametrize(("name", "key"), [
    ("Wechsel des Schulbezirks zustimmen", "99088010134000"),  # Schulbezirkswechsel
    ("Ausnahme vom Sonn- und Feiertagsschutz erteilen", "99050026001000"),  # …ausnahmen
    ("Fahrlehrerlaubnis erteilen", "99018014001000"),  # Fahrlehrererlaubnis (Fugen-er)
])
def test_catalogue_compound_said_in_parts_is_named(catalog: LeikaCatalog, name: str,
                                                   key: str) -> None:
    # before: no proposal (0.33, 0.24, 0.09): the compound counted as not named
    hits = suggest(catalog, {"name": name})
    assert hits and hits[0].leistung.key == key


def test_verb_prefix_is_no_compound_part(catalog: LeikaCatalog) -> None:
    # "be|urkunden" does not name the "Urkunde" of "Sterbeurkunde"
    keys = [hit.leistung.key for hit in suggest(catalog, {"name": "Sterbefall beurkunden"})]
    assert "99101004012001" not in keys


@pytest.mark.parametrize(("name", "key"), [
    ("Blaue Karte EU erteilen", "99010014001001"),
    ("Blaue Karte EU verlängern", "99010014020001"),
])
def test_verrichtung_the_object_has_only_with_detail_beats_the_bare_object(
        catalog: LeikaCatalog, name: str, key: str) -> None:
    # "Blaue Karte EU" has no plain "… Erteilung", only "… Erteilung zur Ausübung …":
    # before, the bare object came first
    hits = suggest(catalog, {"name": name})
    assert hits[0].leistung.key == key


def test_verb_counts_as_the_verrichtung_of_the_bezeichnung(catalog: LeikaCatalog) -> None:
    # "entgegennehmen" names "Entgegennahme": before, "… Anerkennung" came first (0.89)
    hits = suggest(catalog, {"name": "Verpflichtungserklärung entgegennehmen"})
    assert hits[0].leistung.key == "99010005261000"


def test_known_compound_names_its_parts(catalog: LeikaCatalog) -> None:
    # "Namensführung" is a catalogue word, and names the "Name" of "Name Feststellung";
    # before: no proposal
    hits = suggest(catalog, {"name": "Namensführung feststellen"})
    assert hits and hits[0].leistung.key == "99083003037000"


def test_generic_verrichtung_does_not_carry_a_weakly_named_object(
        catalog: LeikaCatalog) -> None:
    # "Schulen" names "Schülerbeförderung" only through the search lexicon ("Schüler");
    # "organisieren" → Durchführung must not lift it above the threshold
    assert suggest(catalog, {"name": "Mittagsverpflegung an Schulen organisieren"}) == []


def test_twin_objects_the_name_cannot_tell_apart_are_not_proposed(
        catalog: LeikaCatalog) -> None:
    # "Veranstaltung" is 99050032 (GewO) and 99089001 (Ordnungsrecht), tied at 0.69:
    # before, the GewO one was proposed for a Gemeinde's own event
    assert suggest(catalog, {"name": "Veranstaltung im Bürgerhaus ausrichten"}) == []


def test_scores_above_one_are_ranked_before_they_are_cut(catalog: LeikaCatalog) -> None:
    # both reached 1.0; before, the shorter "Fahrerkarte Ersatz" won the tie although
    # the name says "nach Verlust"
    fields = {"name": "Fahrerkarte nach Verlust ersetzen",
              "ozg": {"leistung": "Fahrerkarte", "id": "10423"},
              "rechtsgrundlagen": [{"name": "§ 4 Absatz 4 Nummer 1 Fahrpersonalverordnung"}]}
    hits = suggest(catalog, fields)
    assert hits[0].leistung.key == "99084002036003"  # Fahrerkarte Ersatz wegen Verlust


def test_lexicon_knows_a_compound_the_catalogue_does_not(catalog: LeikaCatalog) -> None:
    # "Pflegeerlaubnis" (§ 44 SGB VIII) is LeiKa's "Erlaubnis zur Vollzeitpflege";
    # before: no proposal (the whole word's lexicon entry was never looked up)
    hits = suggest(catalog, {"name": "Pflegeerlaubnis erteilen"})
    assert hits and hits[0].leistung.key == "99071003001000"


def test_taking_over_into_a_register_is_its_eintragung(catalog: LeikaCatalog) -> None:
    # "ins Liegenschaftskataster übernehmen" enters it there: before, the bare object
    hits = suggest(catalog, {
        "name": "Ergebnis einer Vermessung ins Liegenschaftskataster übernehmen"})
    assert hits[0].leistung.key == "99123010060000"  # Liegenschaftskataster Eintragung


def test_a_noun_with_a_verrichtung_stem_is_not_that_verrichtung(
        catalog: LeikaCatalog) -> None:
    # "Schulen" and "Schulung" share the stem "schul": before, every name with "Schule"
    # or "Schüler" named the Verrichtung Schulung
    from prozesskit.leika.search import index_for
    from prozesskit.leika.suggest import name_codes

    table = verrichtungen(catalog)
    index = index_for(catalog)
    names = {table.names[code] for code in name_codes(
        "Mittagsverpflegung an Schulen organisieren", index, table)}
    assert "Schulung" not in names and "Durchführung" in names
    names = {table.names[code] for code in name_codes(
        "Gaststättenerlaubnis erteilen", index, table)}
    assert "Erlaubnis" in names  # the end of a compound still names it


def test_the_verb_adds_weight_to_a_verrichtung_never_less_than_the_text_says() -> None:
    """'Aufwandsentschädigung an Mandatsträger zahlen': the name says 'zahlen' outright
    (full weight); the verb's Verrichtung noun, weighted by how well the object is named,
    must not replace that with less (it lowered the Zahlung Leistung's score)."""
    from prozesskit.leika.suggest import heard

    said = {"zahl": 1.0, "mandat": 0.8}
    assert heard(said, {"zahl": 0.4, "auszahl": 0.4}) == {
        "zahl": 1.0, "mandat": 0.8, "auszahl": 0.4}
    assert heard({}, {"erteil": 0.6}) == {"erteil": 0.6}


def test_alternatives_follow_the_learned_order(catalog: LeikaCatalog,
                                               cases: list[Case]) -> None:
    # before: only the bare object "Vormund" was listed (the right key scored below 0.5);
    # the learned order lists "Pfleger und Vormünder Beratung und Unterstützung" after it
    case = next(c for c in cases if c.id == "ehrenamtliche-vormuender-beraten")
    assert case.part == TUNING
    hits = suggest(catalog, case.fields)
    assert hits[0].leistung.key == "99126006000000"  # the proposal: best evidence
    assert "99126005077000" in [hit.leistung.key for hit in hits[1:]]
    assert hits[0].score >= THRESHOLD and all(hit.score <= hits[0].score for hit in hits)
