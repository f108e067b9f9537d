"""The naming convention "Objekt + Verrichtung", shared by everything that checks names.

Steckbrief names (PK-S011/S012), BPMN activity and event names (PK-B050–B052) and the
Blaupausen generator must agree, or a catalogue entry could pass one check and fail the
other: they all split a name with :func:`name_words` and test its last word against
:data:`INFINITIVE` and :func:`generic_verbs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

#: A trailing detail in parentheses ("Fahrzeug zulassen (Neuzulassung)"), with punctuation after it.
_DETAIL: Final = re.compile(r"\s*\([^()]*\)[\s.,;:!]*$")
#: Punctuation at word edges: quotes, a full stop, a dash between words is not part of a word.
_EDGE: Final = ".,;:!?\"'„“”»«–-/()"

#: The last word of a name: a lowercase German infinitive ("prüfen", "ändern", "sammeln").
INFINITIVE: Final = re.compile(r"^[a-zäöüß]+(en|ern|eln)$")

#: Verbs that fit every process and so say nothing (FIM/PICTURE naming guidance).
GENERIC_VERBS: Final = frozenset({
    "durchführen", "bearbeiten", "erledigen", "machen", "abwickeln", "tätigen",
    "vornehmen", "behandeln", "managen", "handhaben",
})


def generic_verbs(extra: Iterable[str] = ()) -> frozenset[str]:
    """The built-in list plus a network's own (a rule option), casefolded for comparison:
    the Steckbrief rule (PK-S012) and the activity rule (PK-B051) must agree."""
    return frozenset(verb.casefold() for verb in (*GENERIC_VERBS, *extra))


def name_words(name: str) -> list[str]:
    """Words of a name, punctuation at the word edges removed, a trailing ``(…)`` dropped.

    The detail narrows a variant ("(Neuzulassung)") and is not part of the
    Objekt + Verrichtung pattern, so the verb is the last word before it; "Antrag prüfen."
    ends on "prüfen" for every rule, not on "prüfen." for some.
    """
    result = []
    for raw in _DETAIL.sub("", name).split():
        word = raw.strip(_EDGE)
        if word:
            result.append(word)
    return result
