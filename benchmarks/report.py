"""Turn measured cases into the JSON result (ratios, target checks) and a Markdown table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.run import Case

#: name -> (description, limit, "min" if the value must be at least the limit else "max").
#: The issue's targets; "one file changed" is a warm target (a remembered last run).
#: ``--changed-since`` without any cache must read every Steckbrief for the register rules
#: and is reported beside the table (INFO), not counted as a target.
TARGETS: dict[str, tuple[str, float, str]] = {
    "speedup_vs_peers": ("kalt: (check-jsonschema + bpmnlint) / prozesskit", 8.0, "min"),
    "cold_vs_floor": ("kalt: prozesskit / (Parse-Boden + Start-up)", 2.5, "max"),
    "warm_s": ("warm, nichts geändert [s]", 0.3, "max"),
    "changed_s": ("warm, 1 Steckbrief geändert [s]", 0.4, "max"),
    "changed_model_s": ("warm, 1 Modell geändert [s]", 0.4, "max"),
    "changed_since_warm_s": ("--changed-since HEAD, 1 geändert, warm [s]", 0.4, "max"),
    # issue 15, section 5: CI restores the cache into a fresh checkout
    "changed_since_ci_s": ("--changed-since HEAD, 1 geändert, frischer Checkout mit "
                           "wiederhergestelltem Cache (CI) [s]", 0.35, "max"),
    "scale_growth_vs_input": ("10×: Zeitzuwachs / Dateizuwachs (≤ 1 = höchstens linear)",
                              1.0, "max"),
    "scale_peak_mib": ("10×: Spitzenspeicher prozesskit kalt, alle Prozesse [MiB]", 1024.0,
                       "max"),
}


#: name -> description of values shown for orientation below the targets
INFO: dict[str, str] = {
    "changed_since_s": "--changed-since HEAD, 1 geändert, ohne jeden Cache (liest alle "
                       "Steckbriefe für die Registerregeln; kein Ziel des Issues) [s]",
}


def _wall(case: Case, name: str) -> float | None:
    row = case.row(name)
    return row.wall_s if row else None


def floor_total(case: Case) -> dict[str, float] | None:
    startup = case.row("startup")
    if not case.floor_work or startup is None:
        return None
    return {"wall_s": case.floor_work["work_wall_s"] + startup.wall_s,
            "cpu_s": case.floor_work["work_cpu_s"] + startup.cpu_s}


def peers_total(case: Case) -> dict[str, float] | None:
    cj, lint = case.row("check_jsonschema"), case.row("bpmnlint")
    if cj is None or lint is None:
        return None
    return {"wall_s": cj.wall_s + lint.wall_s, "cpu_s": cj.cpu_s + lint.cpu_s}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def derived(case: Case) -> dict[str, Any]:
    cold = _wall(case, "pk_cold")
    cold_row = case.row("pk_cold")
    floor, peer = floor_total(case), peers_total(case)
    return {
        "floor_total": floor,
        "peers_total": peer,
        "speedup_vs_peers": _ratio(peer["wall_s"] if peer else None, cold),
        "speedup_vs_peers_cpu": _ratio(peer["cpu_s"] if peer else None,
                                       cold_row.cpu_s if cold_row else None),
        "cold_vs_floor": _ratio(cold, floor["wall_s"] if floor else None),
        "warm_s": _wall(case, "pk_warm"),
        "changed_s": _wall(case, "pk_changed"),
        "changed_model_s": _wall(case, "pk_changed_model"),
        "changed_since_s": _wall(case, "pk_since"),
        "changed_since_warm_s": _wall(case, "pk_since_warm"),
        "changed_since_ci_s": _wall(case, "pk_since_ci"),
    }


def _scale(base: Case, big: Case) -> dict[str, Any]:
    growth = _ratio(_wall(big, "pk_cold"), _wall(base, "pk_cold"))
    floor_growth = _ratio(_wall(big, "floor_process"), _wall(base, "floor_process"))
    byte_growth = _ratio(big.input_bytes()["total"], base.input_bytes()["total"])
    file_growth = _ratio(big.steckbriefe + big.modelle, base.steckbriefe + base.modelle)
    cold = big.row("pk_cold")
    return {
        "time_growth": growth,
        "floor_growth": floor_growth,
        "file_growth": file_growth,
        "byte_growth": byte_growth,
        "scale_growth_vs_input": _ratio(growth, file_growth),
        "scale_growth_vs_bytes": _ratio(growth, byte_growth),
        "scale_growth_vs_floor": _ratio(growth, floor_growth),
        "scale_peak_mib": cold.tree_rss_mib if cold else None,
        "scale_peak_maxrss_mib": cold.maxrss_mib if cold else None,
    }


def _targets(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, (text, limit, kind) in TARGETS.items():
        value = values.get(name)
        ok = None if value is None else (value >= limit if kind == "min" else value <= limit)
        out[name] = {"beschreibung": text, "wert": value, "grenze": limit,
                     "art": kind, "erfuellt": ok}
    return out


def _case_dict(case: Case) -> dict[str, Any]:
    return {
        "steckbriefe": case.steckbriefe, "modelle": case.modelle, "register": str(case.root),
        "input_bytes": case.input_bytes(),
        "measurements": {r.name: r.as_dict() for r in case.rows},
        "derived": derived(case), "notes": case.notes,
    }


def build(cases: Sequence[Case], info: dict[str, Any], scale: int) -> dict[str, Any]:
    result: dict[str, Any] = {**info, "cases": {c.key: _case_dict(c) for c in cases}}
    values = dict(derived(cases[0]))
    if len(cases) > 1:
        result["scale"] = {"factor": scale, **_scale(cases[0], cases[1])}
        values |= result["scale"]
    result["targets"] = _targets(values)
    return result


# --------------------------------------------------------------------------- Markdown


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _rows(case: dict[str, Any]) -> list[str]:
    head = f"{case['steckbriefe']} Steckbriefe + {case['modelle']} Modelle"
    lines = []
    for m in case["measurements"].values():
        med = m["median"]
        lines.append(f"| {head} | {m['label']} | {_fmt(med['wall_s'])} | {_fmt(med['cpu_s'])} "
                     f"| {_fmt(m['peak_maxrss_mib'], 0)} | {_fmt(m['peak_tree_rss_mib'], 0)} |")
    d = case["derived"]
    for label, total in (("Parse-Boden gesamt (Arbeit im Prozess + Start-up/Importe)",
                          d["floor_total"]),
                         ("Peers zusammen (check-jsonschema + bpmnlint)", d["peers_total"])):
        if total:
            lines.append(f"| {head} | **{label}** | {_fmt(total['wall_s'])} "
                         f"| {_fmt(total['cpu_s'])} | | |")
    return lines


def _origin(result: dict[str, Any]) -> str:
    commit = (result.get("prozesskit_origin") or {}).get("commit", "")
    return f", prozesskit {commit.split(' ', 1)[0]}" if commit else ""


def markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    out = [
        f"Gemessen {result['timestamp']} auf {machine['cpus']} CPUs, Python "
        f"{machine['python']}, Node {machine['node']}; Median aus {result['repeat']} Läufen, "
        f"check-jsonschema {result['check_jsonschema']}, bpmnlint {result['bpmnlint']}"
        f"{_origin(result)}.",
        "",
        "| Register | Messung | Wand [s] | CPU [s] | maxrss [MiB] | Σ RSS [MiB] |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for case in result["cases"].values():
        out.extend(_rows(case))
    out += ["", "| Ziel | gemessen | Grenze | erfüllt |", "|---|---:|---:|:-:|"]
    for t in result["targets"].values():
        mark = {True: "ja", False: "**nein**", None: "–"}[t["erfuellt"]]
        sign = "≥" if t["art"] == "min" else "≤"
        out.append(f"| {t['beschreibung']} | {_fmt(t['wert'])} | {sign} {t['grenze']:g} "
                   f"| {mark} |")
    derived_base = next(iter(result["cases"].values()))["derived"]
    for name, text in INFO.items():
        out.append(f"| zur Einordnung: {text} | {_fmt(derived_base.get(name))} | – | – |")
    if "scale" in result:
        sc = result["scale"]
        out += ["", f"Skalierung ×{sc['factor']}: Zeit ×{_fmt(sc['time_growth'])}, Dateien "
                f"×{_fmt(sc['file_growth'])}, Bytes ×{_fmt(sc['byte_growth'])}, Parse-Boden "
                f"×{_fmt(sc['floor_growth'])}."]
    return "\n".join(out)
