"""Where one process stands between its base, the register and its source.

``diff`` lists this per process and ``update`` decides by it what to do; both compare
plain data from the read path, so a local change of comments or layout only is no change.
"""

from __future__ import annotations

import enum
from typing import Any

from prozesskit.diff.steckbrief import ABSENT, same
from prozesskit.library.merge3 import plan


class Stand(enum.Enum):
    """The state of one process; the value is what users read."""

    NUR_LOKAL = "nur lokal"
    NUR_IN_DER_QUELLE = "nur in der Quelle"
    LOKAL_ENTFALLEN = "lokal entfallen"
    IN_DER_QUELLE_ENTFALLEN = "in der Quelle entfallen"
    UNVERAENDERT = "unverändert"
    LOKAL_GEAENDERT = "lokal geändert"
    IN_DER_QUELLE_GEAENDERT = "in der Quelle geändert"
    BEIDSEITIG_GEAENDERT = "beidseitig geändert (zusammenführbar)"
    KONFLIKT = "beidseitig geändert (Konflikt)"
    BEIDSEITIG_GLEICH = "beidseitig gleich geändert"

    @property
    def needs_update(self) -> bool:
        """Whether ``update`` has something to take from the source."""
        return self in {Stand.NUR_IN_DER_QUELLE, Stand.IN_DER_QUELLE_GEAENDERT,
                        Stand.IN_DER_QUELLE_ENTFALLEN, Stand.BEIDSEITIG_GEAENDERT,
                        Stand.KONFLIKT}


def classify(base: Any, local: Any, upstream: Any) -> Stand:
    """The state of a process from its three documents' plain data, ``ABSENT`` (or
    ``None``) for a side that does not have it.

    Without a base (never imported, or the base is lost) a process both sides hold is
    *unverändert* when they agree and a conflict of every differing field otherwise. The
    issue's eight states get two more that a member needs to tell apart: the source
    deleted a process (*in der Quelle entfallen*, a deletion ``update`` carries out only
    when the member did not change it), and both sides changed different fields
    (*zusammenführbar*, which ``update`` merges without asking).
    """
    base, local, upstream = (ABSENT if side is None else side for side in (base, local, upstream))
    if local is ABSENT and upstream is ABSENT:
        if base is ABSENT:
            raise ValueError("classify needs at least one document")
        return Stand.BEIDSEITIG_GLEICH  # deleted on both sides
    if base is ABSENT and upstream is ABSENT:
        return Stand.NUR_LOKAL
    if base is ABSENT and local is ABSENT:
        return Stand.NUR_IN_DER_QUELLE
    if local is ABSENT:
        return Stand.LOKAL_ENTFALLEN
    local_changed = base is ABSENT or not same(local, base)
    if upstream is ABSENT:
        return Stand.KONFLIKT if local_changed else Stand.IN_DER_QUELLE_ENTFALLEN
    upstream_changed = base is ABSENT or not same(upstream, base)
    if same(local, upstream):
        if base is ABSENT or not local_changed:
            return Stand.UNVERAENDERT
        return Stand.BEIDSEITIG_GLEICH
    if not upstream_changed:
        return Stand.LOKAL_GEAENDERT
    if not local_changed:
        return Stand.IN_DER_QUELLE_GEAENDERT
    return Stand.KONFLIKT if plan(base, local, upstream).conflicts else (
        Stand.BEIDSEITIG_GEAENDERT)
