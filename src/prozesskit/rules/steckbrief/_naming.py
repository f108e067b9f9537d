"""Small helpers shared by the Steckbrief rules: reading raw data and splitting names.

Several rules look at the raw YAML data rather than the validated model, so that a
Steckbrief whose schema check failed elsewhere still gets useful findings about its
name or id; these helpers read that data defensively (anything may be any type).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, get_origin

from pydantic import BaseModel

from prozesskit.rules.context import SteckbriefFacts

#: A trailing detail in parentheses, "Fahrzeug zulassen (Neuzulassung)".
_DETAIL = re.compile(r"\s*\([^()]*\)\s*$")


def raw_str(data: Any, key: str) -> str | None:
    """``data[key]`` when the data is a mapping and the value a string, else None."""
    if isinstance(data, Mapping):
        value = data.get(key)
        if isinstance(value, str):
            return value
    return None


def name_words(name: str) -> list[str]:
    """Words of a process name without a trailing parenthesised detail.

    The detail narrows a variant ("(Neuzulassung)") and is not part of the
    Objekt + Verrichtung pattern, so the verb is the last word before it.
    """
    return _DETAIL.sub("", name).split()


def fold_name(name: str) -> str:
    """Comparison key for names: case and runs of whitespace do not make a new name."""
    return " ".join(name.split()).casefold()


def lookup(data: Any, dotted: str) -> tuple[bool, Any]:
    """Follow a dotted field path through nested mappings: (key present, value)."""
    current = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False, None
        current = current[part]
    return True, current


def is_filled(value: Any) -> bool:
    """Filled means something a reader can use: not null, not blank, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set | frozenset):
        return bool(value)
    return True


def known_field(model: type[BaseModel], dotted: str) -> bool:
    """Whether a dotted path names a field of ``model`` (through nested models).

    Used to reject a typo'd ``pflichtfelder`` entry instead of reporting it on every file.
    """
    current: type[BaseModel] | None = model
    for part in dotted.split("."):
        if current is None or part not in current.model_fields:
            return False
        current = _nested_model(current.model_fields[part].annotation)
    return True


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X`` or ``X | None``; lists end the path (no index in dotted paths)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, tuple, set, frozenset, dict):
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def norm_path(path: str) -> str:
    """A model reference as a register-relative POSIX path: backslashes and './' removed.

    Register files are listed as relative POSIX paths; Windows users write ``modelle\\x.bpmn``
    or ``./modelle/x.bpmn``, which mean the same file. ``..`` is kept, so a reference that
    leaves the register never matches a register file.
    """
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    return "/".join(parts)


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
