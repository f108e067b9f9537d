"""Render a model diff as text (terminal), JSON (versioned) or Markdown (merge request).

Pure functions returning strings; the CLI decides where they go and whether the terminal
gets colour. One listing in flow order (``BpmnDiff.entries``): a reviewer reads the
changes along the process, not sorted by kind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from prozesskit.diff.result import BpmnDiff, Entry
from prozesskit.limits import german_int

FORMATS = ("text", "json", "markdown")

_MARK = {"added": "+", "removed": "-", "changed": "~", "layout": "·"}
_MD_MARK = {"added": "➕ hinzugefügt", "removed": "➖ entfernt", "changed": "✏️ geändert",
            "layout": "📐 Layout"}
_ANSI = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m",
         "layout": "\x1b[2m", "head": "\x1b[1m", "ok": "\x1b[1;32m", "diff": "\x1b[1;33m",
         "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def summary_line(result: BpmnDiff) -> str:
    """``✖ 1 hinzugefügt, 0 entfernt, 2 geändert, 3 nur Layout geändert`` or ``✔ Keine …``."""
    if not result.has_differences:
        return "✔ Keine Unterschiede"
    counts = result.summary()
    return (f"✖ {german_int(counts['added'])} hinzugefügt, {german_int(counts['removed'])} "
            f"entfernt, {german_int(counts['changed'])} geändert, "
            f"{german_int(counts['layout_changed'])} nur Layout geändert")


def entry_lines(entry: Entry) -> list[str]:
    """What one entry says: the first line after the element's label, then more lines."""
    if entry.kind == "added":
        return ["hinzugefügt"]
    if entry.kind == "removed":
        return ["entfernt"]
    if entry.kind == "layout":
        return ["nur Layout geändert"]
    assert entry.change is not None
    lines = [change.text for change in entry.change.changes]
    if entry.change.layout_changed:
        lines.append("Layout geändert")
    return lines


def entry_label(entry: Entry) -> str:
    """Changed elements are named as they were (the change says what they became)."""
    return entry.change.old.label if entry.change is not None else entry.element.label


def render_text(result: BpmnDiff, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if color else text

    out = [paint(f"Vergleich {result.old_file} → {result.new_file}", "head")]
    for entry in result.entries():
        lines = entry_lines(entry)
        mark = paint(_MARK[entry.kind], entry.kind)
        if len(lines) == 1:
            out.append(f"  {mark} {entry_label(entry)}: {lines[0]}")
        else:
            out.append(f"  {mark} {entry_label(entry)}:")
            out.extend(f"      {line}" for line in lines)
    out.extend(paint(f"Hinweis: {note}", "dim") for note in result.notes)
    out.append(paint(summary_line(result), "diff" if result.has_differences else "ok"))
    return "\n".join(out) + "\n"


def render_json(result: BpmnDiff, *, tool_version: str) -> str:
    return json.dumps(result.to_json(tool_version), ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    from prozesskit.reporters.markdown import escape_cell

    return escape_cell(text)


def _md_rows(result: BpmnDiff) -> Iterator[str]:
    for entry in result.entries():
        element = _cell(entry_label(entry))
        what = "<br>".join(_cell(line) for line in entry_lines(entry))
        yield f"| {_MD_MARK[entry.kind]} | {element} | {what} |"


def render_markdown(result: BpmnDiff) -> str:
    """A merge-request comment: heading, summary, one table row per element in flow order."""
    parts = [f"### BPMN-Vergleich `{_code(result.old_file)}` → `{_code(result.new_file)}`", "",
             summary_line(result)]
    if result.has_differences:
        parts += ["", "| Art | Element | Änderung |", "| --- | --- | --- |", *_md_rows(result)]
    if result.notes:
        parts += [""] + [f"> Hinweis: {_cell(note)}" for note in result.notes]
    return "\n".join(parts) + "\n"


def _code(text: str) -> str:
    """File names inside a code span: a backtick would end it."""
    return text.replace("`", "'")


def render(result: BpmnDiff, fmt: str, *, tool_version: str, color: bool = False) -> str:
    """``fmt`` is one of :data:`FORMATS` (the CLI checks it before comparing anything)."""
    if fmt == "json":
        return render_json(result, tool_version=tool_version)
    if fmt == "markdown":
        return render_markdown(result)
    return render_text(result, color=color)
