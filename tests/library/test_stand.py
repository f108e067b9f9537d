"""Per-process state between base, register and source, on a real Steckbrief."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE
from prozesskit.diff.steckbrief import ABSENT, read_document
from prozesskit.library.status import Stand, classify

TEXT = (EXAMPLE / "steckbriefe" / "fahrzeug-zulassen.yaml").read_text("utf-8")
BASE = read_document(TEXT.encode(), "f.yaml")
LOCAL = read_document(TEXT.replace("fallzahl_pro_jahr: 42000", "fallzahl_pro_jahr: 40000")
                      .encode(), "f.yaml")
UP = read_document(TEXT.replace("prioritaet: hoch", "prioritaet: mittel").encode(), "f.yaml")
UP_SAME_FIELD = read_document(TEXT.replace("fallzahl_pro_jahr: 42000",
                                           "fallzahl_pro_jahr: 45000").encode(), "f.yaml")
COMMENT_ONLY = read_document(("# nur ein Kommentar\n" + TEXT).encode(), "f.yaml")


@pytest.mark.parametrize(("base", "local", "upstream", "stand"), [
    (ABSENT, BASE, ABSENT, Stand.NUR_LOKAL),
    (None, None, BASE, Stand.NUR_IN_DER_QUELLE),
    (BASE, ABSENT, UP, Stand.LOKAL_ENTFALLEN),
    (BASE, BASE, ABSENT, Stand.IN_DER_QUELLE_ENTFALLEN),
    (BASE, LOCAL, ABSENT, Stand.KONFLIKT),
    (BASE, COMMENT_ONLY, BASE, Stand.UNVERAENDERT),
    (ABSENT, BASE, BASE, Stand.UNVERAENDERT),
    (BASE, LOCAL, BASE, Stand.LOKAL_GEAENDERT),
    (BASE, BASE, UP, Stand.IN_DER_QUELLE_GEAENDERT),
    (BASE, LOCAL, UP, Stand.BEIDSEITIG_GEAENDERT),
    (BASE, LOCAL, UP_SAME_FIELD, Stand.KONFLIKT),
    (BASE, LOCAL, LOCAL, Stand.BEIDSEITIG_GLEICH),
    (BASE, ABSENT, ABSENT, Stand.BEIDSEITIG_GLEICH),
    (ABSENT, LOCAL, UP, Stand.KONFLIKT),
])
def test_classify(base: object, local: object, upstream: object, stand: Stand) -> None:
    assert classify(base, local, upstream) is stand


def test_labels_are_german_and_update_need() -> None:
    assert Stand.KONFLIKT.value == "beidseitig geändert (Konflikt)"
    assert Stand.IN_DER_QUELLE_GEAENDERT.needs_update
    assert not Stand.LOKAL_GEAENDERT.needs_update
    with pytest.raises(ValueError):
        classify(ABSENT, ABSENT, ABSENT)
