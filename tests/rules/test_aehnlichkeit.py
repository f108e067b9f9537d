"""PK-S031's pair search: the blocking finds every pair a full comparison finds, and the
rule reads the catalogue index only when a Steckbrief did not come from the catalogue."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from prozesskit.init import namensindex
from prozesskit.init.catalogue import builtin_root
from prozesskit.register.facts import register_facts
from prozesskit.register.sources import load_register
from prozesskit.rules import all_rules
from prozesskit.rules.context import LeikaRef, RegisterFacts, RuleContext, SteckbriefFacts
from prozesskit.rules.register import aehnlicher_prozess
from prozesskit.rules.register._aehnlichkeit import (
    Item,
    Thresholds,
    name_stems,
    near,
    pairs_across,
    pairs_within,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S031"


def _catalogue_items() -> list[Item[str]]:
    index = namensindex.load_index(builtin_root())
    assert index is not None
    rows = {p.id: p for procs in index.blaupausen.values() for p in procs}
    items = [Item(p.id, name_stems(p.name), p.bereich, frozenset(p.leika))
             for p in rows.values()]
    # near-duplicates on purpose: a plural, a detail, a dropped LeiKa key
    rng = random.Random(16)
    extra = []
    for item in rng.sample(items, 150):
        stems = set(item.stems)
        if rng.random() < 0.5:
            stems.add(f"zusatz{rng.randrange(5)}")
        keys = item.leika if rng.random() < 0.5 else frozenset()
        extra.append(Item(f"{item.ref}-kopie", frozenset(stems), item.bereich, keys))
    return items + extra


@pytest.mark.parametrize("limits", [Thresholds(0.8, 0.5), Thresholds(0.5, 0.0),
                                    Thresholds(1.0, 0.9)])
def test_blocking_finds_every_pair_a_full_comparison_finds(limits: Thresholds) -> None:
    items = _catalogue_items()
    full = {(a.ref, b.ref) for a, b in itertools.combinations(items, 2)
            if near(a, b, limits) is not None}
    blocked = {(p.first.ref, p.second.ref) for p in pairs_within(items, limits)}
    assert blocked == full
    assert len(full) >= 50  # the planted copies are found
    half = len(items) // 2
    across_full = {(a.ref, b.ref) for a in items[:half] for b in items[half:]
                   if near(a, b, limits) is not None}
    across = {(p.first.ref, p.second.ref)
              for p in pairs_across(items[:half], items[half:], limits)}
    assert across == across_full


def test_name_stems_fold_inflection_and_verb_synonyms() -> None:
    assert name_stems("Hunde anmelden") == name_stems("Hund anmelden")
    assert name_stems("Bescheinigung ausstellen") == name_stems("Bescheinigung erteilen")
    assert name_stems("Zuschuss gewähren") == name_stems("Zuschuss bewilligen")
    assert "nicht" in name_stems("Auftrag im nicht offenen Verfahren vergeben")


def test_nicht_and_wieder_make_another_leistung() -> None:
    limits = Thresholds(0.5, 0.0)
    for first, second in (("Auftrag im offenen Verfahren vergeben",
                           "Auftrag im nicht offenen Verfahren vergeben"),
                          ("Fahrzeug zulassen", "Fahrzeug wieder zulassen"),
                          ("Grad der Behinderung feststellen",
                           "Grad der Behinderung neu feststellen")):
        a = Item("a", name_stems(first), "02", frozenset({"1"}))
        b = Item("b", name_stems(second), "02", frozenset({"1"}))
        assert near(a, b, limits) is None, (first, second)


def test_different_leistungen_and_produktbereiche_are_not_duplicates() -> None:
    limits = Thresholds(0.8, 0.5)
    a = Item("a", name_stems("Jagdschein erteilen"), "02", frozenset({"1"}))
    assert near(a, replace(a, ref="b", leika=frozenset({"2"}),
                            stems=name_stems("Jagdschein wieder erteilen")), limits) is None
    assert near(a, replace(a, ref="b", bereich="06"), limits) is None
    assert near(a, replace(a, ref="b", leika=frozenset({"2"})), limits) is not None


def _facts(folder: str) -> RegisterFacts:
    return register_facts(load_register(FIXTURES / folder))


def test_catalogue_index_unread_when_every_steckbrief_came_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = _facts("valid-katalog")
    from_catalogue = tuple(
        replace(sb, paket={**sb.paket, "herkunft": {"art": "blaupause",
                                                    "name": "nrw-kommunal/kreis"}})
        for sb in facts.steckbriefe)

    def refuse(root: Path) -> Any:
        raise AssertionError("Katalogindex gelesen")

    monkeypatch.setattr(namensindex, "load_index", refuse)
    rule = all_rules()["PK-S031"]
    assert list(rule.check(replace(facts, steckbriefe=from_catalogue), None,
                           RuleContext(kommune_typ="kreis"))) == []


@pytest.mark.parametrize(("typ", "optionen", "blaupause"), [
    ("kreis", {}, "kreis"),
    ("gemeinde", {}, "gemeinde"),
    ("gemeinde", {"blaupause": "kreis"}, "kreis"),
])
def test_blaupause_from_typ_or_option(typ: str, optionen: dict[str, Any], blaupause: str) -> None:
    rule = all_rules()["PK-S031"]
    found = list(rule.check(_facts("invalid-katalog"), rule.options.model_validate(optionen),
                            RuleContext(kommune_typ=typ)))
    # "Jagdschein erteilen" is a Kreis process only
    jagd = [f.message for f in found if "jagdschein-erteilen" in f.message]
    assert len(jagd) == (2 if blaupause == "kreis" else 0)
    assert all(f"der Blaupause nrw-kommunal/{blaupause}" in m for m in jagd)


def test_katalog_false_switches_the_comparison_off() -> None:
    rule = all_rules()["PK-S031"]
    options = rule.options.model_validate({"katalog": False})
    assert list(rule.check(_facts("invalid-katalog"), options,
                           RuleContext(kommune_typ="kreis"))) == []


def test_catalogue_index_holds_the_stems_the_rule_would_make() -> None:
    """The stems in ``namensindex.json`` are made when the file is built: the same stemmer
    must make them as at run time (else a rebuilt index is due: tools/build_catalogue.py)."""
    index = namensindex.load_index(builtin_root())
    assert index is not None
    processes = {p.id: p for procs in index.blaupausen.values() for p in procs}
    assert len(processes) > 500
    for process in processes.values():
        assert process.stems == name_stems(process.name), process.id


def test_steckbrief_facts_carry_the_name_stems_through_json() -> None:
    facts = _facts("invalid-katalog")
    assert facts.steckbriefe
    for sb in facts.steckbriefe:
        assert sb.stems == name_stems(sb.name or "")
        assert SteckbriefFacts.from_json(sb.to_json()) == sb


def test_rule_stems_no_name_that_comes_with_stems(monkeypatch: pytest.MonkeyPatch) -> None:
    """A patch run stems only the changed files: the rule takes the stems of the facts and
    of the catalogue index, and finds what it finds when it stems every name itself."""
    rule = all_rules()["PK-S031"]
    facts = _facts("invalid-katalog")
    ctx = RuleContext(kommune_typ="kreis")
    unstemmed = replace(facts, steckbriefe=tuple(replace(sb, stems=None)
                                                 for sb in facts.steckbriefe))
    expected = list(rule.check(unstemmed, None, ctx))
    assert expected

    def refuse(name: str) -> frozenset[str]:
        raise AssertionError(f"neu gestemmt: {name}")

    monkeypatch.setattr(aehnlicher_prozess, "name_stems", refuse)
    assert list(rule.check(facts, None, ctx)) == expected


def _catalogue_register(seed: int) -> RegisterFacts:
    """Steckbriefe named like Kreis catalogue processes (many pairs within and with the
    Blaupause), some with a changed id so that the catalogue comparison has work."""
    index = namensindex.load_index(builtin_root())
    assert index is not None
    rng = random.Random(seed)
    sbs = []
    chosen = rng.sample(list(index.blaupausen["kreis"]), 250)
    for n, process in enumerate(chosen + rng.sample(chosen, 50)):  # 50 twice: pairs within
        name = process.name if rng.random() < 0.7 else f"{process.name} im Amt"
        leika = tuple(LeikaRef(key, "leika", 3, 8) for key in process.leika[:1]
                      if rng.random() < 0.5)
        sbs.append(SteckbriefFacts(
            file=f"steckbriefe/p{n:03d}.yaml", id=f"{process.id}-{n}" if n % 3 else process.id,
            name=name, status="aktiv", modellierungsstatus=None, modelle=(),
            positions={"name": (3, 7)}, suppress={}, paket={"bereich": process.bereich},
            leika=leika, stems=name_stems(name)))
    return RegisterFacts(files=frozenset(sb.file for sb in sbs), steckbriefe=tuple(sbs),
                         modelle={})


def _edit(facts: RegisterFacts, rng: random.Random) -> RegisterFacts:
    """A patch run's worth of change: a few Steckbriefe renamed, moved to another
    Produktbereich, given or stripped of a LeiKa key, cancelled, removed or added."""
    sbs = list(facts.steckbriefe)
    for _ in range(rng.randint(1, 4)):
        n = rng.randrange(len(sbs))
        sb, other = sbs[n], sbs[rng.randrange(len(sbs))]
        kind = rng.choice(["name", "bereich", "leika", "entfaellt", "weg", "neu"])
        if kind == "name":  # often the name of another: a new pair
            name = other.name if rng.random() < 0.5 else f"{sb.name} neu geregelt"
            sbs[n] = replace(sb, name=name, stems=name_stems(name or ""))
        elif kind == "bereich":
            sbs[n] = replace(sb, paket={"bereich": rng.choice(["01", "02", "16"])})
        elif kind == "leika":
            sbs[n] = replace(sb, leika=other.leika if not sb.leika else ())
        elif kind == "entfaellt":
            sbs[n] = replace(sb, status="entfaellt")
        elif kind == "weg":
            del sbs[n]
        else:
            sbs.append(replace(other, file=f"steckbriefe/neu{rng.randrange(10**6)}.yaml",
                               id=f"neu-{rng.randrange(10**6)}"))
    return replace(facts, steckbriefe=tuple(sbs))


@pytest.mark.parametrize("seed", range(8))
def test_a_run_continued_from_the_last_finds_what_a_run_from_scratch_finds(seed: int) -> None:
    rule = all_rules()["PK-S031"]
    rng = random.Random(seed)
    facts = _catalogue_register(seed)
    carried = RuleContext(kommune_typ="kreis")
    findings = list(rule.check(facts, None, carried))
    assert any("Blaupause" in f.message for f in findings)
    assert any("Duplikat" in f.message for f in findings)
    for _ in range(6):  # patch runs one after the other, each continuing from the last
        facts = _edit(facts, rng)
        continued = list(rule.check(facts, None, carried))
        assert continued == list(rule.check(facts, None, RuleContext(kommune_typ="kreis")))


def test_a_continued_run_searches_no_pairs_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    """One changed Steckbrief: compared with every other, no blocked search over all."""
    from prozesskit.rules.register import _aehnlichkeit

    rule = all_rules()["PK-S031"]
    facts = _catalogue_register(1)
    ctx = RuleContext(kommune_typ="kreis")
    list(rule.check(facts, None, ctx))
    renamed = replace(facts.steckbriefe[5], name="Hund anmelden",
                      stems=name_stems("Hund anmelden"))
    facts = replace(facts, steckbriefe=(*facts.steckbriefe[:5], renamed,
                                        *facts.steckbriefe[6:]))
    expected = list(rule.check(facts, None, RuleContext(kommune_typ="kreis")))

    def refuse(*_: object) -> Any:
        raise AssertionError("alle Paare neu gesucht")

    monkeypatch.setattr(_aehnlichkeit, "pairs_within", refuse)
    monkeypatch.setattr(_aehnlichkeit, "pairs_across", refuse)
    assert list(rule.check(facts, None, ctx)) == expected
