"""Steckbriefe copied as a template, with the ``herkunft`` of the original left in.

Copying a Steckbrief of a similar process and changing id and name is how many members
start a new one. ``herkunft`` then still claims that the new file was taken from a source:
``diff``/``update`` skip it (it is in no lock entry), ``netz`` matches it with the original
and calls it outdated for good. One definition for everything that must agree on which
file is the copy: the rule PK-S024 (on validate's facts), ``diff``/``update`` (their notes)
and ``netz`` (which ignores a copy's ``herkunft``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kopie:
    """``datei`` carries the same ``herkunft`` as ``vorlage``, the file taken from the source."""

    datei: str
    vorlage: str
    herkunft_id: str
    quelle: str


def herkunft_key(herkunft: object) -> tuple[str, str, str] | None:
    """(art, name, id) of a ``herkunft`` mapping, None where it is not a filled-in one."""
    if not isinstance(herkunft, dict):
        return None
    art, name, hid = herkunft.get("art"), herkunft.get("name"), herkunft.get("id")
    if not (isinstance(art, str) and isinstance(name, str) and isinstance(hid, str)
            and art and name and hid):
        return None
    return art, name, hid


def kopien(items: Iterable[tuple[str, object, object]]) -> dict[str, Kopie]:
    """The copies among ``(file, id, herkunft)`` of one register, by file.

    Two Steckbriefe naming the same process of the same source were not both taken from it
    (import gives one source process one local file). The one whose id is the source's id
    is the original, failing that one with the id an import gives on a clash
    (``<id>-2``, ``<id>-3`` …), failing that the first by path; every other one whose id
    differs from ``herkunft.id`` is a copy. A single file whose id differs is no copy:
    that is what an import under another id looks like."""
    groups: dict[tuple[str, str, str], list[tuple[str, object]]] = {}
    for file, sid, herkunft in items:
        key = herkunft_key(herkunft)
        if key is not None:
            groups.setdefault(key, []).append((file, sid))
    found: dict[str, Kopie] = {}
    for (_art, name, hid), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda member: member[0])
        original = next((m for m in members if m[1] == hid), None) or next(
            (m for m in members if _imported_as(m[1], hid)), members[0])
        for member in members:
            if member is not original and member[1] != hid:
                found[member[0]] = Kopie(member[0], original[0], hid, name)
    return found


def _imported_as(sid: object, hid: str) -> bool:
    """``sid`` is ``<hid>-N``: the id import gives a source process whose id was taken."""
    if not isinstance(sid, str) or not sid.startswith(hid + "-"):
        return False
    number = sid[len(hid) + 1:]
    return number.isascii() and number.isdigit()
