"""The network view (``netz``) as a page of the site: ``netz.html`` in a built site, or one
standalone file from ``prozesskit netz --format html``.

Both are laid out by the site's own templates (``netz.html.j2`` extends ``basis.html.j2``),
so the page has the site's look, header, escaping and Content-Security-Policy. The views
themselves come as :class:`~prozesskit.netz.dokument.Dokument` from :mod:`prozesskit.netz`
(matrix, Priorisierung, Arbeitsteilung, Stand), never computed here.

A standalone file cannot link ``assets/site.css`` (nothing lies next to it), so it carries
the site's stylesheet inline and the policy allows exactly that style by its hash: still no
``unsafe-inline``, still nothing loaded. It has no navigation (the other pages are not
there); within a site, every page links it as "Netzwerk".
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from prozesskit.netz.dokument import Dokument, Wert, als_text
from prozesskit.site.pages import CSP, environment

PAGE = "netz.html"
#: What the page in the site shows (the CLI's defaults of ``netz``)
TOP = 10
MINDESTENS = 2
QUARTALE = 8


@dataclass(frozen=True, slots=True)
class NetzSeite:
    """The network page of a site: its heading and the views, ready to lay out."""

    name: str
    dokumente: tuple[Dokument, ...]


def _ist_zahl(value: Wert) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@lru_cache(maxsize=1)
def _inline_style() -> tuple[str, str]:
    """(the site's stylesheet, the policy that allows it inline and nothing else)."""
    css = resources.files("prozesskit.site").joinpath("static", "site.css").read_text(
        encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return css, CSP.replace("style-src 'self'", f"style-src 'sha256-{digest}'")


def _render(titel: str, kommune: str, dokumente: Sequence[Dokument], *, eigenstaendig: bool,
            canonical: str = "") -> str:
    stil, csp = _inline_style() if eigenstaendig else ("", CSP)
    return environment().get_template("netz.html.j2").render(
        kommune=kommune, seite="netz", titel=titel, root="", canonical=canonical,
        csp=csp, stil=stil, eigenstaendig=eigenstaendig, netz_seite=not eigenstaendig,
        dokumente=list(dokumente), ebene=2 if len(dokumente) == 1 else 3,
        als_text=als_text, ist_zahl=_ist_zahl,
    )


def standalone(doc: Dokument) -> str:
    """One view as a single offline HTML file (``prozesskit netz --format html``)."""
    return _render(doc.titel, "Netzwerk", [doc], eigenstaendig=True)


def site_page(seite: NetzSeite, kommune: str, canonical: str) -> str:
    """``netz.html`` of a site: every view under the site's header and navigation."""
    return _render(f"Netzwerk {seite.name}", kommune, seite.dokumente, eigenstaendig=False,
                   canonical=canonical)


def read_netz_seite(netz_yaml: Path) -> NetzSeite:
    """Read the members of ``netz_yaml`` and lay out the four views of ``netz`` (with the
    command's defaults): what ``site --netz`` publishes next to the register."""
    from prozesskit.errors import UsageError
    from prozesskit.netz import report
    from prozesskit.netz.load import members_of, open_members, read_netz
    from prozesskit.netz.matrix import build_matrix
    from prozesskit.netz.stand import stand
    from prozesskit.netz.views import arbeitsteilung, priorisierung

    if not netz_yaml.is_file():
        raise UsageError(f"--netz '{netz_yaml}': keine Datei; bitte den Pfad einer netz.yaml "
                         "angeben (anlegen mit 'prozesskit netz init')")
    netz = read_netz(netz_yaml)
    members = open_members(members_of(netz, netz_yaml.resolve().parent, netz_yaml))
    matrix = build_matrix(members)
    return NetzSeite(netz.name, (
        report.matrix_dokument(matrix),
        report.priorisierung_dokument(priorisierung(matrix, TOP)),
        report.arbeitsteilung_dokument(arbeitsteilung(matrix, MINDESTENS, None)),
        report.stand_dokument(stand(members, QUARTALE)),
    ))
