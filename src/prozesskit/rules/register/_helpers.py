"""Helpers the register rules share: duplicate detection and name folding. Model paths go
through the one normaliser of the whole package, :mod:`prozesskit.register.modelpath`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from prozesskit.rules.context import SteckbriefFacts


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
