"""Small helpers several formats share: counting, locations, stable fingerprints and text
that is safe on a terminal."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from prozesskit.problem import Level, Problem, Result


def checked_files(result: Result) -> tuple[str, ...]:
    """Files the run looked at; includes files that only appear in problems.

    A register rule may report on a file the engine did not list (a missing BPMN model named
    in a Steckbrief); counting it keeps "n Dateien" consistent with the table below it.
    """
    return tuple(sorted(set(result.files) | {p.file for p in result.problems}))


def level_counts(result: Result) -> tuple[int, int]:
    """``(errors, warnings)`` of a result."""
    counts = result.counts()
    return counts[Level.ERROR], counts[Level.WARN]


def location(problem: Problem) -> str:
    """``12:5``, ``12`` or ``-``: the position part humans read."""
    if problem.line is None:
        return "-"
    if problem.column is None:
        return str(problem.line)
    return f"{problem.line}:{problem.column}"


def fingerprints(problems: Sequence[Problem], key: Callable[[Problem], Iterable[str]]) -> list[str]:
    """One stable, unique sha256 fingerprint per problem, built from ``key`` (never the line).

    Lines move whenever someone edits a file above a finding; CI systems that track alerts
    by fingerprint would then close and reopen them. Exact duplicates of the key get an
    occurrence counter so that each finding still has its own fingerprint.
    """
    seen: Counter[str] = Counter()
    out: list[str] = []
    for problem in problems:
        base = "\x1f".join(key(problem))
        seen[base] += 1
        material = base if seen[base] == 1 else f"{base}\x1e{seen[base]}"
        out.append(hashlib.sha256(material.encode("utf-8")).hexdigest())
    return out


def full_message(problem: Problem, hint_separator: str = "\n") -> str:
    """Message with element id and hint, for formats that show one text per problem."""
    text = problem.message
    if problem.element:
        text = f"{text} (Element: {problem.element})"
    if problem.hint:
        text = f"{text}{hint_separator}Hinweis: {problem.hint}"
    return text


#: C0 (but newline and tab), DEL and C1 → a visible ``\x1b``: names and messages come from
#: foreign Steckbriefe and models, and an ESC in them would reach the terminal or CI log as
#: a command (clear the screen, set the title, move up and overwrite earlier findings)
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
             if code not in (0x09, 0x0A)}


_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character shown as ``\\xNN``; a text without any (the
    rule) is only scanned, in C: a CI run's report of 10 MB must not pay a translation."""
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text
