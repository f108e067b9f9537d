"""Build the Blaupausen-Katalog (``blueprints/``) from public sources and curated lists.

Reproducible: the same inputs give byte-identical files. Inputs:

* ``<quellen>/leika-2019.csv.gz`` - LeiKa (Bezeichnung, OZG, Rechtsgrundlagen); plain
  ``.csv`` is read as well
* ``<quellen>/produktbereiche.csv`` - NKF-NRW Produktbereiche 01-17
* ``<quellen>/produktplaene/*.csv`` - real Produktpläne (each cited Produkt must exist)
* ``tools/catalogue/*.yaml`` - the hand-curated selection: which Leistung/Produkt, which
  Ebene (NRW-Aufgabenverteilung), which Organisationseinheit, and hand-fixed names; an
  entry's ``varianten`` ("<LeiKa-Schlüssel> <Name der Variante>") are further
  LeiKa-Leistungen of the same process (one "Aufenthaltserlaubnis erteilen", not one process
  per Aufenthaltszweck)

Usage::

    PYTHONPATH=src python tools/build_catalogue.py [--quellen DIR] [--out blueprints]

``<quellen>`` defaults to ``tests/data/reference/``: the repository carries the public
sources it was built from (licences in ``tests/data/README.md``), so a fresh clone rebuilds
the catalogue byte for byte and the tests check that it does.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
CURATED = REPO / "tools" / "catalogue"
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from prozesskit.model.naming import GENERIC_VERBS, INFINITIVE, name_words  # noqa: E402
from prozesskit.yamlio.edit import dump_text, to_commented  # noqa: E402

LEVELS = ("kreis", "stadt", "gemeinde")
PLANS = {
    "o": ("kreis-offenbach-2013", "kreis-offenbach-2013.csv"),
    "w": ("stadt-wesel-2017", "stadt-wesel-2017.csv"),
    "f": ("stadt-freiburg-2017", "stadt-freiburg-2017.csv"),
    "bw": ("bw-kommunaler-produktplan-2016", "bw-kommunaler-produktplan-2016.csv"),
}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
THEMENFELD = {
    "Unternehmensführung & -entwicklung": "unternehmensfuehrung_entwicklung",
    "Arbeit & Ruhestand": "arbeit_ruhestand",
    "Mobilität & Reisen": "mobilitaet_reisen",
    "Engagement & Hobby": "engagement_hobby",
    "Umwelt": "umwelt",
    "Gesundheit": "gesundheit",
    "Bildung": "bildung",
    "Bauen & Wohnen": "bauen_wohnen",
    "Querschnitt": "querschnittsleistungen",
    "Ein- & Auswanderung": "ein_auswanderung",
    "Familie & Kind": "familie_kind",
    "Forschung & Förderung": "forschung_foerderung",
    "Recht & Ordnung": "recht_ordnung",
    "Steuern & Zoll": "steuern_zoll",
}
FILE_SLUGS = {
    "01": "innere-verwaltung",
    "02": "sicherheit-und-ordnung",
    "03": "schultraegeraufgaben",
    "04": "kultur-und-wissenschaft",
    "05": "soziale-leistungen",
    "06": "kinder-jugend-und-familienhilfe",
    "07": "gesundheitsdienste",
    "08": "sportfoerderung",
    "09": "raeumliche-planung-und-entwicklung",
    "10": "bauen-und-wohnen",
    "11": "ver-und-entsorgung",
    "12": "verkehrsflaechen-und-oepnv",
    "13": "natur-und-landschaftspflege",
    "14": "umweltschutz",
    "15": "wirtschaft-und-tourismus",
    "16": "allgemeine-finanzwirtschaft",
    "17": "stiftungen",
}
_RG = re.compile(r"\s*(?P<name>[^\[\]]+?)\s*\[(?P<uri>[^\]\s]*)\]\s*(?:,|$)")
_ITEM = re.compile(r"^(?P<ref>\S+)(?:\s+(?P<name>[^@]+?))?(?:\s+@(?P<ebenen>[a-z,]+))?$")
_VARIANTE = re.compile(r"^(?P<leika>99\d{12})\s+(?P<name>\S.*?)\s*$")


class BuildError(Exception):
    """A curated list is inconsistent with the sources; the message says where."""


@dataclass(frozen=True)
class Sources:
    leika: dict[str, dict[str, str]]
    plans: dict[str, dict[str, str]]
    bereiche: dict[str, str]
    verbs: dict[str, str]


def slug(text: str) -> str:
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > 80:
        text = text[:80].rsplit("-", 1)[0]
    return text


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of ``path``, or of ``path`` + ``.gz`` where only the gzip'd copy exists."""
    zipped = path.with_name(path.name + ".gz")
    if not path.exists() and zipped.exists():
        text = gzip.decompress(zipped.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def load_sources(ref: Path) -> Sources:
    leika = {row["leika"]: row for row in read_csv(ref / "leika-2019.csv")}
    plans: dict[str, dict[str, str]] = {}
    for plan_id, file in PLANS.values():
        rows = read_csv(ref / "produktplaene" / file)
        title = "produkt_titel" if "produkt_titel" in rows[0] else "bezeichnung"
        plans[plan_id] = {row["produkt"]: row[title] for row in rows}
    bereiche = {
        row["code"]: row["name"]
        for row in read_csv(ref / "produktbereiche.csv")
        if row["schema"] == "NKF-NRW"
    }
    verbs = yaml.safe_load((CURATED / "verrichtungen.yaml").read_text(encoding="utf-8"))
    return Sources(leika, plans, bereiche, verbs)


def rechtsgrundlagen(text: str) -> list[dict[str, str]]:
    result: list[dict[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _RG.match(text, pos)
        if match is None:
            rest = text[pos:].strip(" ,")
            if rest:
                result.append({"name": rest})
            break
        item = {"name": match["name"].strip(" ,")}
        uri = match["uri"]
        if re.match(r"^(https?|urn):\S+$", uri):
            item["uri"] = uri
        if item["name"] and item not in result:
            result.append(item)
        pos = match.end()
    return result


def leika_name(key: str, src: Sources) -> str:
    """Objekt + Verrichtung from the LeiKa Bezeichnung via the curated verb table."""
    text = src.leika[key]["bezeichnung"]
    obj_row = src.leika.get(key[:8] + "000000")
    verb_row = src.leika.get(key[:11] + "000")
    if obj_row is None or verb_row is None or key[8:11] == "000":
        raise BuildError(f"{key}: LeiKa-Eintrag ohne Verrichtung ({text!r}); Namen angeben")
    obj = obj_row["bezeichnung"]
    if not verb_row["bezeichnung"].startswith(obj) or not text.startswith(verb_row["bezeichnung"]):
        raise BuildError(f"{key}: Bezeichnung {text!r} nicht zerlegbar; Namen angeben")
    verrichtung = verb_row["bezeichnung"][len(obj) :].strip()
    detail = text[len(verb_row["bezeichnung"]) :].strip()
    template = src.verbs.get(verrichtung)
    if template is None:
        raise BuildError(f"{key}: Verrichtung {verrichtung!r} fehlt in verrichtungen.yaml")
    name = template.format(o=obj, O=obj[:1].upper() + obj[1:])
    if not detail:
        return name
    head, _, verb = name.rpartition(" ")
    return f"{head} ({detail}) {verb}"


def check_name(name: str, where: str) -> None:
    last = name_words(name)[-1]
    if not INFINITIVE.match(last):
        raise BuildError(f"{where}: Name {name!r} endet nicht auf einen Infinitiv")
    if last in GENERIC_VERBS:
        raise BuildError(f"{where}: Name {name!r} endet auf das Allerweltsverb {last!r}")


#: Keys of an entry written as a mapping (instead of "<Quelle> [Name] [@ebenen]"), for the
#: processes that need more: their own Organisationseinheit, the legal basis that decides their
#: Ebene, exceptions per Blaupause.
ITEM_KEYS = frozenset(
    {"ref", "name", "ebenen", "oe", "je_ebene", "rechtsgrundlagen", "leika_rechtsgrundlagen",
     "nur_in", "nicht_in", "leika", "zustaendigkeit", "varianten"}
)


def parse_item(raw: Any, where: str) -> tuple[str, str | None, list[str] | None]:
    match = _ITEM.match(str(raw).strip())
    if match is None:
        raise BuildError(f"{where}: Eintrag {raw!r} nicht lesbar")
    ebenen = match["ebenen"].split(",") if match["ebenen"] else None
    return match["ref"], match["name"], ebenen


def item_fields(raw: Any, where: str) -> tuple[str, str | None, list[str] | None, dict[str, Any]]:
    """Reference, name, Ebenen and the extra keys of one curated entry (string or mapping)."""
    if not isinstance(raw, dict):
        return (*parse_item(raw, where), {})
    unknown = set(raw) - ITEM_KEYS
    if unknown or "ref" not in raw:
        raise BuildError(f"{where}: Eintrag braucht 'ref'; unbekannt: {sorted(unknown)}")
    extra = {k: v for k, v in raw.items() if k not in ("ref", "name", "ebenen")}
    return str(raw["ref"]), raw.get("name"), raw.get("ebenen"), extra


def rechtsgrundlagen_curated(items: list[Any], where: str) -> list[dict[str, str]]:
    """Curated legal bases: "Name" or {name, uri}; these decide the Ebene, so they come first."""
    result: list[dict[str, str]] = []
    for item in items:
        entry = {"name": item} if isinstance(item, str) else dict(item)
        if not entry.get("name") or set(entry) - {"name", "uri"}:
            raise BuildError(f"{where}: Rechtsgrundlage {item!r} braucht 'name' (und ggf. 'uri')")
        result.append(entry)
    return result


def _quelle(ref: str, name: str | None, src: Sources, where: str) -> tuple[dict[str, str], str]:
    """Source reference and final name; every cited key or Produkt must exist."""
    if ":" in ref:
        prefix, produkt_nr = ref.split(":", 1)
        if prefix not in PLANS:
            raise BuildError(f"{where}: unbekannter Plan {prefix!r}")
        plan_id = PLANS[prefix][0]
        if produkt_nr not in src.plans[plan_id]:
            raise BuildError(f"{where}: Produkt {produkt_nr} fehlt in {plan_id}")
        if not name:
            raise BuildError(f"{where}: Prozess aus Produktplan braucht einen Namen")
        return {"produkt": produkt_nr, "plan": plan_id}, name
    if ref not in src.leika:
        raise BuildError(f"{where}: LeiKa-Schlüssel {ref} fehlt in leika-2019.csv")
    return {"leika": ref}, name or leika_name(ref, src)


def _leika_fields(key: str, row: dict[str, str]) -> dict[str, Any]:
    """leika, ozg and rechtsgrundlagen of a Steckbrief, taken from the LeiKa row."""
    fields: dict[str, Any] = {"leika": key}
    ozg = {
        "leistung": row["ozg_leistung"],
        "id": row["ozg_id"],
        "themenfeld": THEMENFELD.get(row["themenfeld"].strip(), ""),
    }
    ozg = {k: v for k, v in ozg.items() if v}
    if ozg:
        fields["ozg"] = ozg
    rg = rechtsgrundlagen(row["rechtsgrundlage"])
    if rg:
        fields["rechtsgrundlagen"] = rg
    return fields


def _levels(
    group: dict[str, Any], ebenen: list[str] | None, extra: dict[str, Any], where: str
) -> dict[str, Any]:
    levels = ebenen or group["ebenen"]
    bad = [lvl for lvl in levels if lvl not in LEVELS]
    if bad:
        raise BuildError(f"{where}: unbekannte Ebene {bad}")
    result: dict[str, Any] = {"ebenen": [lvl for lvl in LEVELS if lvl in levels]}
    je = {lvl: dict(v) for lvl, v in (group.get("je_ebene") or {}).items() if lvl in levels}
    for lvl, fields in (extra.get("je_ebene") or {}).items():
        if lvl not in levels:
            raise BuildError(f"{where}: je_ebene für {lvl!r}, das keine Ebene des Eintrags ist")
        je[lvl] = {**je.get(lvl, {}), **fields}
    if "oe" in extra:
        # An entry's own Organisationseinheit replaces the group's, on every Ebene.
        je = {
            lvl: {k: v for k, v in fields.items() if k != "organisationseinheit"}
            for lvl, fields in je.items()
        }
        je = {lvl: fields for lvl, fields in je.items() if fields}
    if je:
        result["je_ebene"] = {lvl: je[lvl] for lvl in LEVELS if lvl in je}
    for key in ("nur_in", "nicht_in"):
        value = extra.get(key, group.get(key))
        if value:
            result[key] = list(value)
    return result


def varianten(items: Any, main: str | None, src: Sources, where: str) -> list[dict[str, str]]:
    """``varianten`` of an entry: "<LeiKa-Schlüssel> <Name>" each; every key in the LeiKa,
    none twice and none the main key (the rules PK-S022 and PK-S014/S015 of ``validate``)."""
    if not isinstance(items, list) or not items:
        raise BuildError(f"{where}: 'varianten' braucht eine Liste \"<Schlüssel> <Name>\"")
    if not main:
        raise BuildError(f"{where}: Varianten nur bei einem Prozess mit LeiKa-Schlüssel")
    result: list[dict[str, str]] = []
    seen = {main}
    for item in items:
        match = _VARIANTE.match(str(item))
        if match is None:
            raise BuildError(f"{where}: Variante {item!r} nicht lesbar (\"<Schlüssel> <Name>\")")
        key = match["leika"]
        if key not in src.leika:
            raise BuildError(f"{where}: LeiKa-Schlüssel {key} der Variante fehlt in leika-2019.csv")
        if key in seen:
            raise BuildError(f"{where}: LeiKa-Schlüssel {key} doppelt im Prozess")
        seen.add(key)
        result.append({"leika": key, "name": match["name"]})
    return result


def build_entry(group: dict[str, Any], raw: Any, src: Sources, where: str) -> dict[str, Any]:
    ref, given_name, ebenen, extra = item_fields(raw, where)
    bereich = str(group["bereich"])
    if bereich not in src.bereiche:
        raise BuildError(f"{where}: Produktbereich {bereich!r} gibt es in NKF-NRW nicht")
    quelle, name = _quelle(ref, given_name, src, where)
    check_name(name, where)
    entry: dict[str, Any] = {"id": slug(name), "name": name}
    if group.get("beschreibung"):
        entry["beschreibung"] = group["beschreibung"]
    produkt: dict[str, str] = {"bereich": bereich}
    if group.get("produkt"):
        produkt["bezeichnung"] = group["produkt"]
    entry["produkt"] = produkt
    oe = extra.get("oe", group.get("oe"))
    if oe:
        entry["organisationseinheit"] = oe
    curated = rechtsgrundlagen_curated(
        extra.get("rechtsgrundlagen", group.get("rechtsgrundlagen")) or [], where
    )
    zust = extra.get("zustaendigkeit", group.get("zustaendigkeit"))
    if zust:
        # The provision that decides the Ebene comes first, marked so that readers and the
        # tests find it: "Zuständigkeit: § 3 Abs. 1 OBG NRW …".
        texts = [zust] if isinstance(zust, str) else list(zust)
        curated = [{"name": f"Zuständigkeit: {t}"} for t in texts] + curated
    leika_key = quelle.get("leika") or extra.get("leika")
    if leika_key:
        if leika_key not in src.leika:
            raise BuildError(f"{where}: LeiKa-Schlüssel {leika_key} fehlt in leika-2019.csv")
        fields = _leika_fields(leika_key, src.leika[leika_key])
        if extra.get("leika_rechtsgrundlagen") is False:
            fields.pop("rechtsgrundlagen", None)
        entry.update(fields)
    if "varianten" in extra:
        # right after the main key, where the Steckbrief model has the field
        variants = varianten(extra["varianten"], leika_key, src, where)
        entry = _insert_after(entry, "leika", "varianten", variants)
    if curated:
        # The curated bases (the one deciding the Ebene first) go before the LeiKa's.
        rg = curated + [r for r in entry.get("rechtsgrundlagen", []) if r not in curated]
        entry["rechtsgrundlagen"] = rg
    entry["quelle"] = quelle
    entry.update(_levels(group, ebenen, extra, where))
    return entry


def _insert_after(entry: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, item in entry.items():
        result[name] = item
        if name == after:
            result[key] = value
    return result


def leika_keys(entry: dict[str, Any]) -> list[str]:
    """Every LeiKa key of a catalogue process: the main key and its variants' keys."""
    keys = [entry["leika"]] if entry.get("leika") else []
    return keys + [v["leika"] for v in entry.get("varianten", ())]


def build(src: Sources) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    errors: list[str] = []
    for file in sorted(CURATED.glob("[0-9]*.yaml")):
        groups = yaml.safe_load(file.read_text(encoding="utf-8"))
        for gi, group in enumerate(groups):
            for ii, raw in enumerate(group["prozesse"]):
                where = f"{file.name}: Gruppe {group.get('thema', gi)}, Eintrag {ii + 1}"
                try:
                    entries.append(build_entry(group, raw, src, where))
                except BuildError as exc:
                    errors.append(str(exc))
    if errors:
        raise BuildError("\n".join(errors))
    for field in ("id", "name"):
        dupes = [v for v, n in Counter(e[field] for e in entries).items() if n > 1]
        if dupes:
            raise BuildError(f"doppelte {field}: {', '.join(sorted(dupes))}")
    holders = Counter(key for e in entries for key in leika_keys(e))
    variant_keys = {v["leika"] for e in entries for v in e.get("varianten", ())}
    dupes = sorted(key for key in variant_keys if holders[key] > 1)
    if dupes:
        raise BuildError(f"Variantenschlüssel auch in einem anderen Prozess: {', '.join(dupes)}")
    return entries


def header(src: Sources, files: list[str]) -> dict[str, Any]:
    meta = yaml.safe_load((CURATED / "katalog-kopf.yaml").read_text(encoding="utf-8"))
    meta["dateien"] = files
    return dict(meta)


def _in_blaupause(entry: dict[str, Any], blaupause: str) -> bool:
    """Exceptions ``nur_in``/``nicht_in``, read as ``prozesskit.init.catalogue.derive`` does."""
    if "nur_in" in entry and blaupause not in entry["nur_in"]:
        return False
    return blaupause not in entry.get("nicht_in", ())


def readme(entries: list[dict[str, Any]], src: Sources, blaupausen: dict[str, Any]) -> str:
    intro = (CURATED / "README-kopf.md").read_text(encoding="utf-8").rstrip("\n")
    names = list(blaupausen)
    lines = [intro, "", "## Umfang (vom Generator erzeugt)", ""]
    lines.append(
        "| Produktbereich | " + " | ".join(names) + " | Quelle LeiKa | Quelle Produktplan |"
    )
    lines.append("|---|" + "---:|" * len(names) + "---:|---|")
    totals = Counter[str]()
    plan_total = Counter[str]()
    for bereich in sorted(src.bereiche):
        rows = [e for e in entries if e["produkt"]["bereich"] == bereich]
        if not rows:
            continue
        counts = []
        for bp in names:
            levels = set(blaupausen[bp]["ebenen"])
            n = sum(1 for e in rows if levels & set(e["ebenen"]) and _in_blaupause(e, bp))
            totals[bp] += n
            counts.append(str(n))
        n_leika = sum(1 for e in rows if "leika" in e["quelle"])
        plans = Counter(e["quelle"]["plan"] for e in rows if "plan" in e["quelle"])
        plan_total.update(plans)
        totals["leika"] += n_leika
        plan_text = ", ".join(f"{p} {n}" for p, n in sorted(plans.items())) or "–"
        lines.append(
            f"| {bereich} {src.bereiche[bereich]} | "
            + " | ".join(counts)
            + f" | {n_leika} | {plan_text} |"
        )
    plan_text = ", ".join(f"{p} {n}" for p, n in sorted(plan_total.items()))
    lines.append(
        "| **Summe** | "
        + " | ".join(f"**{totals[bp]}**" for bp in names)
        + f" | **{totals['leika']}** | {plan_text} |"
    )
    keys = {e["quelle"]["leika"] for e in entries if "leika" in e["quelle"]}
    merged = [e for e in entries if e.get("varianten")]
    all_keys = {key for e in entries for key in leika_keys(e)}
    lines += [
        "",
        (f"Katalog insgesamt: {len(entries)} Prozesse, davon {totals['leika']} mit "
         f"LeiKa-Schlüssel ({len(keys)} verschiedene Schlüssel) und "
         f"{sum(plan_total.values())} aus Produktplänen (interne und Infrastruktur-Prozesse). "
         f"{len(merged)} Prozesse führen weitere LeiKa-Leistungen als Varianten "
         f"({sum(len(e['varianten']) for e in merged)} Schlüssel, `varianten`); "
         f"alle Schlüssel zusammen: {len(all_keys)}."),
        "",
    ]
    return "\n".join(lines)


def write(out: Path, src: Sources) -> None:
    entries = build(src)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        bereich = entry["produkt"]["bereich"]
        by_file.setdefault(f"prozesse/{bereich}-{FILE_SLUGS[bereich]}.yaml", []).append(entry)
    files = sorted(by_file)
    (out / "prozesse").mkdir(parents=True, exist_ok=True)
    for old in (out / "prozesse").glob("*.yaml"):
        if f"prozesse/{old.name}" not in by_file:
            old.unlink()
    for file in files:
        (out / file).write_text(dump_text(to_commented(by_file[file])), encoding="utf-8")
    head = header(src, files)
    (out / "katalog.yaml").write_text(dump_text(to_commented(head)), encoding="utf-8")
    (out / "README.md").write_text(readme(entries, src, head["blaupausen"]), encoding="utf-8")
    write_name_index(out)


def write_name_index(out: Path) -> None:
    """``namensindex.json`` from the Blaupausen as ``init`` derives them (PK-S031 reads it)."""
    from prozesskit.init.catalogue import derive, load_catalogue
    from prozesskit.init.namensindex import FILE_NAME, index_text

    cat = load_catalogue(out)
    derived = {bp: derive(cat, bp) for bp in cat.blaupausen}
    (out / FILE_NAME).write_text(index_text(cat.name, cat.version, derived), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quellen", type=Path, default=REPO / "tests" / "data" / "reference",
                        help="Ordner mit leika-2019.csv(.gz), produktbereiche.csv, produktplaene/")
    parser.add_argument("--out", type=Path, default=REPO / "blueprints")
    args = parser.parse_args(argv)
    try:
        write(args.out, load_sources(args.quellen))
    except BuildError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
