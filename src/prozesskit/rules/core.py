"""Checks the loaders perform before any rule runs: readability and schema.

They are listed as rules so that ``prozesskit regeln`` documents them and reports carry a
code, but they cannot be switched off: a file that cannot be read cannot be checked.
"""

from __future__ import annotations

from prozesskit.problem import Level
from prozesskit.rules.base import Rule, Scope

_ALL = frozenset({"empfohlen", "streng", "fim"})


def _core(
    code: str, name: str, title: str, scope: Scope, doc: str, level: Level = Level.ERROR
) -> Rule:
    return Rule(
        code=code,
        name=name,
        title=title,
        scope=scope,
        level=level,
        profiles=_ALL,
        check=None,
        doc=doc,
        core=True,
    )


CORE_RULES: tuple[Rule, ...] = (
    _core(
        "PK-S001",
        "yaml-lesbar",
        "YAML-Datei ist lesbar und gültig",
        Scope.STECKBRIEF,
        """Die Datei muss gültiges YAML sein, genau ein Dokument enthalten, nicht leer
und nicht größer als die Grenze sein; Anker und Aliase dürfen nicht unbegrenzt expandieren.

Richtig:
    name: Gewerbeanmeldung entgegennehmen

Falsch:
    name: Gewerbeanmeldung: entgegennehmen   # Doppelpunkt im Wert ohne Anführungszeichen
""",
    ),
    _core(
        "PK-S002",
        "kodierung-utf8",
        "Datei ist UTF-8-kodiert",
        Scope.STECKBRIEF,
        """Dateien müssen UTF-8 sein (mit oder ohne BOM). Windows-Editoren speichern
manchmal als ANSI/Windows-1252: dann erscheinen Umlaute falsch.

Richtig: im Editor 'Speichern unter' → Kodierung 'UTF-8'.

Falsch: eine Datei mit 'Ä' als Byte 0xC4 (Windows-1252).
""",
    ),
    _core(
        "PK-S003",
        "doppelter-schluessel",
        "Kein Schlüssel doppelt",
        Scope.STECKBRIEF,
        """Ein Feld darf in derselben Zuordnung nur einmal vorkommen; sonst ginge einer der
Werte stillschweigend verloren.

Richtig:
    name: Fahrzeug zulassen

Falsch:
    name: Fahrzeug zulassen
    name: Kfz zulassen
""",
    ),
    _core(
        "PK-S004",
        "schema",
        "Steckbrief entspricht dem Schema",
        Scope.STECKBRIEF,
        """Pflichtfelder vorhanden, Werte vom richtigen Typ, nur bekannte Felder
(eigene Attribute gehören unter 'merkmale:'). Das Schema liegt in schemas/.

Richtig:
    kennzahlen:
      fallzahl_pro_jahr: 850

Falsch:
    kennzahlen:
      fallzahl: viele        # unbekanntes Feld, kein Zahlenwert
""",
    ),
    _core(
        "PK-R001",
        "manifest",
        "prozesskit.yaml ist gültig",
        Scope.REGISTER,
        """Das Register-Manifest prozesskit.yaml muss lesbar sein und dem Schema
entsprechen (Kommune mit Name, amtlichem Schlüssel und Typ; Produktrahmen).

Richtig:
    kommune:
      name: Kreis Musterland
      schluessel: "05999"
      typ: kreis

Falsch:
    kommune:
      name: Kreis Musterland
      schluessel: 5999        # 5 Ziffern als Text in Anführungszeichen
""",
    ),
    _core(
        "PK-B001",
        "xml-lesbar",
        "BPMN-Datei ist sicheres, wohlgeformtes BPMN-2.0-XML",
        Scope.BPMN,
        """Die Datei muss wohlgeformtes XML sein, ohne DOCTYPE (Entitäten werden aus
Sicherheitsgründen nie aufgelöst), mit <definitions> im BPMN-2.0-Namensraum als Wurzel
und innerhalb der Größengrenzen.

Eine Datei, die nicht wohlgeformt ist, aber sicher gelesen werden kann (nicht deklariertes
Namensraum-Präfix wie bei GovModeler, Leerzeichen in einer Namensraum-URI wie bei IBM Process
Designer, Latin-1-Bytes in einer UTF-8-Datei, fehlerhafte XML-Deklaration), wird zusätzlich
repariert gelesen und geprüft, wie bpmnlint sie liest; der XML-Fehler bleibt ein Fehler, und
jeder Befund daraus beginnt seinen Hinweis mit „Aus reparierter Lesung“.

Richtig:
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ...>

Falsch:
    <!DOCTYPE x [<!ENTITY a "...">]>
    <bpmn:definitions ...>        # ohne xmlns:bpmn="…"
""",
    ),
    _core(
        "PK-B004",
        "elementname-schreibweise",
        "BPMN-Elementnamen in der Schreibweise des Standards",
        Scope.BPMN,
        """BPMN-Elemente heißen so, wie der Standard sie schreibt: <task>, <startEvent>,
<sequenceFlow>. Ein Element in anderer Groß-/Kleinschreibung (<Task>, <StartEvent>) wird wie
von bpmnlint als das gemeinte Element gelesen und geprüft, aber gemeldet: viele Werkzeuge
und Process Engines lesen es nicht.

Richtig:
    <bpmn:task id="Task_1" name="Antrag prüfen"/>

Falsch:
    <bpmn:Task id="Task_1" name="Antrag prüfen"/>
""",
        Level.WARN,
    ),
    _core(
        "PK-P001",
        "xprozess-lesbar",
        "XProzess-Datei ist sicheres, wohlgeformtes XML",
        Scope.XPROZESS,
        """Eine XProzess-Datei (.xml mit dem Namensraum http://www.regierung-mv.de/xprozess/2)
muss wohlgeformtes XML sein, ohne DOCTYPE (Entitäten werden aus Sicherheitsgründen nie
aufgelöst) und innerhalb der Größengrenzen; sonst kann sie nicht geprüft werden.

Richtig:
    <xprozess:alleInhalte.export.0303 xmlns:xprozess="http://www.regierung-mv.de/xprozess/2" ...>

Falsch:
    <!DOCTYPE x [<!ENTITY a "...">]>
    <xprozess:alleInhalte.export.0303 ...>
""",
    ),
)
