"""What a run checks with: the resolved conventions, the enabled rules and their context.

Built once per run, from the manifest (:func:`load_setup`) or, for a patch run, from the
last run's snapshot (:func:`resume`), which spares reading the manifest and resolving
the conventions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit.config.effective import EffectiveConfig
from prozesskit.problem import Problem
from prozesskit.rules import all_rules, rules_of_scopes
from prozesskit.rules.base import Rule
from prozesskit.rules.context import RuleContext
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.runner import RunSettings
from prozesskit.validation.types import StaleMemo, ValidateOptions

if TYPE_CHECKING:  # a patch run keeps no per-file cache: not imported there
    from prozesskit.validation.cache import ResultCache

DEFAULT_PRODUKTRAHMEN = "NKF-NRW"


@dataclass(frozen=True, slots=True)
class Setup:
    config: EffectiveConfig
    settings: RunSettings
    produktrahmen: str
    typ: str | None
    manifest_problems: list[Problem]

    @property
    def snapshot(self) -> dict[str, Any]:
        """What a later patch run needs instead of reading the manifest and resolving."""
        return {"config": self.config.to_json(), "produktrahmen": self.produktrahmen,
                "typ": self.typ}

    def kept(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems the configuration does not ignore (file globs, BPMN element ids)."""
        config = self.config
        if not config.ignores and not config.element_ignores:
            return list(problems)
        return [p for p in problems if not config.suppressed(p.file, p.rule, p.element)]

    def open_cache(self, root: Path) -> ResultCache:
        """The per-file cache, valid only under this configuration and Kommune."""
        fingerprint = self.config.fingerprint(extra=f"{self.produktrahmen}|{self.typ}")
        from prozesskit.validation.cache import ResultCache

        cache = ResultCache(root, fingerprint)
        cache.load()
        return cache


def build_settings(
    config: EffectiveConfig,
    *,
    produktrahmen: str = DEFAULT_PRODUKTRAHMEN,
    kommune_typ: str | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> RunSettings:
    """``rules``: the registry, or the rules of the scopes a patch run needs."""
    if rules is None:
        rules = all_rules()
        enabled = tuple(rules[code] for code in config.levels if not rules[code].core)
    else:
        enabled = tuple(rules[code] for code in config.levels
                        if code in rules and not rules[code].core)
    ctx = RuleContext(
        produktrahmen=produktrahmen,
        kommune_typ=kommune_typ,
        pflichtfelder=config.pflichtfelder,
        pflichtfeld_quellen=config.pflichtfeld_quellen,
        options=dict(config.options),
    )
    replaced = frozenset(path for rule in enabled for path in rule.extra["schema_paths"])
    return RunSettings(
        rules=enabled, levels=dict(config.levels), ctx=ctx, schema_replaced=replaced
    )


def load_setup(root: Path | None, options: ValidateOptions) -> Setup:
    """From the register's manifest, or from defaults for files outside any register."""
    # deliberate: the config models (pydantic) and the manifest reader are not for patch runs
    from prozesskit.config.resolve import Resolver
    from prozesskit.register.manifest import load_manifest

    konventionen: dict[str, Any] = {}
    produktrahmen, typ = DEFAULT_PRODUKTRAHMEN, None
    problems: list[Problem] = []
    if root is not None:
        manifest, konventionen, problems = load_manifest(root)
        if manifest is not None:
            produktrahmen, typ = manifest.produktrahmen, manifest.kommune.typ
    resolver = Resolver(all_rules(), base_dir=root or Path.cwd(), fetch_git=options.fetch_git)
    config = resolver.resolve(konventionen, origin=MANIFEST_NAME, profile=options.profile)
    settings = build_settings(config, produktrahmen=produktrahmen, kommune_typ=typ)
    return Setup(config, settings, produktrahmen, typ, problems)


def resume(snapshot: Mapping[str, Any], scopes: set[str]) -> Setup:
    """The last run's setup (its manifest and convention files are unchanged), with only
    the rules of ``scopes`` imported."""
    rules = rules_of_scopes(scopes)
    try:
        config = EffectiveConfig.from_json(snapshot["config"], rules)
        produktrahmen, typ = str(snapshot["produktrahmen"]), snapshot["typ"]
    except (KeyError, TypeError, ValueError) as exc:  # ValueError: pydantic's too
        raise StaleMemo(f"Konfiguration im Gedächtnis unlesbar: {exc}") from exc
    settings = build_settings(config, produktrahmen=produktrahmen, kommune_typ=typ, rules=rules)
    return Setup(config, settings, produktrahmen, typ, [])
