"""Whole-run memo: a register whose inputs are as in the last run gets that run's result.

A run of ``validate`` reads the register's files (which exist, and the content of the
manifest, the Steckbriefe and the models), the convention files ``extends`` names, the
profile given on the command line and prozesskit's own code. The last run records the stat
of each file (size, mtime_ns, ctime_ns; ctime cannot be set back by tools that restore
mtimes, as in git's index) and its result. When every stat is the same, so is the result,
and the fast path returns it without importing rules, parsers or pydantic: this is what
makes ``validate`` on an unchanged register cost little more than Python's start-up.

Stats are a shortcut, content decides: the memo also records the sha256 of each file's
content as it was checked. A fresh checkout with the cache restored (CI) gives every file
a new mtime and ctime; files whose stat differs are hashed and compared with the memo, and
only those whose content differs count as changed. So CI gets the patch run (or, with no
change at all, the last result) instead of a full run. Hashes are taken before the run
reads anything or by the worker from the bytes it checked, never afterwards: a file
edited during a run must not be remembered with the new content's hash and the old
content's result.

A few changed files mean a patch run (:func:`prozesskit.validation.patch.patch_register`) that
continues from the remembered problems, facts and resolved configuration; more mean a full
run, which still skips unchanged files through the per-file cache
(:mod:`prozesskit.validation.cache`).
Conventions from git on a branch can move without any local change; with those, no memo
is kept.

The file is sealed with the user's key (:mod:`prozesskit.validation.seal`) and only then
decoded. Its body is :mod:`marshal` data (plain tuples, lists, dicts, strings, numbers), not
JSON: the problems of a big register repeat the same paths, hints and messages thousands of times,
and marshal writes a string shared by many rows once and reads it back as one object,
which makes reading the memo five times faster than JSON. marshal is not safe against
crafted input, which is why nothing is decoded before the seal has been checked: only a
file this user's prozesskit wrote is ever read.

A patch run changes the problems of a few files and the facts of fewer; marshalling all
13,800 problems and 2,500 facts again for that cost a CI job after a fresh checkout more
than the patch itself. So the memo is a **base** (the problems and facts of some earlier
run, kept as the bytes they were written as) and an **overlay** (for each file whose
problems differ from the base: its problems; the facts that differ; the register rules'
carry). The base is a file of its own (``validate-run-v4.base``, sealed, with an id the
memo names): a patch run, and a fresh checkout without changes, write only the small memo
(stats, hashes, overlay), and the base stays as it is on disk. When the overlay grows past
a fraction of the base, the next save writes a new base. The base also keeps a summary of
its facts (id, name, what a package manifest records: ``types.summarize``) and a tally of
its findings (counts by file, rule and level, the first few of each: ``types.tally``), so
that ``pack`` reads those without decoding every position and stem of every Steckbrief,
nor every finding.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from prozesskit.fsutil import atomic_write_bytes, no_link_below, read_regular, stat_key
from prozesskit.problem import Problem, Result, Row, problems_from_rows
from prozesskit.register.discover import RegisterFiles
from prozesskit.validation.buildid import build_id
from prozesskit.validation.layout import CACHE_DIR, MANIFEST_NAME, PROFILE_PREFIX
from prozesskit.validation.seal import seal, unseal
from prozesskit.validation.types import Previous, RegisterRun, Tally, summarize, tally

RUN_FILE = "validate-run-v4.bin"
SEAL_PURPOSE = "prozesskit run memo"
#: the base the memo's overlay applies to, named by the memo through its id
BASE_FILE = "validate-run-v4.base"
# what earlier versions of prozesskit left in the cache folder: nothing reads them any more
# (each format change renamed its file), so the run that writes a new base removes them
OLD_FILES = ("validate-run-v1.json", "validate-run-v2.bin", "validate-run-v3.bin",
             "validate-v1.json", "validate-v2.json", "validate-v3.json")
BASE_PURPOSE = "prozesskit run memo base"
#: Plain first line of the payload: the marshal format (and the Python that wrote it) is
#: checked before a single byte is decoded.
_FORMAT = f"marshal {marshal.version} python {sys.version_info[0]}.{sys.version_info[1]}\n"
#: Files changed this shortly before a run are not memoised ("racily clean" in git's
#: words): a second edit within the file system's timestamp granularity (2 s on FAT)
#: could leave size and times as they were.
RACY_NS = 2_000_000_000
#: Up to this many changed files (or a tenth of the register) a run continues from the
#: last one instead of starting over.
PATCH_LIMIT = 50
#: A new base is written once the overlay holds more than an eighth of the problems (or
#: of the files), and more than the floor: every run applies the overlay when it reads.
OVERLAY_SHARE = 8
OVERLAY_FLOOR = 100


def _stat(path: str) -> list[int] | None:
    """:func:`fsutil.stat_key` as a list: the form it has after a JSON round trip."""
    key = stat_key(path)
    return list(key) if key is not None else None


def _sha256(path: str) -> str | None:
    """Content hash as the per-file cache and the workers write it; None if unreadable."""
    import hashlib

    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return None


#: From this many files on, hashing is spread over threads: reading and sha256 release
#: the GIL, and a fresh checkout in CI has every file of the register to compare.
THREADED_FROM = 64


def _sha256_many(paths: list[str]) -> list[str | None]:
    if len(paths) < THREADED_FROM:
        return [_sha256(path) for path in paths]
    import threading

    threads = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else os.cpu_count() or 1))
    out: list[str | None] = [None] * len(paths)

    def part(start: int) -> None:
        for i in range(start, len(paths), threads):
            out[i] = _sha256(paths[i])

    workers = [threading.Thread(target=part, args=(n,)) for n in range(1, threads)]
    for worker in workers:
        worker.start()
    part(0)
    for worker in workers:
        worker.join()
    return out


@dataclass(frozen=True)
class RunInputs:
    """What a register run reads, as far as it can be known before reading anything."""

    root: Path
    key: str  # prozesskit build + command-line profile
    files: list[str]  # every file of the register (existence matters to register rules)
    stats: dict[str, list[int] | None]  # manifest, Steckbriefe, models
    started_ns: int
    #: sha256 of inputs, known before the run reads them: the manifest's (small, always)
    #: and, once compared with a memo, those of the other files (carried over where the
    #: stat is unchanged, hashed where it is not)
    hashes: dict[str, str] = field(default_factory=dict)
    #: git blob ids git's index vouches for under these stats (see :mod:`prozesskit.gitindex`)
    blobs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def collect(cls, root: Path, files: RegisterFiles, profile: str | None, *,
                stat: bool = True) -> RunInputs:
        """``stat=False``: no file stat'ed or hashed (``engine.remembered_register``, whose
        caller compares each file's stat with the memo's itself)."""
        started = time.time_ns()
        base = str(root) + os.sep
        read = [*([files.manifest] if files.manifest else []), *files.steckbriefe, *files.modelle]
        inputs = cls(root, f"{build_id()}|{profile or ''}", sorted(files.files),
                     {rel: _stat(base + rel) for rel in read} if stat else {}, started)
        if files.manifest and stat:
            digest = _sha256(base + files.manifest)
            if digest is not None:
                inputs.hashes[files.manifest] = digest
        return inputs

    def racy(self) -> bool:
        """Whether a file changed so recently that its stat may not show the next edit."""
        limit = self.started_ns - RACY_NS
        return any(stat is None or stat[1] > limit or stat[2] > limit
                   for stat in self.stats.values())

    @property
    def path(self) -> Path:
        return self.root / CACHE_DIR / RUN_FILE

    @property
    def base_path(self) -> Path:
        return self.root / CACHE_DIR / BASE_FILE

    def usable(self) -> bool:
        """No symlink carries the memo out of the register (see fsutil.no_link_below)."""
        return no_link_below(self.root, f"{CACHE_DIR}/{RUN_FILE}") \
            and no_link_below(self.root, f"{CACHE_DIR}/{BASE_FILE}")


@dataclass(frozen=True)
class Memo:
    """A remembered run whose prozesskit, profile and configuration files still hold.

    ``result_part`` and ``facts_part`` are the base (marshal data, decoded only when
    needed; ``base_id`` names it), ``overlay_part`` what later patch runs changed against
    it (empty: none), ``summary_part`` the base facts' summary (``types.summarize``; empty:
    none, derived from the facts), ``tally_part`` the base findings' tally (``types.tally``;
    empty: none).
    """

    header: dict[str, Any]
    result_part: bytes
    facts_part: bytes
    overlay_part: bytes = b""
    base_id: str = ""
    summary_part: bytes = b""
    tally_part: bytes = b""
    #: decoded parts, each decoded once (a patch run reads the base, then writes it back)
    _decoded: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def unchanged(self, inputs: RunInputs) -> bool:
        return bool(self.header["stats"] == inputs.stats and self.header["files"] == inputs.files)

    def same_content(self, inputs: RunInputs) -> bool:
        """No file's content and no file's existence changed, though stats did (a fresh
        checkout): the last result holds. Call after :meth:`changed_files` gave none."""
        return bool(self.header["files"] == inputs.files)

    def changed_files(self, inputs: RunInputs) -> frozenset[str] | None:
        """Files read by the last run whose content changed, and new ones; None when the
        manifest changed (it carries the configuration) or so much changed that a full run
        is cheaper (it spreads over processes and uses the per-file cache).

        Stat first (a file with the last run's stat is taken as unchanged, as git does),
        then size (another size is another content), then the blob id git's index vouches
        for (a fresh checkout: no file is read), else the sha256 of the content. Fills
        ``inputs.hashes`` and ``inputs.blobs`` for the next memo.
        """
        old: dict[str, Any] = self.header["stats"]
        known: dict[str, Any] = self.header.get("hashes") or {}
        known_blobs: dict[str, Any] = self.header.get("blobs") or {}
        limit = max(PATCH_LIMIT, len(inputs.stats) // 10)
        changed: list[str] = []
        compare: list[str] = []  # same size, other stat: the content decides
        for rel, stat in inputs.stats.items():
            before, digest, blob = old.get(rel), known.get(rel), known_blobs.get(rel)
            if stat is not None and stat == before:
                if isinstance(digest, str):  # content as when the stat was taken
                    inputs.hashes.setdefault(rel, digest)
                if isinstance(blob, str):
                    inputs.blobs.setdefault(rel, blob)
            elif (stat is None or not isinstance(before, list) or not before
                  or before[0] != stat[0] or not isinstance(digest, str)):
                changed.append(rel)  # new, vanished, another size, or never hashed
            else:
                compare.append(rel)
        if MANIFEST_NAME in changed or len(changed) > limit:
            return None
        changed += self._compare(inputs, compare, known, known_blobs)
        if MANIFEST_NAME in changed or len(changed) > limit:
            return None
        return frozenset(changed)

    @staticmethod
    def _compare(inputs: RunInputs, rels: list[str], known: dict[str, Any],
                 known_blobs: dict[str, Any]) -> list[str]:
        """Which of ``rels`` (other stat, same size, hashed before) changed in content."""
        if not rels:
            return []
        from prozesskit.gitindex import vouched_blobs

        vouched = vouched_blobs(inputs.root, {rel: inputs.stats[rel] for rel in rels})
        inputs.blobs.update(vouched)
        changed, todo = [], []
        for rel in rels:
            blob, before = vouched.get(rel), known_blobs.get(rel)
            if blob is None or not isinstance(before, str):
                if rel not in inputs.hashes:
                    todo.append(rel)
            elif blob == before:
                inputs.hashes[rel] = known[rel]  # same content: the hash of the last run
            else:
                changed.append(rel)
        base = str(inputs.root) + os.sep
        inputs.hashes.update((rel, digest) for rel, digest
                             in zip(todo, _sha256_many([base + rel for rel in todo]),
                                    strict=True) if digest is not None)
        changed += (rel for rel in rels if rel not in changed
                    and inputs.hashes.get(rel) != known[rel])
        return changed

    def result(
        self, *, with_register_level: bool = False
    ) -> tuple[Result, frozenset[Problem] | None]:
        """The remembered result; and, if asked, which of its problems register rules made."""
        rows, flags = self._rows()
        problems = tuple(problems_from_rows(rows))
        # stored from a built Result: already sorted and free of duplicates
        body = self._overlay() or self._body()
        result = Result(problems, tuple(body["files"]), tuple(body["rules_run"]))
        if not with_register_level:
            return result, None
        return result, frozenset(p for p, flag in zip(problems, flags, strict=True) if flag)

    def previous(self) -> Previous:
        rows, flags = self._rows()
        facts, setup, carry = self._facts_and_setup()
        return Previous(rows, flags, facts, setup, carry)

    def facts(self) -> dict[str, dict[str, Any] | None]:
        """The remembered facts alone: :meth:`previous` would decode every problem again (a
        third of ``pack``'s time on a register with 12,000 findings)."""
        return self._facts_and_setup()[0]

    def summaries(self) -> dict[str, dict[str, Any] | None]:
        """The facts' :data:`~prozesskit.validation.types.SUMMARY_FIELDS` by file, from the
        base's summary part and the overlay's facts, without decoding the base's facts
        (ValueError if a part is not the shape :func:`save` writes)."""
        if not self.summary_part:
            return summarize(self.facts())
        summary = marshal.loads(self.summary_part)
        if not isinstance(summary, dict):
            raise ValueError("summary")
        overlay = self._overlay()
        if not overlay:
            return summary
        summary.update(summarize(overlay["facts"]))
        for rel in overlay["gone"]:
            summary.pop(rel, None)
        return summary

    def rows(self) -> list[Row]:
        """The remembered problems as rows, in the result's order (no Problem objects)."""
        return self._rows()[0]

    def tally(self) -> Tally:
        """The base findings' :data:`~prozesskit.validation.types.Tally`, without decoding
        the rows; ValueError when the base has none or a patch run changed findings since
        it was written (the caller counts the rows then)."""
        if not self.tally_part or self._overlay().get("rows"):
            raise ValueError("tally")
        counts, firsts = marshal.loads(self.tally_part)
        if not isinstance(counts, dict) or not isinstance(firsts, dict):
            raise ValueError("tally")
        return counts, firsts

    def _body(self) -> dict[str, Any]:
        """The base's problems as rows, their register flags, files and rules."""
        if "body" not in self._decoded:
            body = marshal.loads(self.result_part)
            rows, flags = body["problems"], body["register"]
            if not isinstance(rows, list) or not isinstance(flags, bytes) \
                    or len(rows) != len(flags):
                raise ValueError("register")
            self._decoded["body"] = body
        return self._decoded["body"]  # type: ignore[no-any-return]

    def _overlay(self) -> dict[str, Any]:
        """What patch runs changed against the base; empty if nothing."""
        if "overlay" not in self._decoded:
            overlay = marshal.loads(self.overlay_part) if self.overlay_part else {}
            if not isinstance(overlay, dict):
                raise ValueError("overlay")
            self._decoded["overlay"] = overlay
        return self._decoded["overlay"]  # type: ignore[no-any-return]

    def _base_facts(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The ``(facts, setup, carry)`` triple of the base (the seal was checked by
        :func:`load`); ValueError if it is not that shape."""
        if "facts" not in self._decoded:
            facts, setup, carry = marshal.loads(self.facts_part)
            if not isinstance(facts, dict) or not isinstance(setup, dict) \
                    or not isinstance(carry, dict):
                raise ValueError("facts")
            self._decoded["facts"] = facts, setup, carry
        return self._decoded["facts"]  # type: ignore[no-any-return]

    def _rows(self) -> tuple[list[Row], bytes]:
        """Every problem of the last result in order, as rows, and the register flags:
        the base with the overlay's files put in their place."""
        body = self._body()
        rows, flags = body["problems"], body["register"]
        changed = self._overlay().get("rows")
        if not changed:
            return rows, flags
        return _splice(rows, flags, changed)

    def _facts_and_setup(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        facts, setup, carry = self._base_facts()
        overlay = self._overlay()
        if not overlay:
            return facts, setup, carry
        merged = {**facts, **overlay["facts"]}
        for rel in overlay["gone"]:
            merged.pop(rel, None)
        return merged, setup, overlay["carry"]


def _file(row: Sequence[Any]) -> Any:
    return row[0]


def _splice(rows: list[Row], flags: bytes,
            changed: dict[str, tuple[list[Row], bytes]]) -> tuple[list[Row], bytes]:
    """``rows`` (ordered by file first, as every result is) with the rows of each file in
    ``changed`` replaced by the given ones; a file not in ``rows`` goes where it sorts."""
    out: list[Row] = []
    out_flags = bytearray()
    at = 0
    for file in sorted(changed):
        low = bisect_left(rows, file, at, key=_file)
        high = bisect_right(rows, file, low, key=_file)
        out += rows[at:low]
        out_flags += flags[at:low]
        new_rows, new_flags = changed[file]
        if len(new_rows) != len(new_flags):
            raise ValueError("overlay")
        out += new_rows
        out_flags += new_flags
        at = high
    out += rows[at:]
    out_flags += flags[at:]
    return out, bytes(out_flags)


def _spans(rows: Sequence[Row]) -> dict[str, tuple[int, int]]:
    """Where each file's rows lie in ``rows`` (ordered by file first)."""
    spans: dict[str, tuple[int, int]] = {}
    at = 0
    for file, group in groupby(rows, itemgetter(0)):
        size = len(list(group))
        spans[file] = (at, at + size)
        at += size
    return spans


def _overlay_of(memo: Memo, run: RegisterRun) -> bytes | None:
    """The overlay that turns ``memo``'s base into ``run`` (marshalled), or None when a new
    base is due: another configuration, or too much changed since the base was written."""
    if run.rows is None:
        return None
    facts, setup, _ = memo._base_facts()
    if dict(run.setup) != setup:
        return None
    body = memo._body()
    base_rows, base_flags = body["problems"], body["register"]
    rows, flags = run.rows
    limit_rows = max(OVERLAY_FLOOR, len(base_rows) // OVERLAY_SHARE)
    limit_files = max(OVERLAY_FLOOR, len(facts) // OVERLAY_SHARE)
    old, new = _spans(base_rows), _spans(rows)
    changed: dict[str, tuple[list[Row], bytes]] = {}
    size = 0
    for file in old.keys() | new.keys():
        low, high = new.get(file, (0, 0))
        part, part_flags = rows[low:high], flags[low:high]
        base_low, base_high = old.get(file, (0, 0))
        if part == base_rows[base_low:base_high] and part_flags == base_flags[base_low:base_high]:
            continue
        changed[file] = (list(part), bytes(part_flags))
        size += len(part)
        if size > limit_rows or len(changed) > limit_files:
            return None
    missing = object()
    new_facts = {rel: data for rel, data in run.facts.items()
                 if facts.get(rel, missing) is not data}
    gone = [rel for rel in facts if rel not in run.facts]
    if len(new_facts) + len(gone) > limit_files:
        return None
    result = run.result
    return marshal.dumps({"rows": changed, "facts": new_facts, "gone": gone,
                          "carry": dict(run.carry), "files": list(result.files),
                          "rules_run": list(result.rules_run)})


def _rows(problems: tuple[Problem, ...]) -> list[Row]:
    """Rows with equal strings (and equal ``related`` tuples) made one object, which
    marshal then writes once and reads back as one: a big register's 13,800 problems have
    some 2,000 distinct messages, and reading them back shared takes a quarter of the time."""
    pool: dict[str, str] = {}
    share = pool.setdefault
    related: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
    same = related.setdefault
    return [(share(p.file, p.file), p.line, p.column, share(p.rule, p.rule), p.level.value,
             share(p.message, p.message),
             None if p.element is None else share(p.element, p.element),
             None if p.hint is None else share(p.hint, p.hint), same(p.related, p.related),
             p.crash)
            for p in problems]


def load(inputs: RunInputs) -> Memo | None:
    """The last run if prozesskit, profile and configuration files are as then, else None."""
    if not inputs.usable():
        return None
    try:
        payload = unseal(inputs.path.read_bytes(), purpose=SEAL_PURPOSE)
        if payload is None or not payload.startswith(_FORMAT.encode()):
            return None
        head, base_id, overlay_part = marshal.loads(payload[len(_FORMAT):])
        header = marshal.loads(head)
        config_hashes = header.get("config_hashes") or {}
        if (
            header.get("key") != inputs.key
            or not isinstance(header.get("stats"), dict)
            or any(_stat(path) != stat and _sha256(path) != config_hashes.get(path)
                   for path, stat in header.get("config", {}).items())
        ):
            return None
        base = unseal(inputs.base_path.read_bytes(), purpose=BASE_PURPOSE)
        if base is None or not base.startswith(_FORMAT.encode()):
            return None
        # a base without the summary and tally parts (the tests' hand-made ones) is read
        # all the same
        stored_id, result_part, facts_part, *parts = marshal.loads(base[len(_FORMAT):])
        if not isinstance(base_id, str) or stored_id != base_id or len(parts) > 2:
            return None  # another run's base (two runs at once): no memo
        return Memo(header, result_part, facts_part, overlay_part, base_id, *parts)
    except (OSError, ValueError, TypeError, AttributeError, EOFError):
        return None


def _config_stats(sources: tuple[str, ...]) -> dict[str, list[int] | None] | None:
    """Stat of the local convention files; None if a source can move on its own (git branch)."""
    stats: dict[str, list[int] | None] = {}
    for source in sources:
        if source.startswith(PROFILE_PREFIX) or source == MANIFEST_NAME:
            continue  # built in / the manifest, whose stat is among the inputs
        if source.startswith("git+"):
            from prozesskit.gitio import is_pinned  # deliberate: only for git conventions

            if not is_pinned(source):
                return None
            continue  # a commit or tag: its content is fixed by the name in the manifest
        stats[source] = _stat(source)
    return stats


def _header(inputs: RunInputs, config: dict[str, list[int] | None],
            hashes: dict[str, str]) -> dict[str, Any]:
    return {"key": inputs.key, "stats": inputs.stats, "files": inputs.files, "config": config,
            # a config file's content as now: its stat has the same window (see above)
            "config_hashes": {path: _sha256(path) for path in config},
            "hashes": {rel: digest for rel, digest in hashes.items() if rel in inputs.stats},
            "blobs": _blobs(inputs)}


def _blobs(inputs: RunInputs) -> dict[str, str]:
    """Blob ids of the files under the stats this memo records: known ones, and for the
    rest what git's index vouches for under those stats (none outside git)."""
    blobs = {rel: blob for rel, blob in inputs.blobs.items() if rel in inputs.stats}
    missing = {rel: stat for rel, stat in inputs.stats.items() if rel not in blobs}
    if missing:
        from prozesskit.gitindex import vouched_blobs

        blobs.update(vouched_blobs(inputs.root, missing))
    return blobs


def _write(inputs: RunInputs, head: bytes, overlay: bytes, base_id: str,
           base: tuple[bytes, bytes, bytes, bytes] | None = None) -> None:
    """The memo, and first the base it names if that is new (``base``: problems, facts,
    summary, tally).
    Two runs at once may leave a memo naming the other's base: then no memo is found."""
    if not inputs.usable():
        return
    if base is not None:
        sealed = seal(_FORMAT.encode() + marshal.dumps((base_id, *base)), purpose=BASE_PURPOSE)
        if sealed is None:
            return
        atomic_write_bytes(inputs.base_path, sealed, durable=False)
        for name in OLD_FILES:
            (inputs.base_path.parent / name).unlink(missing_ok=True)
    sealed = seal(_FORMAT.encode() + marshal.dumps((head, base_id, overlay)),
                  purpose=SEAL_PURPOSE)
    if sealed is not None:
        atomic_write_bytes(inputs.path, sealed, durable=False)


def save(inputs: RunInputs, run: RegisterRun, last: Memo | None = None) -> None:
    """Record this run; never fails the run (a cache that cannot be written is just absent).

    ``last``: the memo this run continued from (a patch run); its base is written back as
    it was read, with this run's changes against it as the overlay, while that stays small.
    """
    config = _config_stats(run.config_sources)
    with contextlib.suppress(OSError, ValueError):  # ValueError: data marshal cannot write
        if config is None:  # conventions on a git branch: no result may be reused
            if inputs.usable():
                inputs.path.unlink(missing_ok=True)
            return
        if inputs.racy():  # keep the older memo: it is true for the stats it names
            return
        # the run's hashes are of the bytes it checked; the others were taken before it
        header = marshal.dumps(_header(inputs, config, {**inputs.hashes, **run.hashes}))
        overlay = None
        if last is not None:
            try:
                overlay = _overlay_of(last, run)
            except (ValueError, TypeError, KeyError, EOFError):
                overlay = None  # a base we cannot read: a new one
        if last is not None and overlay is not None and last.base_id:
            _write(inputs, header, overlay, last.base_id)  # the base stays as it is
            return
        result = run.result
        rows, flags = run.rows if run.rows is not None else (
            _rows(result.problems), bytes(p in run.register_level for p in result.problems))
        body = {"problems": rows, "register": flags,
                "files": list(result.files), "rules_run": list(result.rules_run)}
        _write(inputs, header, b"", os.urandom(16).hex(),
               (marshal.dumps(body), marshal.dumps((run.facts, dict(run.setup),
                                                     dict(run.carry))),
                marshal.dumps(summarize(run.facts)), marshal.dumps(tally(rows))))


def refresh(inputs: RunInputs, memo: Memo) -> None:
    """The last run, remembered again under today's stats: the content is the same (a
    fresh checkout), so the next run takes the stat shortcut instead of hashing again."""
    with contextlib.suppress(OSError, ValueError):
        if inputs.racy():
            return
        config = {path: _stat(path) for path in memo.header.get("config", {})}
        header = _header(inputs, config, inputs.hashes)
        _write(inputs, marshal.dumps(header), memo.overlay_part, memo.base_id)
