"""Time a child process: wall clock, user+sys CPU and peak memory (maxrss) via ``os.wait4``."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


class RunFailure(RuntimeError):
    """A measured command crashed or returned an exit code that means failure."""


@dataclass(frozen=True)
class Sample:
    """One run of one command (or the sum of a batch of runs)."""

    wall_s: float
    user_s: float
    sys_s: float
    maxrss_mib: float
    returncode: int
    tree_rss_mib: float = 0.0

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "cpu_s": self.cpu_s}


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children_map() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants right now (Linux ``/proc``)."""
    tree, total, todo = _children_map(), 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, ()))
        try:
            with open(f"/proc/{current}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


class _TreeSampler(threading.Thread):
    """Samples the RSS of a process tree every ``interval`` s; workers add up, maxrss not."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.done.wait(self.interval):
            self.peak = max(self.peak, tree_rss_bytes(self.pid))


def run_timed(cmd: Sequence[str], *, cwd: Path, log: Path,
              env: Mapping[str, str] | None = None) -> Sample:
    """Run ``cmd`` once; its stdout/stderr go to ``log.out``/``log.err``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.with_suffix(".out").open("wb") as out, log.with_suffix(".err").open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env) if env else None,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB: the largest single process of the tree
    maxrss = usage.ru_maxrss / 1024
    return Sample(wall, usage.ru_utime, usage.ru_stime, maxrss, proc.returncode,
                  tree_rss_mib=max(maxrss, sampler.peak / 2**20))


def check(sample: Sample, log: Path, ok_codes: frozenset[int] = frozenset({0, 1})) -> Sample:
    """Raise :class:`RunFailure` with the tail of stderr unless the exit code is acceptable."""
    if sample.returncode not in ok_codes:
        err = log.with_suffix(".err")
        tail = err.read_text(encoding="utf-8", errors="replace")[-3000:] if err.exists() else ""
        raise RunFailure(f"exit code {sample.returncode} (log {log}.err):\n{tail}")
    return sample


def combine(samples: Sequence[Sample]) -> Sample:
    """Batches run one after the other: times add up, memory is the largest batch's."""
    return Sample(
        wall_s=sum(s.wall_s for s in samples),
        user_s=sum(s.user_s for s in samples),
        sys_s=sum(s.sys_s for s in samples),
        maxrss_mib=max(s.maxrss_mib for s in samples),
        returncode=max(s.returncode for s in samples),
        tree_rss_mib=max(s.tree_rss_mib for s in samples),
    )


@dataclass(frozen=True)
class Measurement:
    """Repeated samples of one row of the table; the median is what gets reported."""

    name: str
    label: str
    command: str
    samples: tuple[Sample, ...]
    extra: Mapping[str, Any] | None = None

    def median(self, field: str) -> float:
        return float(statistics.median(float(getattr(s, field)) for s in self.samples))

    @property
    def wall_s(self) -> float:
        return self.median("wall_s")

    @property
    def cpu_s(self) -> float:
        return self.median("cpu_s")

    @property
    def maxrss_mib(self) -> float:
        return max(s.maxrss_mib for s in self.samples)

    @property
    def tree_rss_mib(self) -> float:
        return max(s.tree_rss_mib for s in self.samples)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "command": self.command,
            "median": {"wall_s": self.wall_s, "cpu_s": self.cpu_s,
                       "user_s": self.median("user_s"), "sys_s": self.median("sys_s")},
            "peak_maxrss_mib": self.maxrss_mib,
            "peak_tree_rss_mib": self.tree_rss_mib,
            "samples": [s.as_dict() for s in self.samples],
            **({"extra": dict(self.extra)} if self.extra else {}),
        }


def repeat(times: int, run_once: Callable[[int], Sample],
           before: Callable[[int], None] | None = None) -> tuple[Sample, ...]:
    """Call ``before(i)`` (untimed) and ``run_once(i)`` ``times`` times."""
    samples = []
    for i in range(times):
        if before is not None:
            before(i)
        samples.append(run_once(i))
    return tuple(samples)
