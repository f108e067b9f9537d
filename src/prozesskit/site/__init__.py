"""``prozesskit site``: the register as a static website that works offline.

Pages: the Prozesslandkarte (``index.html``: Produktbereiche → processes, coloured by
modelling status, filterable), one page per Steckbrief (``prozesse/<id>.html``: every
attribute, LeiKa entry, Herkunft, IST and SOLL models drawn inline), the search
(``suche.html`` with ``suchindex.js``) and the dashboard (``kennzahlen.html``). Everything
is relative links, files and inline SVG: it works from ``file://``, GitLab Pages and
GitHub Pages without a request to anywhere.

Modules: :mod:`.data` (register → processes), :mod:`.fields` and :mod:`.labels` (German
text), :mod:`.models` (drawings), :mod:`.search` (index), :mod:`.charts` (SVG bars),
:mod:`.pages` (Jinja2), :mod:`.output` (incremental, atomic writes and the build
manifest). The library writes files but never prints; the CLI reports.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from prozesskit import __version__
from prozesskit.errors import UsageError
from prozesskit.register.view import Register

if TYPE_CHECKING:
    from prozesskit.site.data import Process

__all__ = ["SiteResult", "build_site", "check_basis_url"]

#: Bumped when the meaning of a page key changes (forces every page to be rebuilt)
KEY_VERSION = 1
_BASIS_URL = re.compile(r"^https?://[^\s\"'<>`\\]+$")


@dataclass(frozen=True, slots=True)
class SiteResult:
    root: Path
    pages: int  # HTML pages of the site
    written: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: int
    notes: tuple[str, ...]


def check_basis_url(url: str | None) -> str:
    """The base URL with a final slash, "" for none; only http(s) without quotes or spaces."""
    if url is None or not url.strip():
        return ""
    url = url.strip()
    if not _BASIS_URL.match(url):
        raise UsageError(f"--basis-url '{url}' ist keine Adresse der Form https://… ohne "
                         "Leerzeichen und Anführungszeichen, z. B. "
                         "https://netz.gitlab.io/prozessregister/")
    return url if url.endswith("/") else url + "/"


def _package_hash() -> str:
    """Templates and static files: a changed template rebuilds every page."""
    digest = hashlib.sha256(__version__.encode())
    base = resources.files("prozesskit.site")
    for folder in ("templates", "static"):
        for item in sorted(base.joinpath(folder).iterdir(), key=lambda t: t.name):
            if item.is_file():
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def build_site(register: Register, output: Path, *, basis_url: str | None = None,
               force: bool = False) -> SiteResult:
    """Write (or bring up to date) the site of ``register`` in ``output``."""
    from prozesskit.leika.catalog import load_catalog
    from prozesskit.site import pages
    from prozesskit.site.data import collect
    from prozesskit.site.models import copy_path
    from prozesskit.site.output import SiteFolder
    from prozesskit.site.search import INDEX_FILE, build_index, index_script

    basis = check_basis_url(basis_url)
    site = collect(register)
    folder = SiteFolder(output, force=force)
    catalog = load_catalog()
    common = _key(KEY_VERSION, _package_hash(), site.kommune, site.produktrahmen, basis,
                  catalog.stand)

    def canonical(rel: str) -> str:
        return basis + rel if basis else ""

    static = resources.files("prozesskit.site").joinpath("static")
    for item in sorted(static.iterdir(), key=lambda t: t.name):
        if item.is_file():
            folder.put(f"assets/{item.name}", item.read_bytes())
    for process in site.processes:
        for ref in process.modelle:
            if ref.file is not None and ref.file.raw is not None:
                folder.put(copy_path(ref.file.path), ref.file.raw)
        key = _key(common, process.sha256,
                   [(r.art, r.datei, r.file.sha256 if r.file else None) for r in process.modelle])
        if folder.current(process.page, key):
            continue
        html = pages.prozess(site, process, canonical(process.page))
        folder.put(process.page, html.encode("utf-8"), key)
    leika_names = {}
    for process in site.processes:
        leistung = catalog.get(process.leika) if process.leika else None
        if leistung is not None:
            leika_names[process.leika] = leistung.bezeichnung
    folder.put("index.html", pages.karte(site, canonical("index.html")).encode("utf-8"))
    folder.put("suche.html", pages.suche(site, canonical("suche.html")).encode("utf-8"))
    folder.put("kennzahlen.html",
               pages.kennzahlen(site, canonical("kennzahlen.html")).encode("utf-8"))
    index = build_index(site.processes, leika_names)
    folder.put(INDEX_FILE, index_script(index).encode("utf-8"))
    if basis:
        folder.put("sitemap.xml", _sitemap(basis, site.processes).encode("utf-8"))
    folder.finish()
    html_pages = 3 + len(site.processes)
    written = tuple(folder.written)
    return SiteResult(output, html_pages, written, tuple(folder.deleted),
                      len(folder.new) - len(written), site.notes)


def _sitemap(basis: str, processes: tuple[Process, ...]) -> str:
    from xml.sax.saxutils import escape

    rels = ["index.html", "kennzahlen.html", "suche.html", *(p.page for p in processes)]
    urls = "".join(f"<url><loc>{escape(basis + rel)}</loc></url>" for rel in rels)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
