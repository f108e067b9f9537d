"""Which processes an export takes: given ids, ``--alle`` or ``--bereich NN``.

``pack`` chooses among the facts of validate's run (it never parses a Steckbrief) and the
XProzess export among a loaded register's Steckbriefe; both hand their items here, so that
the two commands take the same processes and refuse a wrong call with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from prozesskit.errors import UsageError
from prozesskit.model.produktrahmen import two_digits


class Waehlbar(Protocol):
    """What the choice needs of a Steckbrief: its id and its Produktbereich (None: unknown,
    e.g. an unreadable file; such an item is only taken by ``--alle``)."""

    @property
    def id(self) -> str | None: ...

    @property
    def bereich(self) -> str | None: ...


W = TypeVar("W", bound=Waehlbar)


def waehlen(items: Iterable[W], ids: Sequence[str], alle: bool, bereiche: Sequence[str], *,
            zweck: str) -> list[W]:
    """The items to export, in register order for ``alle``/``bereiche`` and in the given
    order (each once) for ids; a duplicate id (PK-S006) names its first file. ``zweck``
    ends the message for an empty register ("nichts zu packen")."""
    if sum((bool(ids), alle, bool(bereiche))) != 1:
        raise UsageError("Bitte genau eines angeben: Prozess-Ids, --alle oder --bereich NN")
    if alle:
        chosen = list(items)
    elif bereiche:
        wanted = {two_digits(b) or b for b in bereiche}  # `--bereich 2` means 02
        chosen = [item for item in items if item.bereich in wanted]
        if not chosen:
            raise UsageError("Im Register gibt es keinen Steckbrief im Produktbereich "
                             + ", ".join(sorted(wanted)))
    else:
        by_id: dict[str, W] = {}
        for item in items:
            if (found := item.id) is not None:
                by_id.setdefault(found, item)
        unknown = [name for name in ids if name not in by_id]
        if unknown:
            raise UsageError("Diese Prozesse gibt es im Register nicht: " + ", ".join(unknown)
                             + " (erwartet wird die id aus dem Steckbrief)")
        chosen = [by_id[name] for name in dict.fromkeys(ids)]
    if not chosen:
        raise UsageError(f"Das Register hat keine Steckbriefe; nichts zu {zweck}")
    return chosen
