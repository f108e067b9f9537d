"""The resolved configuration as the engine runs it, apart from how it was resolved.

Kept free of pydantic and of the configuration models: a run that continues from the last
one (:mod:`prozesskit.validation.runcache`) rebuilds it from its JSON form instead of resolving the
``extends`` chain again, and must not pay for the models it does not use.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prozesskit.problem import Level
from prozesskit.validation.buildid import build_id

if TYPE_CHECKING:
    from pydantic import BaseModel

    from prozesskit.rules.base import Rule


@dataclass(frozen=True, slots=True)
class FileIgnore:
    pattern: str
    codes: frozenset[str] | None

    def matches(self, file: str, code: str) -> bool:
        return _glob(file, self.pattern) and (self.codes is None or code in self.codes)


@dataclass(frozen=True, slots=True)
class ElementIgnore:
    pattern: str
    element: str
    codes: frozenset[str] | None

    def matches(self, file: str, element: str | None, code: str) -> bool:
        return (
            element == self.element
            and _glob(file, self.pattern)
            and (self.codes is None or code in self.codes)
        )


def _glob(file: str, pattern: str) -> bool:
    if pattern.endswith("/**"):
        return file.startswith(pattern[:-2]) or fnmatch.fnmatchcase(file, pattern)
    return fnmatch.fnmatchcase(file, pattern)


@dataclass(frozen=True)
class EffectiveConfig:
    """What the engine runs: enabled rules with level and validated options."""

    levels: Mapping[str, Level]
    options: Mapping[str, BaseModel]
    pflichtfelder: tuple[str, ...] = ()
    ignores: tuple[FileIgnore, ...] = ()
    element_ignores: tuple[ElementIgnore, ...] = ()
    sources: tuple[str, ...] = ()
    #: Pflichtfeld → who asks for it ("Profil prozesskit:streng", "'pflichtfelder' in
    #: prozesskit.yaml"): PK-S010's hint names the one that does, not every possible one
    pflichtfeld_quellen: Mapping[str, str] = field(default_factory=dict)

    def fingerprint(self, extra: str = "") -> str:
        """Hash of everything that changes results; keys the cache.

        ``extra`` carries register settings rules read besides the config (Produktrahmen,
        Kommune type).
        """
        payload = {
            "version": build_id(),
            "levels": sorted((k, v.value) for k, v in self.levels.items()),
            "options": sorted((k, v.model_dump_json()) for k, v in self.options.items()),
            "pflichtfelder": list(self.pflichtfelder),
            "pflichtfeld_quellen": sorted(self.pflichtfeld_quellen.items()),
            "ignores": [(i.pattern, sorted(i.codes or ())) for i in self.ignores],
            "element_ignores": [
                (i.pattern, i.element, sorted(i.codes or ())) for i in self.element_ignores
            ],
            "extra": extra,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]

    def suppressed(self, file: str, code: str, element: str | None) -> bool:
        return any(i.matches(file, code) for i in self.ignores) or any(
            i.matches(file, element, code) for i in self.element_ignores
        )

    def to_json(self) -> dict[str, Any]:
        """Everything a later run needs to run the same rules the same way."""
        return {
            "levels": {code: level.value for code, level in self.levels.items()},
            "options": {code: model.model_dump(mode="json", by_alias=True)
                        for code, model in self.options.items()},
            "pflichtfelder": list(self.pflichtfelder),
            "ignores": [[i.pattern, _codes_json(i.codes)] for i in self.ignores],
            "element_ignores": [[i.pattern, i.element, _codes_json(i.codes)]
                                for i in self.element_ignores],
            "sources": list(self.sources),
            "pflichtfeld_quellen": dict(self.pflichtfeld_quellen),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], rules: Mapping[str, Rule]) -> EffectiveConfig:
        """Inverse of :meth:`to_json` with options for ``rules`` only: validating the
        options of a rule needs its module, and a patch run imports only the rules it runs."""
        stored = data["options"]
        return cls(
            levels={code: Level(level) for code, level in data["levels"].items()},
            options={code: rule.options.model_validate(stored[code])
                     for code, rule in rules.items() if code in stored},
            pflichtfelder=tuple(data["pflichtfelder"]),
            ignores=tuple(FileIgnore(p, _codes(c)) for p, c in data["ignores"]),
            element_ignores=tuple(ElementIgnore(p, e, _codes(c))
                                  for p, e, c in data["element_ignores"]),
            sources=tuple(data["sources"]),
            pflichtfeld_quellen=dict(data.get("pflichtfeld_quellen", {})),
        )


def _codes_json(codes: frozenset[str] | None) -> list[str] | None:
    return sorted(codes) if codes is not None else None


def _codes(codes: list[str] | None) -> frozenset[str] | None:
    return frozenset(codes) if codes is not None else None
