"""The naming convention "Objekt + Verrichtung", shared by everything that checks names.

Steckbrief names (PK-S011/S012), BPMN activity names (PK-B050/B051) and the Blaupausen
generator must agree, or a catalogue entry could pass one check and fail the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

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
