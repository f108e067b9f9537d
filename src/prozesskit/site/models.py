"""A process's BPMN models, drawn for its page by :mod:`prozesskit.render`.

The drawing is embedded inline (no request, and the page's script can react to the
elements). Two changes to the renderer's standalone SVG make it fit a page: the XML
declaration goes (it is not allowed inside HTML) and every element group gets
``tabindex="0"``, so that keyboard users reach each element and hear its ``<title>`` (type
and name) and ``<desc>`` (documentation); the page's script shows the same text in a box
beside the drawing on hover and focus. Without script the table of elements below each
drawing carries the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from prozesskit.render import RenderError, render_model
from prozesskit.site.data import ModelRef
from prozesskit.site.labels import MODELLART_TEXT

_XML_DECL = re.compile(r"^<\?xml[^>]*\?>\s*")
_GROUP = re.compile(r'<g((?: id="[^"]*")?) class="bpmn-element ')
_SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True, slots=True)
class Element:
    bpmn_id: str
    title: str
    desc: str


@dataclass(frozen=True, slots=True)
class Drawing:
    name: str
    svg: str
    elements: tuple[Element, ...]


@dataclass(frozen=True, slots=True)
class ShownModel:
    art: str  # ist | soll | ""
    art_text: str
    datei: str
    copy: str  # path of the BPMN copy in the site, "" when the file is missing
    source: str  # the model's path in the register, "" when missing
    drawings: tuple[Drawing, ...]
    error: str  # German, when the model cannot be drawn
    #: shapes and edges the drawings leave out, in German (render's hint, on the page)
    ausgelassen: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        """The copy's address relative to the site root, for ``href``/``src``."""
        return url_path(self.copy)


def _elements(svg: str) -> tuple[Element, ...]:
    root = etree.fromstring(svg.encode("utf-8"))
    found = []
    for group in root.iter(f"{_SVG}g"):
        bpmn_id = group.get("data-bpmn-id")
        if bpmn_id is None:
            continue
        title = group.find(f"{_SVG}title")
        desc = group.find(f"{_SVG}desc")
        found.append(Element(bpmn_id, title.text or "" if title is not None else "",
                             desc.text or "" if desc is not None else ""))
    return tuple(found)


def _inline(svg: str) -> str:
    body = _XML_DECL.sub("", svg, count=1)
    return _GROUP.sub(r'<g\1 tabindex="0" class="bpmn-element ', body)


def url_path(path: str) -> str:
    """``path`` as a relative URL: each segment percent-encoded (the schema allows ``#``,
    ``%``, ``?``, spaces in file names; unencoded, ``#`` starts a fragment and the link
    dies), the ``/`` between them kept."""
    from urllib.parse import quote

    return "/".join(quote(part, safe="") for part in path.split("/"))


def copy_path(path: str) -> str:
    """Where the site offers a model's BPMN file for download (under ``modelle/``)."""
    return f"modelle/{path.removeprefix('modelle/')}"


def show_model(ref: ModelRef, number: int) -> ShownModel:
    art_text = MODELLART_TEXT.get(ref.art, "Modell")
    if ref.file is None or ref.file.raw is None:
        return ShownModel(ref.art, art_text, ref.datei, "", "", (),
                          f"Die Modelldatei '{ref.datei}' fehlt im Register oder ist nicht "
                          "lesbar.")
    copy = copy_path(ref.file.path)
    try:
        drawn = render_model(ref.file.raw, ref.file.path, id_prefix=f"m{number}-")
    except RenderError as exc:
        return ShownModel(ref.art, art_text, ref.datei, copy, ref.file.path, (),
                          f"Das Modell lässt sich nicht zeichnen: {exc}")
    drawings = tuple(Drawing(d.name, _inline(d.svg), _elements(d.svg)) for d in drawn)
    return ShownModel(ref.art, art_text, ref.datei, copy, ref.file.path, drawings, "",
                      tuple(sentence for d in drawn for sentence in d.ausgelassen))
