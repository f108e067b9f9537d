"""Checks every site test runs over a built site: links, external URLs, CSP, inline code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from prozesskit.site.pages import CSP
from prozesskit.site.search import GLOBAL, INDEX_FILE

_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")
#: the one absolute URL a page may hold without being a link: the SVG namespace
_NAMESPACES = {"http://www.w3.org/2000/svg"}


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def check_links(root: Path) -> list[str]:
    """Every href/src/action of every page: an existing file in the site (and, with a
    fragment, an element with that id), or an external <a> link (returned)."""
    external: list[str] = []
    for page in html_files(root):
        doc = parse(page)
        for element in doc.iter():
            for attr in ("href", "src", "action", "xlink:href"):
                value = element.get(attr)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    assert element.tag == "a" and parts.scheme in ("http", "https"), \
                        f"{page}: {element.tag} {attr}={value} lädt von außen"
                    assert "external" in (element.get("rel") or ""), value
                    external.append(value)
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), f"{page.relative_to(root)}: {attr}={value} fehlt"
                assert target.is_relative_to(root.resolve()), value
                if parts.fragment and target.suffix == ".html":
                    ids = parse(target).xpath("//@id")
                    assert parts.fragment in ids, f"{page}: Anker {value} fehlt"
    return external


def check_no_request(root: Path, allowed_links: set[str]) -> None:
    """No absolute URL in any attribute of any page but the SVG namespace and the allowed
    <a rel=external> links (text may mention addresses: text loads nothing); none at all
    in scripts and styles. The search index is data: :func:`load_index` parses it."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".html":
            for element in parse(path).iter():
                if not isinstance(element.tag, str):
                    continue
                for name, value in element.attrib.items():
                    if "//" not in value or value in _NAMESPACES:
                        continue
                    assert element.tag == "a" and name == "href" and value in allowed_links, \
                        f"{path.relative_to(root)}: {element.tag} {name}={value}"
        elif path.suffix in (".css", ".js") and path.name != INDEX_FILE:
            text = path.read_text(encoding="utf-8")
            assert not _URL.findall(text), path
            assert "@import" not in text and "url(" not in text and "fetch(" not in text
            assert "XMLHttpRequest" not in text and "innerHTML" not in text
            assert "import(" not in text and "src =" not in text


def check_csp(root: Path) -> None:
    """The CSP meta on every page; no inline script, style or event handler anywhere."""
    for page in html_files(root):
        doc = parse(page)
        metas = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert metas == [CSP], page
        assert "unsafe-inline" not in metas[0] and "unsafe-eval" not in metas[0]
        for script in doc.iter("script"):
            assert script.get("src") and not (script.text or "").strip(), page
        assert not doc.xpath("//style"), page
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            assert "style" not in element.attrib, (page, element.tag)
            assert not [a for a in element.attrib if a.lower().startswith("on")], page
            assert not (element.get("href") or "").lower().startswith("javascript:")


def load_index(root: Path) -> dict[str, object]:
    text = (root / INDEX_FILE).read_text(encoding="utf-8")
    prefix = f'"use strict";\nwindow.{GLOBAL} = '
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, object] = json.loads(text[len(prefix):-2])
    return data
