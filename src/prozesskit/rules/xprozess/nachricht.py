"""Wurzelelement, Nachrichtentyp und XProzess-Version passen zusammen.

Eine XProzess-Nachricht nennt ihre Art zweimal: im Namen des Wurzelelements
(``alleInhalte.export.0303``) und im Code des Nachrichtentyps im Nachrichtenkopf. Beide
müssen übereinstimmen, das Wurzelelement muss im Namensraum
``http://www.regierung-mv.de/xprozess/2`` stehen, ``xprozessVersion`` muss ``2.0`` sein und
die Pflichtattribute ``produkt`` und ``produkthersteller`` müssen gesetzt sein. Eine
Prozessbibliothek-Nachricht (0203) hat keinen Prozesskatalog.

Richtig::

    <xprozess:alleInhalte.export.0303 xprozessVersion="2.0" produkt="ADONIS NP" ...>
      <xprozess:nachrichtenkopf> ... <code>0303</code> ...

Falsch::

    <xprozess:prozessbibliothek.export.0203 xprozessVersion="2.0" ...>
      <xprozess:nachrichtenkopf> ... <code>0303</code> ...
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.dokument import XProzessDoc
from prozesskit.exchange.xprozess.lesen import code, kid, kids
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.rules.xprozess._helpers import line, local

CODE = "PK-P010"
NAME = "xprozess-nachricht"
TITLE = "XProzess: Wurzelelement, Nachrichtentyp und Version stimmen überein"
SCOPE = Scope.XPROZESS
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(doc: XProzessDoc, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    root = doc.root
    name = local(root)
    at = line(root)
    namespace = root.tag.split("}")[0][1:] if root.tag.startswith("{") else ""
    if namespace != codes.NS:
        yield Finding(f"Wurzelelement <{name}> steht im Namensraum '{namespace}', erwartet "
                      f"'{codes.NS}'", line=at,
                      hint="Mit dem XProzess-2.0-Namensraum exportieren.")
    expected = codes.NACHRICHTEN.get(name)
    if expected is None:
        yield Finding(f"<{name}> ist keine XProzess-2.0-Nachricht", line=at,
                      hint="Bekannt sind " + ", ".join(sorted(codes.NACHRICHTEN)) + ".")
    if root.get("xprozessVersion") != codes.VERSION:
        yield Finding(f"xprozessVersion ist {root.get('xprozessVersion')!r}, erwartet '2.0'",
                      line=at, hint='xprozessVersion="2.0" am Wurzelelement setzen.')
    for attribute in ("produkt", "produkthersteller"):
        if not (root.get(attribute) or "").strip():
            yield Finding(f"Das Pflichtattribut '{attribute}' des Wurzelelements fehlt",
                          line=at, hint="Das erzeugende Werkzeug und seinen Hersteller nennen.")
    kopf = kid(root, "nachrichtenkopf")
    typ = kid(kopf, "nachrichtentyp") if kopf is not None else None
    value = code(typ)
    if expected is not None and value is not None and value != expected:
        yield Finding(f"Nachrichtentyp {value} passt nicht zum Wurzelelement <{name}> "
                      f"(erwartet {expected})", line=line(typ) if typ is not None else at,
                      hint="Wurzelelement und Code des Nachrichtentyps müssen dieselbe "
                      "Nachricht nennen.")
    if expected in ("0201", "0202", "0203"):
        for katalog in kids(root, "prozesskatalog"):
            yield Finding(f"Eine Nachricht {expected} enthält keinen Prozesskatalog",
                          line=line(katalog),
                          hint="Als alleInhalte.export.0303 exportieren oder den "
                          "Prozesskatalog weglassen.")
