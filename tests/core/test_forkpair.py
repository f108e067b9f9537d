"""forkpair forks only a single-threaded process: a fork copies the calling thread alone,
and a lock held by another thread (libxml2's, malloc's) would never be released in the
child. ``netz`` opens member registers, packages among them, in a thread pool.

Run in a fresh interpreter: the test session itself may hold threads of other tests."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import threading
import prozesskit.validation.pool as pool
from prozesskit import forkpair

pool.usable_cpus = lambda: 4
alone = forkpair.can_fork()
release = threading.Event()
other = threading.Thread(target=release.wait)
other.start()
beside = forkpair.can_fork()
release.set()
other.join()
print(alone, beside, forkpair.can_fork())
"""


def test_no_fork_while_another_thread_runs() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.split() == ["True", "False", "True"]
