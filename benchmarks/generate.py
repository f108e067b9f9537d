"""Generate a synthetic process register for the benchmark.

    python benchmarks/generate.py --steckbriefe 2000 --modelle 500 --out DIR [--seed 1]

Writes ``DIR/prozesskit.yaml``, ``DIR/steckbriefe/<id>.yaml`` (about 40 lines each) and
``DIR/modelle/<id>.ist.bpmn`` (copies of the OMG MIWG reference models with unique ids),
then makes ``DIR`` a git repository with one commit. Steckbriefe are drawn from the
Blaupausen catalogue (``blueprints/prozesse/*.yaml``) when one exists, otherwise from the
built-in list in :mod:`benchmarks.processes`. Output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bpmn_copy import copy_model
from benchmarks.processes import BETEILIGTE, FACHVERFAHREN, VARIANTEN, VORLAGEN, Vorlage

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "corpus"  # third-party models the repository carries
MIWG_DIR = CORPUS / "bpmn" / "miwg-reference"
#: The BPMN 2.0 XSD as prozesskit ships it (the OMG schema, unchanged).
XSD = REPO / "src" / "prozesskit" / "bpmn" / "xsd" / "BPMN20.xsd"
BLUEPRINT_DIRS = (REPO / "blueprints" / "prozesse",)
MANIFEST = """\
format: 1
kommune: {name: Kreis Benchmark, schluessel: "05999", typ: kreis}
produktrahmen: NKF-NRW
"""
GIT_USER = ("-c", "user.name=bench", "-c", "user.email=bench@example.invalid")
_BLUEPRINT_ONLY_KEYS = ("ebenen", "je_ebene", "nur_in", "nicht_in")
_ID_MAX_BASE = 70
_NUMBER_LIKE = re.compile(r"^[-+0-9._:eE]+$")


@dataclass(frozen=True)
class Register:
    """What :func:`generate` wrote."""

    root: Path
    steckbriefe: list[Path]
    modelle: list[Path]
    quelle: str


# --------------------------------------------------------------------------- sources


def load_blueprints(dirs: Sequence[Path] = BLUEPRINT_DIRS) -> list[dict[str, Any]]:
    """Steckbrief entries of the first Blaupausen catalogue found, blueprint-only keys dropped."""
    for folder in dirs:
        files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        entries = [e for f in files for e in _catalogue_entries(f)]
        if entries:
            return entries
    return []


def _catalogue_entries(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    if not isinstance(data, list):
        return []
    return [
        {k: v for k, v in item.items() if k not in _BLUEPRINT_ONLY_KEYS}
        for item in data
        if isinstance(item, dict) and isinstance(item.get("id"), str) and "produkt" in item
    ]


def vorlage_to_entry(v: Vorlage) -> dict[str, Any]:
    """A built-in template as a Steckbrief entry (same shape as a Blaupausen entry)."""
    gruppe = v.produkt.rsplit(".", 1)[0]
    return {
        "id": v.slug,
        "name": v.name,
        "beschreibung": (f"{v.name}: Antrag bzw. Anzeige entgegennehmen, Vollständigkeit und "
                         f"Zuständigkeit prüfen, entscheiden, Bescheid zustellen."),
        "produkt": {"bereich": v.bereich, "gruppe": gruppe, "produkt": v.produkt,
                    "bezeichnung": v.bezeichnung},
        "organisationseinheit": v.amt,
        "leika": v.leika,
        "ozg": {"themenfeld": v.themenfeld, "leistung": v.ozg_leistung, "id": v.ozg_id},
        "rechtsgrundlagen": [{"name": v.recht, "uri": v.recht_uri}],
        "ausloeser": "Antrag der Bürgerin oder des Bürgers",
        "ergebnis": "Bescheid ist zugestellt",
        "quelle": {"leika": v.leika},
    }


# --------------------------------------------------------------------------- Steckbriefe


def _date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _unique_id(base: str, index: int) -> str:
    return f"{base[:_ID_MAX_BASE].rstrip('-')}-{index:05d}"


def _variant_name(name: str, cycle: int) -> str:
    """Unique names when the catalogue is used more than once (as the duplicate rule asks)."""
    if cycle == 0:
        return name
    q = VARIANTEN[(cycle - 1) % len(VARIANTEN)]
    round_ = (cycle - 1) // len(VARIANTEN)
    return f"{name} ({q} {round_ + 1})" if round_ else f"{name} ({q})"


def _enrich(entry: dict[str, Any], rng: random.Random) -> None:
    """Fill the optional fields a real register tends to have, with a realistic mix."""
    entry.setdefault("beschreibung", f"{entry['name']}: Fall prüfen, entscheiden, abschließen.")
    entry.setdefault("organisationseinheit", "Fachamt")
    entry.setdefault("prozessverantwortlich", f"Sachgebietsleitung {entry['organisationseinheit']}")
    entry.setdefault("beteiligte", rng.sample(BETEILIGTE, k=rng.randint(2, 4)))
    if rng.random() < 0.85:
        entry.setdefault("kennzahlen", {
            "fallzahl_pro_jahr": rng.randrange(10, 20_000),
            "bearbeitungszeit_min": float(rng.randrange(5, 240)),
            "durchlaufzeit_tage": float(rng.randrange(1, 60)),
            "stand": _date(rng, 2025),
        })
    if rng.random() < 0.7:
        entry.setdefault("digitalisierungsgrad", {"modell": "1.1", "stufe": rng.randint(0, 4)})
    entry.setdefault("prioritaet", rng.choice(("hoch", "mittel", "niedrig")))


def _merkmale(rng: random.Random) -> dict[str, Any]:
    return {
        "fachverfahren": rng.choice(FACHVERFAHREN),
        "e_akte": rng.random() < 0.6,
        "schnittstellen": rng.sample(FACHVERFAHREN, k=2),
        "kostenstelle": f"{rng.randrange(1000, 9999)}",
    }


def build_steckbrief(entry: dict[str, Any], index: int, modell: str | None,
                     rng: random.Random, cycle: int = 0) -> dict[str, Any]:
    """One Steckbrief as data; ``cycle`` counts how often the entry was used before."""
    data = dict(entry)
    data["id"] = _unique_id(str(entry["id"]), index)
    data["name"] = _variant_name(str(entry["name"]), cycle)
    data.pop("modelle", None)
    data.pop("herkunft", None)
    _enrich(data, rng)
    if modell:
        data["modellierung"] = {"status": "ist_modelliert", "verantwortlich": "Prozessteam",
                                "werkstatt": _date(rng, 2025)}
        data["modelle"] = [{"art": "ist", "datei": modell}]
    else:
        status = rng.choice(("nicht_modelliert", "in_modellierung"))
        data["modellierung"] = {"status": status, "verantwortlich": "Prozessteam",
                                "termin": _date(rng, 2026)}
    data["status"] = "aktiv"
    data["stand"] = _date(rng, 2025)
    data["merkmale"] = {**_merkmale(rng), **dict(entry.get("merkmale") or {})}
    return data


class _Dumper(yaml.SafeDumper):
    """Quotes every number-like string: PyYAML writes ``09`` bare, YAML 1.2 reads an int."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if _NUMBER_LIKE.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_steckbrief(data: dict[str, Any]) -> str:
    """Serialise a Steckbrief the way the generator writes it (also used to edit one)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=88)


# --------------------------------------------------------------------------- writing


def _model_indices(n: int, m: int) -> set[int]:
    """Indices of the ``m`` Steckbriefe (of ``n``) that get a model, evenly spread."""
    m = min(m, n)
    return {k * n // m for k in range(m)} if m else set()


def _miwg_sources(folder: Path = MIWG_DIR) -> list[bytes]:
    sources = [p.read_bytes() for p in sorted(folder.glob("*.bpmn"))]
    if not sources:
        raise SystemExit(f"keine BPMN-Vorlagen in {folder}")
    return sources


def _git_commit(root: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *GIT_USER, *args], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "--no-gpg-sign", "-m", "Synthetisches Register für den Benchmark")


def generate(n: int, m: int, out: Path, seed: int = 1, *, git: bool = True,
             blueprint_dirs: Sequence[Path] = BLUEPRINT_DIRS) -> Register:
    """Write a register with ``n`` Steckbriefe and ``m`` models into ``out`` (replaced)."""
    rng = random.Random(seed)
    entries = load_blueprints(blueprint_dirs)
    quelle = "blaupausen" if entries else "eingebaut"
    if not entries:
        entries = [vorlage_to_entry(v) for v in VORLAGEN]
    if out.exists():
        shutil.rmtree(out)
    (out / "steckbriefe").mkdir(parents=True)
    (out / "modelle").mkdir()
    (out / "prozesskit.yaml").write_text(MANIFEST, encoding="utf-8")
    (out / ".gitignore").write_text(".prozesskit/\n", encoding="utf-8")
    sources = _miwg_sources()
    with_model = _model_indices(n, m)
    steckbriefe: list[Path] = []
    modelle: list[Path] = []
    for i in range(n):
        entry = entries[i % len(entries)]
        sid = _unique_id(str(entry["id"]), i)
        datei = f"modelle/{sid}.ist.bpmn" if i in with_model else None
        data = build_steckbrief(entry, i, datei, rng, cycle=i // len(entries))
        path = out / "steckbriefe" / f"{sid}.yaml"
        path.write_text(dump_steckbrief(data), encoding="utf-8")
        steckbriefe.append(path)
        if datei:
            copy_model(sources[len(modelle) % len(sources)], f"m{len(modelle):05d}_",
                       out / datei, process_name=str(data["name"]))
            modelle.append(out / datei)
    if git:
        _git_commit(out)
    return Register(out, steckbriefe, modelle, quelle)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=2000)
    parser.add_argument("--modelle", type=int, default=500)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-git", action="store_true", help="kein git-Repository anlegen")
    args = parser.parse_args(argv)
    reg = generate(args.steckbriefe, args.modelle, args.out, args.seed, git=not args.no_git)
    print(f"{len(reg.steckbriefe)} Steckbriefe ({reg.quelle}), {len(reg.modelle)} Modelle "
          f"in {reg.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
