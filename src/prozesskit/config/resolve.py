"""Resolve ``extends`` chains into one effective configuration.

Semantics follow yamllint: parents are applied left to right, the child last; per rule the
level replaces, options deep-merge; ``off`` disables and a later level re-enables with the
inherited options; Pflichtfelder and ignores accumulate. Cycles are reported with the chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from prozesskit.config.effective import EffectiveConfig, ElementIgnore, FileIgnore
from prozesskit.config.model import Konventionen, RegelEinstellung
from prozesskit.errors import ConfigError, GitError, UsageError
from prozesskit.fsutil import NotRegularFile, read_regular
from prozesskit.model.errors import german_message
from prozesskit.problem import Level
from prozesskit.rules.base import Rule
from prozesskit.validation.layout import PROFILE_PREFIX
from prozesskit.yamlio.read import parse_yaml

#: The built-in profiles, and the rule profiles each switches on: streng and fim include
#: empfohlen; alle switches on every rule.
_PROFILE_INCLUDES = {
    "empfohlen": ("empfohlen",),
    "streng": ("empfohlen", "streng"),
    "fim": ("empfohlen", "fim"),
    "alle": (),
}
PROFILES = tuple(_PROFILE_INCLUDES)
DEFAULT_EXTENDS = (PROFILE_PREFIX + "empfohlen",)


@dataclass
class _State:
    levels: dict[str, Level | None] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    pflichtfelder: list[str] = field(default_factory=list)
    pflichtfeld_quellen: dict[str, str] = field(default_factory=dict)
    ignores: list[FileIgnore] = field(default_factory=list)
    element_ignores: list[ElementIgnore] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class Resolver:
    """Resolves one configuration against a rule registry and a way to fetch shared files."""

    def __init__(
        self, rules: Mapping[str, Rule], *, base_dir: Path, fetch_git: Any | None = None
    ) -> None:
        self.rules = rules
        self.by_name = {rule.name: code for code, rule in rules.items()}
        self.base_dir = base_dir
        self.fetch_git = fetch_git
        #: where each conventions file from git lies in the cache (for the line of an error)
        self._fetched: dict[str, Path] = {}

    def resolve(
        self, konventionen: Mapping[str, Any] | None, *, origin: str, profile: str | None = None
    ) -> EffectiveConfig:
        state = _State()
        data = dict(konventionen or {})
        if profile:
            _check_cli_profile(profile)
            data["extends"] = [_profile_ref(profile)]
        elif not data.get("extends"):
            data["extends"] = list(DEFAULT_EXTENDS)
        self._apply(data, origin, state, chain=())
        return self._finish(state)

    def _apply(
        self, data: Mapping[str, Any], origin: str, state: _State, chain: tuple[str, ...]
    ) -> None:
        if origin in chain:
            raise ConfigError("Zirkuläres 'extends': " + " → ".join((*chain, origin)))
        chain = (*chain, origin)
        config = _validate(data, origin)
        for ref in config.extends:
            self._extend(ref, origin, state, chain)
        self._apply_rules(config, origin, state)
        state.pflichtfelder.extend(f for f in config.pflichtfelder if f not in state.pflichtfelder)
        for name in config.pflichtfelder:
            state.pflichtfeld_quellen.setdefault(name, f"'pflichtfelder' in {self._shown(origin)}")
        state.ignores.extend(
            FileIgnore(i.dateien, self._codes(i.regeln, origin)) for i in config.ignorieren
        )
        state.element_ignores.extend(
            ElementIgnore(i.datei, i.element, self._codes(i.regeln, origin))
            for i in config.bpmn_ignorieren
        )
        state.sources.append(origin)

    def _shown(self, origin: str) -> str:
        """A conventions file as a report may name it: relative to the register (reports
        carry no local absolute path, and the cache key must not change with the checkout's
        place), a git source without credentials."""
        path = Path(origin)
        if path.is_absolute():
            try:
                return path.relative_to(self.base_dir.resolve()).as_posix()
            except ValueError:
                return path.name
        from prozesskit.credentials import without_credentials

        return without_credentials(origin)

    def _extend(self, ref: str, origin: str, state: _State, chain: tuple[str, ...]) -> None:
        if ref.startswith(PROFILE_PREFIX):
            self._apply_profile(ref[len(PROFILE_PREFIX) :], origin, state)
            return
        path, label = self._locate(ref, origin)
        self._apply(_read_config_file(path, label), label, state, chain)

    def _locate(self, ref: str, origin: str) -> tuple[Path, str]:
        if ref.startswith("git+"):
            if self.fetch_git is None:
                raise ConfigError(
                    f"'{ref}' verweist auf ein git-Repository; hier nicht möglich", file=origin
                )
            self._remote_only(ref, origin)
            path: Path = self.fetch_git(ref)
            self._fetched[ref] = path
            return path, ref
        path = self._inside(ref, origin)
        if not path.is_file():
            raise ConfigError(f"Konventionsdatei '{ref}' nicht gefunden ({path})", file=origin)
        return path, str(path)

    def _remote_only(self, ref: str, origin: str) -> None:
        """A ``git+`` reference in a conventions file names a remote repository: the file
        comes with the register (a merge request, a shared repo) and must not make validate
        clone a local repository and show its content (gitio.check_url_from_file)."""
        from prozesskit.gitio import check_url_from_file, split_ref

        url, _ = split_ref(ref.removeprefix("git+").partition("#")[0])
        try:
            check_url_from_file(url)
        except GitError as exc:
            raise ConfigError(f"extends: {exc}", file=origin,
                              line=self._line_of(ref, origin)) from None

    def _line_of(self, text: str, origin: str) -> int | None:
        """The first line of the conventions file ``origin`` that holds ``text`` (read only
        for an error message: the resolved data carries no positions)."""
        path = self._fetched.get(origin) or (
            Path(origin) if Path(origin).is_absolute() else self.base_dir / origin)
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return None
        return next((number for number, line in enumerate(lines, 1) if text in line), None)

    def _inside(self, ref: str, origin: str) -> Path:
        """A local ``extends`` file, confined to the register: a shared repo must not make
        validate read files elsewhere on the machine (``/etc/…``, ``../../home/…``, a
        symlink). Conventions shared between registers come from git (``git+URL``)."""
        candidate = Path(ref)
        outside = candidate.is_absolute() or ref.startswith(("/", "\\")) or ".." in candidate.parts
        root = self.base_dir.resolve()
        path = (root / candidate).resolve()
        if outside or not path.is_relative_to(root):
            how = "über einen symbolischen Link " if not outside else ""
            raise ConfigError(
                f"Konventionsdatei '{ref}' liegt {how}außerhalb des Registers und wird nicht "
                "gelesen. 'extends' nimmt Dateien im Register-Ordner (Pfad relativ zu "
                "prozesskit.yaml, ohne '..') oder geteilte Konventionen aus git "
                "('git+https://…@v1#datei.yaml').", file=origin)
        return path

    def _apply_profile(self, name: str, origin: str, state: _State) -> None:
        if name not in PROFILES:
            raise ConfigError(
                f"Unbekanntes Profil 'prozesskit:{name}'; verfügbar: "
                + ", ".join(PROFILE_PREFIX + p for p in PROFILES),
                file=origin,
            )
        include = _PROFILE_INCLUDES[name]
        wanted = frozenset(include)
        for code, rule in self.rules.items():
            if name == "alle" or rule.core or rule.profiles & wanted:
                state.levels[code] = rule.level
        for field_name in profile_pflichtfelder(self.rules, include):
            if field_name not in state.pflichtfelder:
                state.pflichtfelder.append(field_name)
            state.pflichtfeld_quellen.setdefault(field_name, f"Profil {PROFILE_PREFIX}{name}")
        state.sources.append(PROFILE_PREFIX + name)

    def _apply_rules(self, config: Konventionen, origin: str, state: _State) -> None:
        for key, setting in config.regeln.items():
            code = self._code(key, origin)
            if isinstance(setting, RegelEinstellung):
                if setting.optionen:
                    merged = _deep_merge(state.options.get(code, {}), setting.optionen)
                    state.options[code] = merged
                level_text = setting.level
            else:
                level_text = setting
            if level_text is not None:
                self._set_level(code, level_text, origin, state)

    def _set_level(self, code: str, level_text: str, origin: str, state: _State) -> None:
        if level_text == "off":
            if self.rules[code].core:
                raise ConfigError(
                    f"Regel {code} prüft Lesbarkeit und Schema und kann nicht abgeschaltet werden",
                    file=origin,
                )
            state.levels[code] = None
        else:
            state.levels[code] = Level(level_text)

    def _code(self, key: str, origin: str) -> str:
        if key in self.rules:
            return key
        if key in self.by_name:
            return self.by_name[key]
        import difflib

        close = difflib.get_close_matches(key, [*self.rules, *self.by_name], n=1)
        hint = f" Meinten Sie '{close[0]}'?" if close else ""
        raise ConfigError(
            f"Unbekannte Regel '{key}'.{hint} 'prozesskit regeln' listet alle.", file=origin
        )

    def _codes(self, keys: list[str] | None, origin: str) -> frozenset[str] | None:
        # no list or an empty one: every rule, as the schema documents ('leer = alle Regeln')
        return frozenset(self._code(k, origin) for k in keys) if keys else None

    def _finish(self, state: _State) -> EffectiveConfig:
        levels = {code: level for code, level in state.levels.items() if level is not None}
        options: dict[str, BaseModel] = {}
        for code in levels:
            rule = self.rules[code]
            try:
                options[code] = rule.options.model_validate(state.options.get(code, {}))
            except ValidationError as exc:
                raise ConfigError(
                    f"Optionen der Regel {code} ({rule.name}) ungültig: "
                    + german_message(exc, rule.options, "optionen")
                ) from exc
        return EffectiveConfig(
            levels=levels,
            options=options,
            pflichtfelder=tuple(state.pflichtfelder),
            ignores=tuple(state.ignores),
            element_ignores=tuple(state.element_ignores),
            sources=tuple(state.sources),
            pflichtfeld_quellen=dict(state.pflichtfeld_quellen),
        )


def profile_pflichtfelder(rules: Mapping[str, Rule], include: tuple[str, ...]) -> list[str]:
    """Mindestanforderungen a profile brings, declared by the Pflichtfelder rule."""
    fields: list[str] = []
    for rule in rules.values():
        per_profile = rule.extra.get("profile_fields", {})
        for profile in include:
            fields.extend(f for f in per_profile.get(profile, ()) if f not in fields)
    return fields


def _check_cli_profile(profile: str) -> None:
    """``--profil`` is an option of the command line, not a setting in prozesskit.yaml: an
    unknown name is reported as such (the manifest may not even mention a profile)."""
    name = profile[len(PROFILE_PREFIX):] if profile.startswith(PROFILE_PREFIX) else profile
    if name not in PROFILES:
        raise UsageError(f"--profil '{profile}' ist kein eingebautes Profil; verfügbar: "
                         + ", ".join(PROFILES))


def _profile_ref(profile: str) -> str:
    return profile if profile.startswith(PROFILE_PREFIX) else PROFILE_PREFIX + profile


def _deep_merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def _validate(data: Mapping[str, Any], origin: str) -> Konventionen:
    try:
        return Konventionen.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(german_message(exc, Konventionen, "konventionen"), file=origin) from exc


def _read_config_file(path: Path, label: str) -> Mapping[str, Any]:
    try:
        raw = read_regular(str(path))  # no symlink in the last step, no FIFO: never blocks
    except NotRegularFile as exc:
        what = "ein symbolischer Link" if exc.kind == "link" else "keine normale Datei"
        raise ConfigError(f"Konventionsdatei ist {what} und wird nicht gelesen; die Datei "
                          "selbst ins Register legen", file=label) from None
    except OSError as exc:
        raise ConfigError(f"Konventionsdatei nicht lesbar: {exc.strerror or exc}",
                          file=label) from None
    doc, problems = parse_yaml(raw, label)
    if problems or doc is None:
        message = problems[0].message if problems else "Datei ist leer"
        raise ConfigError(message, file=label, line=problems[0].line if problems else None)
    data = doc.data
    if isinstance(data, dict) and "konventionen" in data:
        data = data["konventionen"]
    if not isinstance(data, dict):
        raise ConfigError("Konventionsdatei muss eine Zuordnung sein", file=label)
    return data


def profile_includes(profile: str) -> tuple[str, ...]:
    """The rule profiles a built-in profile switches on (``streng`` → empfohlen, streng)."""
    return _PROFILE_INCLUDES[profile]
