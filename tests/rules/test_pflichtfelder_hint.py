"""PK-S010's hint says where a Pflichtfeld comes from, instead of claiming the network agreed on
it (a register made by ``init`` has ``pflichtfelder: []`` and still gets ``organisationseinheit``
from the default profile)."""

from __future__ import annotations

from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief import pflichtfelder
from prozesskit.yamlio.read import parse_yaml

TEXT = b"id: hundesteuer-festsetzen\nname: Hundesteuer festsetzen\nprodukt:\n  bereich: '16'\n"


def _hints(fields: tuple[str, ...]) -> dict[str, str]:
    doc, problems = parse_yaml(TEXT, "steckbriefe/hundesteuer-festsetzen.yaml")
    assert doc is not None and problems == []
    sb = SteckbriefDoc(doc.file, doc, None)
    found = pflichtfelder.check(sb, None, RuleContext(pflichtfelder=fields))
    return {".".join(map(str, f.path or ())): f.hint or "" for f in found}


def test_hint_names_the_profile_or_the_conventions() -> None:
    hints = _hints(("organisationseinheit", "prioritaet", "leika", "beschreibung"))
    assert hints["organisationseinheit"].startswith("Verlangt vom Profil prozesskit:empfohlen ")
    assert hints["prioritaet"].startswith("Verlangt vom Profil prozesskit:streng ")
    assert hints["leika"].startswith("Verlangt vom Profil prozesskit:fim ")
    assert hints["beschreibung"].startswith(
        "Verlangt von 'pflichtfelder' in den Konventionen des Registers")
    assert not any("Netzwerk hat" in hint for hint in hints.values())
