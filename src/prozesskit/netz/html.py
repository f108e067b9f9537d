"""A :class:`~prozesskit.netz.dokument.Dokument` as one standalone HTML page.

The page works offline and asks for nothing: no script, no web font, no CDN, no image; the
only style is inline and allowed by its hash in the Content-Security-Policy (no
``unsafe-inline``), so that a strict policy on a web server shows it unchanged. Every text
is escaped. For screen readers: ``lang="de"``, one ``h1``, a ``caption`` and ``th`` with
``scope`` per table, numbers right-aligned but still plain text.

This is ``bericht``'s page. ``netz --format html`` is a page of the site instead
(:mod:`prozesskit.site.netzseite`: the site's template, header and stylesheet).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from prozesskit.netz.dokument import Abschnitt, Dokument, Wert, als_text

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;
color:#1a1a1a;background:#fff;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;vertical-align:top}
thead th{background:#e8eef5;text-align:left}
tbody th{font-weight:normal;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
p.hinweis{color:#333;max-width:60rem}
"""


def _csp_hash(style: str) -> str:
    return base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()


#: The policy: nothing may load; only the one inline style, named by its hash
CSP = (f"default-src 'none'; style-src 'sha256-{_csp_hash(_STYLE)}'; img-src 'none'; "
       "base-uri 'none'; form-action 'none'")


def _cell(value: Wert, tag: str, scope: str = "") -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    attrs = (f' scope="{scope}"' if scope else "") + (' class="n"' if numeric else "")
    return f"<{tag}{attrs}>{escape(als_text(value))}</{tag}>"


def _section(section: Abschnitt, level: int) -> str:
    parts = [f"<section><h{level}>{escape(section.titel)}</h{level}>"]
    if section.zeilen:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in section.kopf)
        rows = "".join(
            "<tr>" + _cell(row[0], "th", "row") + "".join(_cell(v, "td") for v in row[1:])
            + "</tr>\n" for row in section.zeilen)
        parts.append(f"<table><caption>{escape(section.titel)}</caption>\n"
                     f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody></table>")
    else:
        parts.append("<p>(keine)</p>")
    if section.hinweis:
        parts.append(f'<p class="hinweis">{escape(section.hinweis)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def body(doc: Dokument, level: int = 2) -> str:
    """The introduction and the sections, headings from ``h{level}`` on."""
    intro = "".join(f"<p>{escape(line)}</p>\n" for line in doc.einleitung)
    return intro + "\n".join(_section(s, level) for s in doc.abschnitte)


def to_html(doc: Dokument) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{escape(CSP, quote=False)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{escape(doc.titel)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n<h1>{escape(doc.titel)}</h1>\n{body(doc)}\n</main>\n</body>\n</html>\n"
    )
