"""What the XProzess rules share: element walking by local name, positions."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from prozesskit.exchange.xprozess.lesen import line, local


def walk(root: etree._Element, *names: str) -> Iterator[etree._Element]:
    """Every element below ``root`` with one of these local names, in document order."""
    wanted = set(names)
    for element in root.iter():
        if isinstance(element.tag, str) and local(element) in wanted:
            yield element


def where(element: etree._Element) -> str:
    """``prozess/prozesssteckbrief/handlungsgrundlage``: the path a message names."""
    parts = []
    node: etree._Element | None = element
    while node is not None and node.getparent() is not None:
        parts.append(local(node))
        node = node.getparent()
    return "/".join(reversed(parts[:4]))


__all__ = ["line", "local", "walk", "where"]
