"""``prozesskit site``: the register as a static website that works offline.

Pages: the Prozesslandkarte (``index.html``: Produktbereiche → processes, coloured by
modelling status, filterable), one page per Steckbrief (``prozesse/<id>.html``: every
attribute, LeiKa entry, Herkunft, IST and SOLL models drawn inline), the search
(``suche.html`` with ``suchindex.js``), the dashboard (``kennzahlen.html``) and, with a
netz.yaml, the network views (``netz.html``, :mod:`.netzseite`). Everything
is relative links, files and inline SVG: it works from ``file://``, GitLab Pages and
GitHub Pages without a request to anywhere.

Modules: :mod:`.data` (register → processes), :mod:`.fields` and :mod:`.labels` (German
text), :mod:`.models` (drawings), :mod:`.search` (index), :mod:`.charts` (SVG bars),
:mod:`.pages` (Jinja2), :mod:`.output` (incremental, atomic writes and the build
manifest). The library writes files but never prints; the CLI reports.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit import __version__
from prozesskit.errors import UsageError
from prozesskit.register.view import Register
from prozesskit.site.cache import SummaryCache
from prozesskit.site.data import Process, SiteData, Summary, assemble, heading, summarize

if TYPE_CHECKING:
    from prozesskit.leika.catalog import LeikaCatalog
    from prozesskit.register.view import SteckbriefFile
    from prozesskit.site.inputs import SiteInput
    from prozesskit.site.netzseite import NetzSeite
    from prozesskit.site.output import SiteFolder

__all__ = ["SiteResult", "build_site", "check_basis_url"]

#: Bumped when the meaning of a page key changes (forces every page to be rebuilt)
KEY_VERSION = 2
#: Bumped when what a summary holds changes (the cache starts afresh)
SUMMARY_VERSION = 1
_BASIS_URL = re.compile(r"^https?://[^\s\"'<>`\\]+$")


@dataclass(frozen=True, slots=True)
class SiteResult:
    root: Path
    pages: int  # HTML pages of the site
    written: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: int
    notes: tuple[str, ...]  # Steckbriefe without a page; what drawings drawn now leave out


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
    import orjson

    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()


def build_site(register: Register | Path, output: Path, *, basis_url: str | None = None,
               force: bool = False, netz: NetzSeite | None = None) -> SiteResult:
    """Write (or bring up to date) the site of ``register`` in ``output``.

    ``register`` a folder (a :class:`Path`): read incrementally, with the summaries of
    unchanged Steckbriefe from the register's cache (:mod:`.cache`); a :class:`Register`:
    everything from the view. Either way the files written are the same bytes.
    ``netz``: the network views (:func:`.netzseite.read_netz_seite`) for ``netz.html``.
    """
    from prozesskit.site.inputs import SiteInput

    basis = check_basis_url(basis_url)
    if isinstance(register, Path):
        source = SiteInput.from_folder(Register.check_root(register))
    else:
        source = SiteInput.from_register(register)
    return _build(source, output, basis, force, netz)


def _build(source: SiteInput, output: Path, basis: str, force: bool,
           netz: NetzSeite | None) -> SiteResult:
    from prozesskit.leika.catalog import load_catalog
    from prozesskit.site import pages
    from prozesskit.site.models import copy_path
    from prozesskit.site.output import SiteFolder, refuse_register_target
    from prozesskit.site.search import INDEX_FILE, build_index, index_script
    from prozesskit.validation.buildid import build_id

    refuse_register_target(output, source.root)
    catalog = load_catalog()
    kommune, rahmen = heading(source.manifest if source.has_manifest else None,
                              source.location)
    cache = SummaryCache(source.root, _key(SUMMARY_VERSION, build_id(), rahmen, catalog.stand))
    cache.load()
    site, parsed = _collect(source, kommune, rahmen, cache, catalog)
    site = replace(site, netz_seite=netz is not None)
    folder = SiteFolder(output, force=force)
    common = _key(KEY_VERSION, _package_hash(), build_id(), site.kommune, site.produktrahmen,
                  basis, catalog.stand, site.netz_seite)

    def canonical(rel: str) -> str:
        return basis + rel if basis else ""

    static = resources.files("prozesskit.site").joinpath("static")
    for item in sorted(static.iterdir(), key=lambda t: t.name):
        if item.is_file():
            folder.put(f"assets/{item.name}", item.read_bytes())
    stale: list[tuple[Process, str]] = []
    for process in site.processes:
        for ref in process.modelle:
            if ref.file is not None and ref.file.raw is not None:
                folder.put(copy_path(ref.file.path), ref.file.raw, digest=ref.file.sha256)
        key = _key(common, process.path, process.sha256,
                   [(r.art, r.datei, r.file.sha256 if r.file else None) for r in process.modelle])
        if not folder.current(process.page, key):
            stale.append((process, key))
    # a cold build parsed every Steckbrief for its summary already: none is parsed twice
    parsed.update(source.parse({p.path for p, _ in stale if p.path not in parsed}))
    drawn_notes: list[str] = []
    for (process, key), (html, notes) in zip(stale, _drawn(site, stale, parsed, canonical),
                                             strict=True):
        folder.put(process.page, html, key)
        drawn_notes.extend(notes)

    def page(rel: str, key: str, make: Callable[[], str]) -> None:
        if not folder.current(rel, key):
            folder.put(rel, make().encode("utf-8"), key)

    # the map and the dashboard show the summaries but no description or search term
    shown = _key(common, site.notes, [_shown(p) for p in site.processes])
    page("index.html", _key(shown, "index.html"),
         lambda: pages.karte(site, canonical("index.html")))
    page("suche.html", _key(common, "suche.html"),
         lambda: pages.suche(site, canonical("suche.html")))
    page("kennzahlen.html", _key(shown, "kennzahlen.html"),
         lambda: pages.kennzahlen(site, canonical("kennzahlen.html")))
    page(INDEX_FILE, _key(common, INDEX_FILE, [(p.id, p.sha256) for p in site.processes]),
         lambda: index_script(build_index(site.processes)))
    _netz_page(folder, netz, site.kommune, canonical)
    if basis:
        page("sitemap.xml", _key(common, "sitemap.xml", [p.id for p in site.processes]),
             lambda: _sitemap(basis, site.processes, site.netz_seite))
    folder.finish()
    cache.save()
    html_pages = 3 + len(site.processes) + site.netz_seite
    written = tuple(folder.written)
    return SiteResult(output, html_pages, written, tuple(folder.deleted),
                      len(folder.new) - len(written), (*site.notes, *drawn_notes))


#: From this many pages to draw on, half of them are drawn in a forked child (a cold build
#: of 2,000: drawing is most of its time, and ``validate`` uses both CPUs too)
PARALLEL_PAGES = 200


def _drawn(site: SiteData, stale: list[tuple[Process, str]],
           parsed: Mapping[str, SteckbriefFile], canonical: Callable[[str], str]
           ) -> list[tuple[bytes, tuple[str, ...]]]:
    """The pages of ``stale``, in its order, each with what its drawings leave out: every
    other one drawn in a forked child when there are many (the pages depend on nothing but
    their inputs; only this process writes)."""
    from prozesskit.forkpair import both, can_fork
    from prozesskit.site import pages

    def draw(part: list[tuple[Process, str]]) -> list[tuple[bytes, tuple[str, ...]]]:
        done = []
        for process, _ in part:
            notes: list[str] = []
            html = pages.prozess(site, process, parsed[process.path].data,
                                 canonical(process.page), hinweise=notes)
            done.append((html.encode("utf-8"), tuple(notes)))
        return done

    if len(stale) < PARALLEL_PAGES or not can_fork():
        return draw(stale)
    even, odd = both(lambda: draw(stale[0::2]), lambda: draw(stale[1::2]))
    return [even[i // 2] if i % 2 == 0 else odd[i // 2] for i in range(len(stale))]


def _netz_page(folder: SiteFolder, netz: NetzSeite | None, kommune: str,
               canonical: Callable[[str], str]) -> None:
    """``netz.html``: made on every build (the members' registers change apart from this
    one; only its bytes decide whether it is written)."""
    if netz is None:
        return
    from prozesskit.site.netzseite import PAGE, site_page

    folder.put(PAGE, site_page(netz, kommune, canonical(PAGE)).encode("utf-8"))


def _shown(process: Process) -> tuple[object, ...]:
    s = process.summary
    return (process.path, s.id, s.name, s.bereich, s.bereich_name, s.organisationseinheit,
            s.prioritaet, s.modellierung, s.aktiv, s.leika, s.stufe, s.reifegradmodell,
            len(s.modelle))


def _collect(source: SiteInput, kommune: str, rahmen: str, cache: SummaryCache,
             catalog: LeikaCatalog) -> tuple[SiteData, dict[str, SteckbriefFile]]:
    """Every Steckbrief's summary: from the cache by hash, else parsed (and cached); with
    the Steckbriefe parsed for it."""
    from prozesskit.site.search import terms_of

    def terms(summary: Summary, data: dict[str, Any]) -> tuple[tuple[str, int], ...]:
        leistung = catalog.get(summary.leika) if summary.leika else None
        return terms_of(summary, data, leistung.bezeichnung if leistung is not None else "")

    found: dict[str, Summary] = {}
    for path, sha256 in source.steckbriefe:
        summary = cache.get(sha256) if sha256 is not None else None
        if summary is not None:
            found[path] = summary
    missing = {path for path, _ in source.steckbriefe if path not in found}
    parsed = source.parse(missing)
    for path, item in parsed.items():
        found[path] = summarize(item, rahmen, terms)
        if item.sha256 is not None:
            cache.put(item.sha256, found[path])
    site = assemble(kommune, rahmen,
                    [(path, sha256, found[path]) for path, sha256 in source.steckbriefe],
                    source.modelle)
    return site, parsed


def _sitemap(basis: str, processes: tuple[Process, ...], netz: bool) -> str:
    from xml.sax.saxutils import escape

    rels = ["index.html", "kennzahlen.html", *(["netz.html"] if netz else []), "suche.html",
            *(p.page for p in processes)]
    urls = "".join(f"<url><loc>{escape(basis + rel)}</loc></url>" for rel in rels)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
