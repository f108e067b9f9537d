"""Helpers the register rules share: duplicate detection and name folding. Model paths go
through the one normaliser of the whole package, :mod:`prozesskit.register.modelpath`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from prozesskit.register.modelpath import model_path
from prozesskit.rules.context import ModelRef, SteckbriefFacts


def fold_name(name: str) -> str:
    """Comparison key for names: case and runs of whitespace do not make a new name."""
    return " ".join(name.split()).casefold()


def later_duplicates(
    items: Iterable[SteckbriefFacts], key: Callable[[SteckbriefFacts], str | None]
) -> Iterator[tuple[SteckbriefFacts, str]]:
    """(Steckbrief, file of the first one) for every later Steckbrief with the same key.

    Sorted by file so that 'the first' is the same on every machine and run; the finding
    names that first file as related, so that ``--changed-since`` keeps it when only the
    first file changed.
    """
    first: dict[str, str] = {}
    for sb in sorted(items, key=lambda s: s.file):
        value = key(sb)
        if not value:
            continue
        if value in first:
            yield sb, first[value]
        else:
            first[value] = sb.file


def model_refs(
    steckbriefe: Iterable[SteckbriefFacts],
) -> Iterator[tuple[SteckbriefFacts, int, ModelRef, str | None]]:
    """(Steckbrief, index under ``modelle``, reference, normalised path) for every reference.

    The path is ``None`` for ``..`` or an absolute path (PK-S008 reports those); one place
    normalises, so that the model rules agree on which file a reference means.
    """
    for sb in steckbriefe:
        for index, ref in enumerate(sb.modelle):
            yield sb, index, ref, model_path(ref.datei)
