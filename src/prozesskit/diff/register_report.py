"""Render a register's comparison with its sources as text, JSON or Markdown.

Pure functions returning strings, like :mod:`prozesskit.diff.report` for one model pair.
The listing puts what needs attention first (conflicts and upstream changes before local
ones), names each process with id and name, says on which side a field changed and, for
models, lists the semantic changes in flow order. Unchanged processes are only counted;
long runs of processes only in the source (a register made from part of a Blaupause) are
cut in text and Markdown (JSON lists all).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from prozesskit.diff.report import entry_label, entry_lines
from prozesskit.diff.steckbrief import FieldChange, show_value, show_values
from prozesskit.library.status import Stand
from prozesskit.library.vergleich_ergebnis import (
    ModellVergleich,
    ProzessVergleich,
    QuellenVergleich,
    RegisterVergleich,
)
from prozesskit.limits import german_int

FORMATS = ("text", "json", "markdown")

#: Order of the listing: what needs a decision first
_ORDER = (Stand.KONFLIKT, Stand.BEIDSEITIG_GEAENDERT, Stand.IN_DER_QUELLE_GEAENDERT,
          Stand.IN_DER_QUELLE_ENTFALLEN, Stand.BEIDSEITIG_GLEICH, Stand.LOKAL_GEAENDERT,
          Stand.LOKAL_ENTFALLEN, Stand.NUR_IN_DER_QUELLE, Stand.NUR_LOKAL, Stand.UNVERAENDERT)
_MARK = {Stand.KONFLIKT: "!", Stand.BEIDSEITIG_GEAENDERT: "~", Stand.IN_DER_QUELLE_GEAENDERT: "~",
         Stand.IN_DER_QUELLE_ENTFALLEN: "-", Stand.NUR_IN_DER_QUELLE: "+",
         Stand.BEIDSEITIG_GLEICH: "=", Stand.LOKAL_GEAENDERT: "~", Stand.LOKAL_ENTFALLEN: "-",
         Stand.NUR_LOKAL: "·", Stand.UNVERAENDERT: " "}
_STYLE = {Stand.KONFLIKT: "removed", Stand.NUR_IN_DER_QUELLE: "added",
          Stand.IN_DER_QUELLE_ENTFALLEN: "removed", Stand.LOKAL_ENTFALLEN: "removed"}
_ANSI = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m", "head": "\x1b[1m",
         "ok": "\x1b[1;32m", "diff": "\x1b[1;33m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"
_KIND_MARK = {"added": "+", "removed": "-", "changed": "~"}
#: at most this many processes "nur in der Quelle" are listed one by one in text/markdown
_SHOWN_ONLY_UPSTREAM = 20


def render(result: RegisterVergleich, fmt: str, *, tool_version: str,
           color: bool = False) -> str:
    """``fmt`` is one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result.to_json(tool_version), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(result)
    return render_text(result, color=color)


def counts_text(source: QuellenVergleich) -> str:
    """``2 in der Quelle geändert, 1 beidseitig geändert (Konflikt), 555 unverändert``."""
    counts: dict[Stand, int] = {}
    for item in source.prozesse:
        counts[item.stand] = counts.get(item.stand, 0) + 1
    parts = [f"{german_int(counts[stand])} {stand.value}" for stand in _ORDER if counts.get(stand)]
    return ", ".join(parts) or "keine Prozesse"


def summary_line(result: RegisterVergleich) -> str:
    differing = [source for source in result.quellen if source.has_differences]
    if not differing:
        return "✔ Keine Unterschiede"
    total = sum(1 for source in differing for item in source.prozesse if item.is_difference)
    return (f"✖ {german_int(total)} gemeinsame(r) Prozess(e) mit Unterschieden zu "
            f"{len(differing)} von {len(result.quellen)} Quelle(n)")


def _sorted(source: QuellenVergleich) -> list[ProzessVergleich]:
    rank = {stand: index for index, stand in enumerate(_ORDER)}
    return sorted((item for item in source.prozesse if item.stand is not Stand.UNVERAENDERT),
                  key=lambda item: (rank[item.stand], item.id))


def _title(item: ProzessVergleich) -> str:
    name = f" '{item.name}'" if item.name else ""
    mapped = f" (in der Quelle '{item.quelle_id}')" if item.quelle_id and \
        item.quelle_id != item.id else ""
    return f"{item.id}{name}{mapped}"


def _field(change: FieldChange) -> str:
    mark = _KIND_MARK[change.kind]
    if change.kind == "changed":
        old, new = show_values(change.old, change.new)
        return f"{mark} {change.where}: {old} → {new}"
    value = change.new if change.kind == "added" else change.old
    return f"{mark} {change.where}: {show_value(value)}"


def _model_head(model: ModellVergleich) -> str:
    art = f" {model.art.upper()}" if model.art else ""
    path = model.lokal or model.quelle or "?"
    return f"Modell{art} ({path}): {model.stand.value}"


def detail_lines(item: ProzessVergleich) -> Iterator[str]:
    """What changed in one process, line by line (no indentation, no colour)."""
    upstream_label = "Quelle" if item.mit_basis else "lokal → Quelle"
    for change in item.lokal:
        yield f"lokal: {_field(change)}"
    for change in item.quelle:
        yield f"{upstream_label}: {_field(change)}"
    for conflict in item.konflikte:
        base, local, upstream = show_values(conflict.base, conflict.local, conflict.upstream)
        yield f"Konflikt {conflict.where}: Basis {base}, lokal {local}, Quelle {upstream}"
    for model in item.modelle:
        if model.stand is Stand.UNVERAENDERT:
            continue
        yield _model_head(model)
        for side, result in (("lokal", model.lokal_diff), (upstream_label, model.quelle_diff)):
            if result is None:
                continue
            for entry in result.entries():
                lines = entry_lines(entry)
                yield f"  {side}: {entry_label(entry)}: {'; '.join(lines)}"
        if model.hinweis:
            yield f"  Hinweis: {model.hinweis}"
    for hint in item.hinweise:
        yield f"Hinweis: {hint}"


def _heading(source: QuellenVergleich) -> str:
    from prozesskit.register.view import stand_label

    p = source.provenance
    stand = stand_label(p.get("kind"), p.get("commit"), p.get("version"), p.get("sha256"))
    return f"Vergleich mit {source.quelle}" + (f" ({stand})" if stand else "")


def render_text(result: RegisterVergleich, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    out: list[str] = []
    for source in result.quellen:
        out.append(paint(_heading(source), "head"))
        listed = _sorted(source)
        only_upstream = [item for item in listed if item.stand is Stand.NUR_IN_DER_QUELLE]
        hidden = {item.id for item in only_upstream[_SHOWN_ONLY_UPSTREAM:]}
        for item in listed:
            if item.id in hidden:
                continue
            mark = paint(_MARK[item.stand], _STYLE.get(item.stand, "changed"))
            out.append(f"  {mark} {item.stand.value}: {_title(item)}")
            out.extend(f"      {line}" for line in detail_lines(item))
        if hidden:
            out.append(f"  … und {german_int(len(hidden))} weitere nur in der Quelle "
                       "(--format json listet alle)")
        out.extend(paint(f"  Hinweis: {note}", "dim") for note in source.hinweise)
        out.append(f"  {counts_text(source)}")
    if result.nur_lokal:
        out.append(f"Eigene Prozesse (nur lokal, in keiner Quelle): "
                   f"{german_int(len(result.nur_lokal))}")
    out.extend(paint(f"Hinweis: {note}", "dim") for note in result.hinweise)
    out.append(paint(summary_line(result), "diff" if result.has_differences else "ok"))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    from prozesskit.reporters.markdown import escape_cell

    return escape_cell(text)


def render_markdown(result: RegisterVergleich) -> str:
    """A merge-request comment: per source a heading, the counts and one table row per
    process with a difference (what changed, separated by line breaks)."""
    parts: list[str] = []
    for source in result.quellen:
        parts += [f"### {_cell(_heading(source))}", "", counts_text(source)]
        listed = _sorted(source)
        only_upstream = [item for item in listed if item.stand is Stand.NUR_IN_DER_QUELLE]
        hidden = {item.id for item in only_upstream[_SHOWN_ONLY_UPSTREAM:]}
        rows = [item for item in listed if item.id not in hidden]
        if rows:
            parts += ["", "| Stand | Prozess | Änderungen |", "| --- | --- | --- |"]
            parts += [f"| {_cell(item.stand.value)} | {_cell(_title(item))} | "
                      f"{'<br>'.join(_cell(line) for line in detail_lines(item))} |"
                      for item in rows]
        if hidden:
            parts += ["", f"… und {german_int(len(hidden))} weitere nur in der Quelle."]
        parts += [f"> Hinweis: {_cell(note)}" for note in source.hinweise]
        parts.append("")
    if result.nur_lokal:
        parts += [f"Eigene Prozesse (nur lokal): {german_int(len(result.nur_lokal))}", ""]
    parts += [f"> Hinweis: {_cell(note)}" for note in result.hinweise]
    parts.append(summary_line(result))
    return "\n".join(parts) + "\n"
