"""Copy a BPMN model with every id made unique by a prefix, references rewritten to match.

Works on the lxml tree (never regex on raw text): all ``id`` attributes are collected first,
then every reference to one of them is rewritten, whether it sits in an attribute
(``sourceRef``, ``bpmnElement``, ``processRef``, …, QName or IDREF, single or a list) or in
the text of a reference element (``<incoming>``, ``<outgoing>``, ``<flowNodeRef>``,
``<dataInputRefs>``, …). The XML declaration and encoding of the original are kept.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

#: Reference attributes and elements whose names do not end in ``Ref``/``Refs``.
_REF_NAMES = frozenset({
    "bpmnElement", "sourceElement", "targetElement", "labelStyle", "default",
    "calledElement", "incoming", "outgoing", "calledChoreographyRef",
})


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_blank_text=False, huge_tree=False)


def _is_ref_name(local: str) -> bool:
    return local in _REF_NAMES or local.endswith(("Ref", "Refs"))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _rewrite_token(token: str, ids: frozenset[str], prefix: str) -> str:
    if token in ids:
        return prefix + token
    qname_prefix, sep, local = token.rpartition(":")
    if sep and local in ids:
        return f"{qname_prefix}:{prefix}{local}"
    return token


def _rewrite_value(value: str, ids: frozenset[str], prefix: str) -> str:
    tokens = value.split()
    if not tokens:
        return value
    new = [_rewrite_token(t, ids, prefix) for t in tokens]
    if new == tokens:
        return value
    if len(tokens) == 1:
        return value.replace(tokens[0], new[0])
    return " ".join(new)


def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)]


def prefix_ids(root: etree._Element, prefix: str) -> int:
    """Prefix every id in the tree and every reference to one; return the number of ids."""
    elements = _elements(root)
    ids = frozenset(str(el.get("id")) for el in elements if el.get("id"))
    for el in elements:
        for name, value in el.attrib.items():
            key = str(name)
            if key == "id":
                el.set(key, prefix + str(value))
            elif _is_ref_name(_local(key)):
                el.set(key, _rewrite_value(str(value), ids, prefix))
        if len(el) == 0 and el.text and _is_ref_name(_local(str(el.tag))):
            el.text = _rewrite_value(el.text, ids, prefix)
    return len(ids)


def name_main_process(root: etree._Element, name: str) -> bool:
    """Name the first process, and the pool showing it, like the Steckbrief."""
    process = next(iter(root.iterfind("{*}process")), None)
    if process is None:
        return False
    process.set("name", name)
    pid = process.get("id")
    for participant in root.iterfind("{*}collaboration/{*}participant"):
        ref = participant.get("processRef") or ""
        if pid and ref.rpartition(":")[2] == pid:
            participant.set("name", name)
    return True


def _has_declaration(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")


def copy_model(raw: bytes, prefix: str, out: Path, process_name: str | None = None) -> None:
    """Write ``raw`` (a BPMN document) to ``out`` with all ids prefixed by ``prefix``."""
    tree = etree.fromstring(raw, _parser()).getroottree()
    prefix_ids(tree.getroot(), prefix)
    if process_name:
        name_main_process(tree.getroot(), process_name)
    info = tree.docinfo
    if _has_declaration(raw):
        if info.standalone is None:
            tree.write(str(out), xml_declaration=True, encoding=info.encoding or "UTF-8")
        else:
            tree.write(str(out), xml_declaration=True, encoding=info.encoding or "UTF-8",
                       standalone=bool(info.standalone))
    else:
        tree.write(str(out), xml_declaration=False, encoding="UTF-8")
