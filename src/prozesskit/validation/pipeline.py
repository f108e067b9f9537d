"""The work of a validation run: per-file checks (parallel, cached) → register rules over
the collected facts → ignores → one sorted Result.

Imported only when a run has work to do: it brings pydantic, the rules and the parsers,
which the fast path of :mod:`prozesskit.validation.engine` (nothing changed) does without.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit.fsutil import NotRegularFile, posix_relative, read_regular, stat_key
from prozesskit.problem import Level, Problem, Result, Row, problems_from_rows, problems_to_rows
from prozesskit.register.discover import RegisterFiles
from prozesskit.register.unread import unread_problem
from prozesskit.rules import all_rules
from prozesskit.rules.base import Rule, Scope
from prozesskit.rules.context import BpmnFacts, RegisterFacts, RuleContext, SteckbriefFacts
from prozesskit.validation import suppress
from prozesskit.validation.cache import CachedFile, ResultCache
from prozesskit.validation.gctune import frozen_for_fork
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.runner import RunSettings, finding_to_problem, run_rule

if TYPE_CHECKING:
    from prozesskit.config.effective import EffectiveConfig
    from prozesskit.validation.checks import FileOutcome
    from prozesskit.validation.engine import ValidateOptions


#: Below this many files to check, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass(frozen=True, slots=True)
class _Work:
    rel: str
    kind: str  # "steckbrief" | "bpmn"
    path: str  # absolute; workers read the file themselves (no bytes through pipes)
    stat: tuple[int, ...]  # (size, mtime_ns, ctime_ns)
    facts_only: bool = False  # --changed-since: an unchanged file, read for register facts


@dataclass(frozen=True, slots=True)
class _Done:
    outcome: FileOutcome
    sha256: str
    stat: tuple[int, ...]
    facts_json: dict[str, Any] | None = None  # outcome.facts as JSON, if made on the way
    rows: list[Row] | None = None  # outcome.problems as rows, if made on the way

    def __reduce__(self) -> tuple[Any, ...]:
        """Across the pipe from a worker: problems as plain rows and facts as JSON, which
        pickle several times faster than named tuples with enums and frozen dataclasses;
        the JSON is made in the worker, where the per-file cache wants it anyway."""
        facts = self.outcome.facts
        kind = "bpmn" if isinstance(facts, BpmnFacts) else "steckbrief"
        return (_received, (self.outcome.rel, problems_to_rows(self.outcome.problems), kind,
                            facts.to_json() if facts is not None else None, self.sha256,
                            self.stat))

    def json_facts(self) -> dict[str, Any] | None:
        facts = self.outcome.facts
        if facts is None or self.facts_json is not None:
            return self.facts_json
        return facts.to_json()

    def problem_rows(self) -> list[Row]:
        return self.rows if self.rows is not None else problems_to_rows(self.outcome.problems)


def _received(rel: str, rows: list[Row], kind: str, facts: dict[str, Any] | None, sha256: str,
              stat: tuple[int, ...]) -> _Done:
    from prozesskit.validation.checks import FileOutcome

    outcome = FileOutcome(rel, tuple(problems_from_rows(rows)), _facts_from_json(kind, facts))
    return _Done(outcome, sha256, stat, facts, rows)


@dataclass
class _Collected:
    problems: list[Problem] = field(default_factory=list)
    steckbriefe: list[SteckbriefFacts] = field(default_factory=list)
    modelle: dict[str, BpmnFacts] = field(default_factory=dict)
    #: facts in JSON form where already at hand (cache entries, or made for the cache)
    as_json: dict[str, dict[str, Any] | None] = field(default_factory=dict)


def build_settings(
    config: EffectiveConfig,
    *,
    produktrahmen: str = "NKF-NRW",
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
        options=dict(config.options),
    )
    replaced = frozenset(path for rule in enabled for path in rule.extra["schema_paths"])
    return RunSettings(
        rules=enabled, levels=dict(config.levels), ctx=ctx, schema_replaced=replaced
    )


def _check(work: _Work) -> _Done:
    settings = _WORKER_SETTINGS
    assert settings is not None
    try:
        raw = read_regular(work.path)  # never a symlink's target, never blocking on a FIFO
    except OSError as exc:
        return _Done(_unreadable(work, exc), "", work.stat)
    if work.kind == "bpmn":  # each kind imports its parser only when a file of it is left
        from prozesskit.validation.checks.bpmn import bpmn_facts_only as only
        from prozesskit.validation.checks.bpmn import check_bpmn as check
    else:
        from prozesskit.validation.checks.steckbrief import check_steckbrief as check
        from prozesskit.validation.checks.steckbrief import steckbrief_facts_only as only
    if work.facts_only:
        return _Done(only(work.rel, raw), "", work.stat)
    return _Done(check(work.rel, raw, settings), hashlib.sha256(raw).hexdigest(), work.stat)


_WORKER_SETTINGS: RunSettings | None = None


def _unreadable(work: _Work, exc: OSError) -> FileOutcome:
    from prozesskit.validation.checks import FileOutcome

    if isinstance(exc, NotRegularFile):
        return FileOutcome(work.rel, (unread_problem(work.rel, exc.kind, work.kind),), None)
    rule = "PK-B001" if work.kind == "bpmn" else "PK-S001"
    problem = Problem(work.rel, None, None, rule, Level.ERROR,
                      f"Datei nicht lesbar: {exc.strerror or exc}",
                      hint="Dateirechte prüfen; ist die Datei gesperrt oder ein Link?")
    return FileOutcome(work.rel, (problem,), None)


def _init_worker(settings: RunSettings) -> None:
    global _WORKER_SETTINGS  # per-process state of a worker
    _WORKER_SETTINGS = settings


def usable_cpus() -> int:
    """CPUs this process may run on: a CI container pinned to 2 of the host's 64 cores must
    not start 8 workers (``os.cpu_count`` counts the host's)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_checks(work: Sequence[_Work], settings: RunSettings, jobs: int | None) -> list[_Done]:
    """Check files, spread over processes when there are enough of them."""
    if not work:
        return []
    from importlib import import_module

    for kind in {item.kind for item in work}:  # import once here, not in every forked worker
        import_module(f"prozesskit.validation.checks.{kind}")

    workers = jobs if jobs is not None else min(usable_cpus(), 8)
    if workers <= 1 or len(work) < PARALLEL_THRESHOLD:
        _init_worker(settings)
        return [_check(item) for item in work]
    from concurrent.futures import ProcessPoolExecutor  # 20 ms of imports, only when used
    from multiprocessing import get_context

    # Models first, in small chunks: a model costs ~20× a Steckbrief, and a chunk of models
    # handed out last would leave the other workers idle while one finishes it.
    order = sorted(range(len(work)), key=lambda i: work[i].kind != "bpmn")
    chunk = max(2, min(16, len(work) // (workers * 32)))
    with frozen_for_fork(), ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_init_worker,
        initargs=(settings,),
    ) as pool:
        done = list(pool.map(_check, [work[i] for i in order], chunksize=chunk))
    result: list[_Done | None] = [None] * len(work)
    for i, item in zip(order, done, strict=True):
        result[i] = item
    return [item for item in result if item is not None]


def _lookup(cache: ResultCache, item: _Work) -> CachedFile | None:
    """Stat shortcut first; on a stat difference, the content hash decides."""
    hit = cache.get_by_stat(item.rel, item.stat)
    if hit is not None or item.rel not in cache.entries:
        return hit
    try:
        raw = read_regular(item.path)
    except OSError:
        return None
    return cache.confirm(item.rel, hashlib.sha256(raw).hexdigest(), item.stat)


def _from_cache(
    item: _Work, hit: CachedFile, report: frozenset[str] | None
) -> tuple[list[Problem], SteckbriefFacts | BpmnFacts | None] | None:
    """Problems and facts of a cache entry; None if the entry is unusable (then re-check)."""
    try:
        problems = (
            [Problem.from_row(row) for row in hit.problems]
            if report is None or item.rel in report
            else []
        )
        return problems, _facts_from_json(item.kind, hit.facts)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


#: Stat of each file as the engine took it before the run (``RunInputs.stats``).
Stats = Mapping[str, Sequence[int] | None]


def _list(
    root: Path,
    rels: Iterable[str],
    kind: str,
    changed: frozenset[str] | None = None,
    stats: Stats | None = None,
) -> list[_Work]:
    """Work items; with ``changed``, the other files are only read for register facts.

    ``stats`` taken by the engine are reused: a second stat of every file would cost as
    much as the stat itself. A file that vanished gets no key and is reported unreadable.
    """
    work = []
    for rel in rels:
        path = os.path.join(root, rel)
        known = stats.get(rel) if stats is not None else stat_key(path)
        key = tuple(known) if known is not None else _NO_STAT
        work.append(_Work(rel, kind, path, key, changed is not None and rel not in changed))
    return work


_NO_STAT: tuple[int, ...] = ()  # matches no cached stat: the content hash decides


def _facts_from_json(
    kind: str, data: dict[str, object] | None
) -> SteckbriefFacts | BpmnFacts | None:
    if data is None:
        return None
    if kind == "bpmn":
        return BpmnFacts.from_json(data)
    return SteckbriefFacts.from_json(data)


def _collect(outcome_facts: SteckbriefFacts | BpmnFacts | None, into: _Collected) -> None:
    if isinstance(outcome_facts, SteckbriefFacts):
        into.steckbriefe.append(outcome_facts)
    elif isinstance(outcome_facts, BpmnFacts):
        into.modelle[outcome_facts.file] = outcome_facts


def check_files(
    work: list[_Work],
    settings: RunSettings,
    cache: ResultCache | None,
    jobs: int | None,
    report: frozenset[str] | None = None,
) -> _Collected:
    """Cached files contribute their stored problems and facts; the rest are checked.

    ``report`` limits which files' problems are wanted (``--changed-since``); the facts of
    all files are still collected because register rules need them.
    """
    collected = _Collected()
    todo = []
    for item in work:
        hit = _lookup(cache, item) if cache is not None else None
        cached = _from_cache(item, hit, report) if hit is not None else None
        if cached is None:
            todo.append(item)
            continue
        collected.problems.extend(cached[0])
        _collect(cached[1], collected)
        collected.as_json[item.rel] = hit.facts if hit is not None else None
    for done in run_checks(todo, settings, jobs):
        outcome = done.outcome
        collected.problems.extend(outcome.problems)
        _collect(outcome.facts, collected)
        if cache is not None and done.sha256:  # facts-only results are incomplete: not cached
            facts = done.json_facts()
            collected.as_json[outcome.rel] = facts
            cache.put(outcome.rel, CachedFile(done.sha256, done.problem_rows(), facts, done.stat))
    return collected


def register_problems(facts: RegisterFacts, settings: RunSettings) -> list[Problem]:
    by_file = {f.file: f for f in facts.steckbriefe}
    problems = []
    for rule in settings.of_scope(Scope.REGISTER):
        for finding in run_rule(rule, facts, settings):
            problem = finding_to_problem(
                finding, rule, settings.levels[rule.code], finding.file or "prozesskit.yaml"
            )
            owner = by_file.get(problem.file)
            if owner is None or not suppress.is_suppressed(
                owner.suppress, problem.line, problem.rule
            ):
                problems.append(problem)
    return problems


@dataclass(frozen=True, slots=True)
class RegisterRun:
    """A register's result and what a later run needs to continue from it.

    ``register_level`` are the problems of register rules (recomputed on every change);
    every other problem belongs to the file it names and stays valid while that file does.
    ``facts`` (JSON form, by file) feed the register rules of a later incremental run.
    """

    result: Result
    config_sources: tuple[str, ...]  # EffectiveConfig.sources: profiles, paths, git specs
    register_level: frozenset[Problem] = frozenset()
    facts: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    setup: Mapping[str, Any] = field(default_factory=dict)  # resolved config, JSON form


@dataclass(frozen=True, slots=True)
class Previous:
    """The last run of a register, as :mod:`prozesskit.validation.runcache` hands it back."""

    file_problems: list[Problem]  # problems of single files, after ignores, in result order
    facts: dict[str, dict[str, Any] | None]
    setup: Mapping[str, Any]  # _Setup.snapshot of that run


@dataclass(frozen=True, slots=True)
class _Setup:
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


def _setup(root: Path, options: ValidateOptions) -> _Setup:
    from prozesskit.config.resolve import Resolver  # the config models: not for patch runs
    from prozesskit.register.manifest import load_manifest

    manifest, konventionen, problems = load_manifest(root)
    resolver = Resolver(all_rules(), base_dir=root, fetch_git=options.fetch_git)
    config = resolver.resolve(konventionen, origin="prozesskit.yaml", profile=options.profile)
    produktrahmen = manifest.produktrahmen if manifest else "NKF-NRW"
    typ = manifest.kommune.typ if manifest else None
    settings = build_settings(config, produktrahmen=produktrahmen, kommune_typ=typ)
    return _Setup(config, settings, produktrahmen, typ, problems)


def _resume(snapshot: Mapping[str, Any], scopes: set[str]) -> _Setup:
    """The last run's setup (its manifest and convention files are unchanged), with only
    the rules of ``scopes`` imported."""
    from prozesskit.config.effective import EffectiveConfig
    from prozesskit.rules import rules_of_scopes

    rules = rules_of_scopes(scopes)
    try:
        config = EffectiveConfig.from_json(snapshot["config"], rules)
        produktrahmen, typ = str(snapshot["produktrahmen"]), snapshot["typ"]
    except (KeyError, TypeError, ValueError) as exc:  # ValueError: pydantic's too
        raise StaleMemo(f"Konfiguration im Gedächtnis unlesbar: {exc}") from exc
    settings = build_settings(config, produktrahmen=produktrahmen, kommune_typ=typ, rules=rules)
    return _Setup(config, settings, produktrahmen, typ, [])


class StaleMemo(Exception):
    """The last run cannot be continued from; the caller runs from scratch instead."""


def _kept(problems: Iterable[Problem], config: EffectiveConfig) -> list[Problem]:
    if not config.ignores and not config.element_ignores:
        return list(problems)
    return [p for p in problems if not config.suppressed(p.file, p.rule, p.element)]


def _register_facts(files: RegisterFiles, collected: _Collected) -> RegisterFacts:
    """Steckbriefe in file order, whichever came from a cache and whichever was checked."""
    steckbriefe = tuple(sorted(collected.steckbriefe, key=lambda f: f.file))
    return RegisterFacts(files=files.files, steckbriefe=steckbriefe, modelle=collected.modelle)


def _facts_json(
    collected: _Collected, checked: Iterable[str]
) -> dict[str, dict[str, Any] | None]:
    """Facts by file for the next run; None for a checked file without (unparsable).

    The JSON form made for the per-file cache (or read from it) is reused, not made twice.
    """
    known = collected.as_json
    facts: dict[str, dict[str, Any] | None] = dict.fromkeys(checked)
    items: list[SteckbriefFacts | BpmnFacts] = [*collected.steckbriefe,
                                                *collected.modelle.values()]
    for item in items:
        data = known.get(item.file)
        facts[item.file] = data if data is not None else item.to_json()
    return facts


def check_register(
    root: Path, files: RegisterFiles, options: ValidateOptions, stats: Stats | None = None
) -> RegisterRun:
    from prozesskit.validation.engine import touches

    setup = _setup(root, options)
    config, settings = setup.config, setup.settings
    cache = _open_cache(root, config, setup.produktrahmen, setup.typ) if options.use_cache else None
    changed = options.changed
    work = _list(root, files.steckbriefe, "steckbrief", changed, stats)
    work += _list(root, [m for m in files.modelle if changed is None or m in changed], "bpmn",
                  None, stats)
    collected = check_files(work, settings, cache, options.jobs, changed)
    if changed is not None:  # models that changed Steckbriefe point to: facts for PK-S030
        wanted = {ref.datei for f in collected.steckbriefe if f.file in changed
                  for ref in f.modelle} & set(files.modelle)
        extra = _list(root, sorted(wanted - changed), "bpmn", changed, stats)
        more = check_files(extra, settings, cache, options.jobs, changed)
        collected.problems += more.problems
        collected.modelle.update(more.modelle)
        work += extra
    if cache is not None:
        cache.prune(set(files.steckbriefe) | set(files.modelle))
        cache.save()
    facts = _register_facts(files, collected)
    across = register_problems(facts, settings)
    problems = setup.manifest_problems + collected.problems
    if changed is not None:
        problems = [p for p in problems if p.file in changed]
        across = [p for p in across if touches(p, changed)]
    per_file = set(_kept(problems, config))
    register_level = frozenset(_kept(across, config)) - per_file
    checked = [w.rel for w in work if changed is None or w.rel in changed]
    result = Result.build([*per_file, *register_level], ["prozesskit.yaml", *checked],
                          config.levels)
    if changed is not None:  # facts of a partial run: nothing to continue from
        return RegisterRun(result, config.sources, register_level)
    return RegisterRun(result, config.sources, register_level, _facts_json(collected, checked),
                       setup.snapshot)


def patch_register(
    root: Path,
    files: RegisterFiles,
    options: ValidateOptions,
    previous: Previous,
    changed: frozenset[str],
    stats: Stats | None = None,
) -> RegisterRun:
    """The last run, brought up to date: only ``changed`` files (changed or new) are checked.

    Problems of unchanged files and their facts come from the last run; register rules run
    again over all facts, because a change in one file can make or mend a finding in
    another (a duplicate name, a model reference). The configuration is the last run's
    (the caller made sure), so its ignores already apply to what is kept.
    """
    scopes = {Scope.REGISTER.value}
    scopes |= {Scope.STECKBRIEF.value for f in files.steckbriefe if f in changed}
    scopes |= {Scope.BPMN.value for m in files.modelle if m in changed}
    setup = _resume(previous.setup, scopes)
    config, settings = setup.config, setup.settings
    present = set(files.steckbriefe) | set(files.modelle)
    kinds = dict.fromkeys(files.steckbriefe, "steckbrief") | dict.fromkeys(files.modelle, "bpmn")
    work = _list(root, [f for f in files.steckbriefe if f in changed], "steckbrief", None, stats)
    work += _list(root, [m for m in files.modelle if m in changed], "bpmn", None, stats)
    kept = {rel: data for rel, data in previous.facts.items()
            if rel in present and rel not in changed}
    collected = _Collected()
    for rel, data in kept.items():
        _collect(_facts_from_json(kinds[rel], data), collected)
    fresh = _Collected()  # the changed files, checked now
    for done in run_checks(work, settings, options.jobs):
        fresh.problems.extend(done.outcome.problems)
        _collect(done.outcome.facts, fresh)
        _collect(done.outcome.facts, collected)
    facts = _register_facts(files, collected)
    remaining = [p for p in previous.file_problems  # files still there, unchanged
                 if p.file not in changed and (p.file in present or p.file == MANIFEST_NAME)]
    per_file = set(remaining).union(_kept(fresh.problems, config))
    register_level = frozenset(_kept(register_problems(facts, settings), config)) - per_file
    checked = [*files.steckbriefe, *files.modelle]
    # the remaining problems are in the last result's order; only the new ones need placing
    result = Result.merge(remaining, (per_file - set(remaining)) | register_level,
                          ["prozesskit.yaml", *checked], config.levels)
    # unchanged files keep the facts in the form they were stored in
    facts_json = kept | _facts_json(fresh, [item.rel for item in work])
    return RegisterRun(result, config.sources, register_level, facts_json, previous.setup)


def _open_cache(
    root: Path, config: EffectiveConfig, produktrahmen: str, typ: str | None
) -> ResultCache:
    cache = ResultCache(root, config.fingerprint(extra=f"{produktrahmen}|{typ}"))
    cache.load()
    return cache


def check_files_alone(
    paths: Sequence[Path], options: ValidateOptions, *, root: Path | None = None
) -> Result:
    """Single files, outside or inside a register (then with its conventions)."""
    from prozesskit.config.resolve import Resolver
    from prozesskit.register.manifest import load_manifest

    konventionen: dict[str, object] = {}
    produktrahmen, typ = "NKF-NRW", None
    if root is not None:
        manifest, konventionen, _ = load_manifest(root)
        if manifest is not None:
            produktrahmen, typ = manifest.produktrahmen, manifest.kommune.typ
    resolver = Resolver(all_rules(), base_dir=root or Path.cwd(), fetch_git=options.fetch_git)
    config = resolver.resolve(konventionen, origin="prozesskit.yaml", profile=options.profile)
    settings = build_settings(config, produktrahmen=produktrahmen, kommune_typ=typ)
    work = []
    for path in paths:
        kind = "bpmn" if path.suffix.lower() in (".bpmn", ".xml") else "steckbrief"
        rel = posix_relative(path, root) if root is not None else path.as_posix()
        work.append(_Work(rel, kind, str(path), stat_key(str(path)) or _NO_STAT))
    collected = check_files(work, settings, None, options.jobs)
    problems = [p for p in collected.problems if not config.suppressed(p.file, p.rule, p.element)]
    return Result.build(problems, [w.rel for w in work], config.levels)


