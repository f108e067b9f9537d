"""BPMN models drawn as SVG from their diagram interchange, in pure Python.

The renderer is a library: bytes in, SVG text out, every failure a :class:`RenderError`
with a German message. It parses through :func:`prozesskit.bpmn.parse.parse_bpmn`, so an
untrusted model meets the same limits as in ``validate``. The drawing follows the BPMN 2.0
specification's notation (and the conventions users know from common modellers); it is
written from the specification, not from another renderer's code.

Modules: :mod:`.di` (DI geometry), :mod:`.shapes` and :mod:`.markers` (shapes and their
pictograms), :mod:`.edges`, :mod:`.labels` with :mod:`.fonts` (text placement and width
table), :mod:`.svg` (writer helpers), :mod:`.document` (one diagram → one SVG).
"""

from __future__ import annotations

from dataclasses import dataclass

from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.render.di import diagrams, semantic_index
from prozesskit.render.document import render_diagram

__all__ = ["NEU_PLATZIEREN", "RenderError", "RenderedDiagram", "render_model"]

#: What to do about a shape or edge left out (render's and the site's hint)
NEU_PLATZIEREN = "Das Element im Modellierungswerkzeug neu platzieren und das Modell neu speichern"

_REPAIRED_NOTE = "; der Rest des Modells wurde aus einer reparierten Lesung"


class RenderError(Exception):
    """The model cannot be drawn; ``str(exc)`` is a complete German message."""

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class RenderedDiagram:
    #: the ``BPMNDiagram``'s id (or "Diagramm N" when it has none)
    id: str
    name: str
    svg: str
    #: shapes and edges left out (a coordinate that cannot be drawn), in German
    ausgelassen: tuple[str, ...] = ()


def render_model(raw: bytes, file: str, *, id_prefix: str = "") -> list[RenderedDiagram]:
    """Every diagram of the model that shows something, in file order."""
    parsed, problems = parse_bpmn(raw, file)
    if parsed is None or parsed.repaired:
        first = problems[0] if problems else None
        message = first.message if first is not None else "BPMN-Datei nicht lesbar"
        # validate goes on with a repaired reading and says so; a drawing never guesses
        message = message.split(_REPAIRED_NOTE, 1)[0]
        if parsed is not None:
            message += " (gezeichnet wird nur ein Modell aus fehlerfreiem XML)"
        if first is not None and first.hint:
            message = f"{message}. {first.hint}"
        raise RenderError(message, file=file, line=first.line if first is not None else None)
    root = parsed.root
    index = semantic_index(root)
    every = diagrams(root, index)
    found = [d for d in every if d.shapes or d.edges]
    left_out = [sentence for d in every for sentence in d.ausgelassen]
    if not found and left_out:  # a layout, yet nothing on it can be drawn
        more = f" (und {len(left_out) - 1} weitere)" if len(left_out) > 1 else ""
        raise RenderError(
            f"Keine Form und keine Kante des Diagramms lässt sich zeichnen: {left_out[0]}"
            f"{more}. Die Elemente im Modellierungswerkzeug neu platzieren und das Modell "
            "neu speichern", file=file)
    if not found:
        raise RenderError(
            "Das Modell enthält kein Diagramm-Layout (BPMN-DI: BPMNDiagram mit BPMNShape/"
            "BPMNEdge); ohne Koordinaten lässt es sich nicht zeichnen. Das Modell in einem "
            "Modellierungswerkzeug öffnen und als BPMN 2.0 XML mit Diagramm speichern",
            file=file,
        )
    model_name = root.get("name") or ""
    result = []
    for diagram in found:
        title = diagram.name if diagram.name != diagram.id or not model_name else model_name
        svg = render_diagram(diagram, index, title=f"BPMN-Diagramm „{title}“",
                             id_prefix=id_prefix)
        result.append(RenderedDiagram(diagram.id, diagram.name, svg,
                                      tuple(diagram.ausgelassen)))
    return result
