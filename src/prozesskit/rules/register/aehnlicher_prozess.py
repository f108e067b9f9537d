"""Kein Prozess ist beinahe ein Duplikat eines anderen oder eines Katalogprozesses.

Zwei Steckbriefe für denselben Prozess entstehen leicht: eine zweite Sachbearbeiterin legt
„Hunde anmelden“ neben „Hund anmelden“ an, oder jemand schreibt einen Prozess selbst, den
die Blaupause des Registers schon fertig enthält. Die Regel vergleicht

- jeden aktiven Steckbrief mit den anderen des Registers und
- jeden aktiven Steckbrief, der nicht aus dem eingebauten Katalog stammt, mit den
  Prozessen der Blaupause des Registers, die das Register noch nicht hat (dieselbe id oder
  ``herkunft.id``).

Beinahe doppelt sind zwei Prozesse im selben Produktbereich, deren Namen fast dieselben
Wortstämme haben (Umlaute, Endungen und Füllwörter zählen nicht; „ausstellen“ und
„erteilen“, „gewähren“ und „bewilligen“ gelten als dasselbe Verb): Anteil gemeinsamer
Stämme (Dice) mindestens ``schwelle`` (Standard 0,8), mindestens ``schwelle_leika``
(Standard 0,5), wenn ein Steckbrief und ein Katalogprozess denselben LeiKa-Schlüssel nennen
(auch unter ``varianten``). Zwei Steckbriefe des Registers mit demselben Schlüssel meldet
schon PK-S023.
Nennen beide LeiKa-Schlüssel, aber keinen gemeinsamen, sind es verschiedene Leistungen:
dann zählen nur gleiche Stämme. Ebenso macht „nicht“, „ohne“, „kein“, „wieder“, „neu“ oder
„erneut“ in nur einem der Namen eine andere Leistung („Jagdschein wieder erteilen“,
„Auftrag im nicht offenen Verfahren vergeben“). Verschiedene Produktbereiche sind
verschiedene Produkte.

Die Blaupause ist die, aus der die meisten Steckbriefe stammen (``herkunft``), sonst die
zum Typ der Kommune passende; die Option ``blaupause`` legt sie fest, ``katalog: false``
schaltet den Vergleich mit dem Katalog ab. Eine frische Blaupause ergibt keine Meldung.

Richtig: verschiedene Verrichtung, verschiedene LeiKa-Leistung

    name: Reisegewerbekarte erteilen
    leika: "99050023005000"
    ---
    name: Reisegewerbekarte verlängern
    leika: "99050023020000"

Falsch: derselbe Prozess zweimal angelegt

    name: Hund anmelden
    produkt: {bereich: "02"}
    ---
    name: Hunde anmelden
    produkt: {bereich: "02"}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import RegisterFacts, RuleContext, SteckbriefFacts

if TYPE_CHECKING:
    from prozesskit.init.namensindex import KatalogProzess
from prozesskit.rules.register._aehnlichkeit import (
    A,
    B,
    Item,
    Pair,
    Signature,
    Thresholds,
    name_stems,
    near,
    near_pairs_within,
    near_targets,
    signature,
)

CODE = "PK-S031"
NAME = "aehnlicher-prozess"
TITLE = "Kein Prozess ist beinahe ein Duplikat eines anderen oder eines Katalogprozesses"
SCOPE = Scope.REGISTER
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")

#: Kommune type (manifest) → the built-in Blaupause made for it
_TYP_BLAUPAUSE = {
    "kreis": "kreis",
    "kreisfreie_stadt": "kreisfreie-stadt",
    "grosse_kreisangehoerige_stadt": "stadt",
    "mittlere_kreisangehoerige_stadt": "stadt",
    "kleine_kreisangehoerige_stadt": "gemeinde",
    "gemeinde": "gemeinde",
}


class Options(BaseModel):
    """``schwelle``/``schwelle_leika``: share of common name stems (0,5–1 / 0–1) from which
    two processes count as near-duplicates; ``katalog``: also compare with the built-in
    catalogue; ``blaupause``: its Blaupause (default: from ``herkunft`` or the Kommune type)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schwelle: float = Field(0.8, ge=0.5, le=1.0)
    schwelle_leika: float = Field(0.5, ge=0.0, le=1.0)
    katalog: bool = True
    blaupause: str | None = None


def check(facts: RegisterFacts, options: Options | None, ctx: RuleContext) -> Iterator[Finding]:
    """Register pairs first (each later Steckbrief once, at its best match), then catalogue.

    Continues from the pairs the last run left in ``ctx.carry`` (a patch run compares only
    the changed Steckbriefe) and leaves its own there; the findings are the same either way.
    """
    options = options or Options()
    limits = Thresholds(options.schwelle, options.schwelle_leika)
    active = sorted((sb for sb in facts.steckbriefe if sb.name and sb.status != "entfaellt"),
                    key=lambda sb: sb.file)
    items = [_item(sb) for sb in active]
    files = [sb.file for sb in active]
    last = ctx.carry.get(CODE)
    key = [limits.names, limits.leika]
    last = last if isinstance(last, dict) and last.get("limits") == key else {}
    signatures = [signature(item) for item in items]
    found, register_state = near_pairs_within(items, files, signatures, limits,
                                              last.get("register"))
    carry: dict[str, Any] = {"limits": key, "register": register_state}
    ctx.carry[CODE] = carry
    best: dict[str, tuple[Pair[SteckbriefFacts, SteckbriefFacts], int]] = {}
    for i, j in found:
        pair = near(items[i], items[j], limits)
        if pair is not None and not pair.shared_leika:  # a shared key is PK-S023's finding
            _keep(best, files[j], pair, i)
    for _file, (pair, _rank) in sorted(best.items()):
        yield _register_finding(pair)
    if options.katalog:
        yield from _catalogue_findings(facts, active, items, signatures, options, ctx, limits,
                                       last, carry)


def _item(sb: SteckbriefFacts) -> Item[SteckbriefFacts]:
    bereich = sb.paket.get("bereich")
    stems = sb.stems if sb.stems is not None else name_stems(sb.name or "")
    return Item(sb, stems, bereich if isinstance(bereich, str) else None,
                frozenset(ref.key for ref in sb.leika))


def _keep(best: dict[str, tuple[Pair[A, B], int]], key: str, pair: Pair[A, B], rank: int) -> None:
    """Keep the best match per Steckbrief: a shared LeiKa key first, then the closer name,
    then the partner first in file order (or in the Blaupause); never the order in which
    the search met them, so that a run that continued from the last one names the same."""
    old = best.get(key)
    if old is None or (len(pair.shared_leika), pair.similarity, -rank) > (
            len(old[0].shared_leika), old[0].similarity, -old[1]):
        best[key] = (pair, rank)


def _reason(pair: Pair[A, B]) -> str:
    parts = []
    if pair.shared_leika:
        parts.append(f"gleicher LeiKa-Schlüssel {', '.join(pair.shared_leika)}")
    parts.append(f"Namen zu {round(pair.similarity * 100)} % gleich")
    bereich = pair.first.bereich or pair.second.bereich
    if bereich:
        parts.append(f"Produktbereich {bereich}")
    return ", ".join(parts)


def _register_finding(pair: Pair[SteckbriefFacts, SteckbriefFacts]) -> Finding:
    first, later = pair.first.ref, pair.second.ref
    line, column = later.at("name")
    return Finding(
        f"Prozess '{later.name}' ist beinahe ein Duplikat von '{first.name}' in {first.file} "
        f"({_reason(pair)})",
        file=later.file, line=line, column=column, related=(first.file,),
        hint="Doppelt angelegt? Dann einen der beiden streichen (status: entfaellt) oder "
        "beide zu einem Prozess mit Varianten zusammenführen. Sind es verschiedene "
        "Prozesse, den Unterschied im Namen sagen oder die Zeile mit "
        f"'# prozesskit: ignore {CODE}' ausnehmen.",
    )


def _blaupause(facts: RegisterFacts, katalog: str, options: Options, ctx: RuleContext
               ) -> str | None:
    if options.blaupause:
        return options.blaupause
    names = Counter[str]()
    for sb in facts.steckbriefe:
        herkunft = sb.paket.get("herkunft") or {}
        name = herkunft.get("name")
        if herkunft.get("art") == "blaupause" and isinstance(name, str) and name.startswith(
                f"{katalog}/"):
            names[name.split("/", 1)[1]] += 1
    if names:
        return min(names, key=lambda bp: (-names[bp], bp))
    return _TYP_BLAUPAUSE.get(ctx.kommune_typ or "")


def _probes(active: list[SteckbriefFacts]) -> tuple[list[int], set[str]]:
    """Which Steckbriefe are compared with the catalogue (those not from it), and the
    catalogue ids the register has (ids and ``herkunft.id``)."""
    probes: list[int] = []
    present: set[str] = set()
    for n, sb in enumerate(active):
        herkunft = sb.paket.get("herkunft") or {}
        if sb.id:
            present.add(sb.id)
        if isinstance(herkunft.get("id"), str):
            present.add(herkunft["id"])
        if herkunft.get("art") != "blaupause":
            probes.append(n)
    return probes, present


def _catalogue_findings(
    facts: RegisterFacts,
    active: list[SteckbriefFacts],
    items: list[Item[SteckbriefFacts]],
    signatures: list[Signature],
    options: Options,
    ctx: RuleContext,
    limits: Thresholds,
    last: dict[str, Any],
    carry: dict[str, Any],
) -> Iterator[Finding]:
    chosen, present = _probes(active)
    probes = [items[n] for n in chosen]
    if not probes:
        return  # a register made from the catalogue and nothing else: no catalogue to read
    from prozesskit.init.namensindex import load_index
    from prozesskit.init.ort import builtin_root

    index = load_index(builtin_root())
    if index is None:
        return
    blaupause = _blaupause(facts, index.katalog, options, ctx)
    if blaupause not in index.blaupausen:
        return
    processes = index.blaupausen[blaupause]
    targets = [Item(p, p.stems, p.bereich, frozenset(p.leika)) for p in processes]
    key = [index.katalog, index.version, blaupause]
    nearby, state = near_targets(probes, [probe.ref.file for probe in probes],
                                 [signatures[n] for n in chosen], targets, limits,
                                 last.get("katalog") if last.get("katalog_key") == key else None)
    carry["katalog_key"], carry["katalog"] = key, state
    best: dict[str, tuple[Pair[SteckbriefFacts, KatalogProzess], int]] = {}
    for probe, positions in zip(probes, nearby, strict=True):
        for k in positions:
            if processes[k].id not in present:  # a process the register has is no duplicate
                pair = near(probe, targets[k], limits)
                if pair is not None:
                    _keep(best, probe.ref.file, pair, k)
    for file, (pair, _rank) in sorted(best.items()):
        sb, target = pair.first.ref, pair.second.ref
        line, column = sb.at("name")
        yield Finding(
            f"Prozess '{sb.name}' ist beinahe der Prozess '{target.id}' ('{target.name}') "
            f"der Blaupause {index.katalog}/{blaupause} ({_reason(pair)})",
            file=file, line=line, column=column,
            hint=f"Statt ihn selbst zu pflegen: 'prozesskit import prozesskit:{blaupause} "
            f"{target.id}' übernimmt den Katalogprozess mit Herkunft, 'prozesskit update' hält "
            "ihn aktuell; danach diesen Steckbrief streichen (status: entfaellt). Ist es ein "
            "anderer Prozess, den Unterschied im Namen sagen.",
        )
