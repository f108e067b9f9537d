"""The write plan: all files of a change or none, and no silent overwrite of a user's edit."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from prozesskit.errors import InputError, UsageError, WriteError
from prozesskit.writeplan import WritePlan


def _tree(root: Path) -> dict[str, bytes]:
    """Every file below root (hidden ones too) with its content."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _plan(root: Path, count: int = 6) -> WritePlan:
    plan = WritePlan(root)
    for index in range(count):
        plan.add(f"steckbriefe/p{index}.yaml", f"id: p{index}\n")
    plan.add("prozesskit.yaml", "format: 1\n")
    return plan


def _fail_on_replace(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The nth rename fails as on a full disk (the error a real ENOSPC raises)."""
    real = os.replace
    calls = {"n": 0}

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == nth:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_new_folder_is_written_completely(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    outcome = _plan(root).commit()
    assert len(outcome.written) == 7 and outcome.unchanged == ()
    assert _tree(root)["steckbriefe/p3.yaml"] == b"id: p3\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg"]  # no staging left behind


def test_failure_midway_into_existing_folder_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "reg"
    (root / "steckbriefe").mkdir(parents=True)
    (root / "steckbriefe" / "p1.yaml").write_text("id: p1\n# meins\n", encoding="utf-8")
    (root / "notiz.txt").write_text("bleibt", encoding="utf-8")
    before = _tree(root)
    _fail_on_replace(monkeypatch, nth=5)  # after some files are already in place
    with pytest.raises(WriteError, match="kein Platz mehr"):
        _plan(root).commit(force=True)
    assert _tree(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["notiz.txt", "steckbriefe"]


def test_failure_when_the_new_folder_is_renamed_into_place_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_replace(monkeypatch, nth=1)
    with pytest.raises(WriteError):
        _plan(tmp_path / "reg").commit()
    assert list(tmp_path.iterdir()) == []


def test_failure_leaves_no_folders_made_on_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_replace(monkeypatch, nth=1)
    with pytest.raises(WriteError):
        _plan(tmp_path / "neu" / "tief" / "reg").commit()
    assert list(tmp_path.iterdir()) == []


def test_interrupt_while_staging_leaves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    root.mkdir()

    def progress(done: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _plan(root).commit(progress=progress)
    assert list(root.iterdir()) == []


def test_differing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    (root / "steckbriefe").mkdir(parents=True)
    edited = root / "steckbriefe" / "p2.yaml"
    edited.write_text("id: p2\nname: von Hand\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"steckbriefe/p2\.yaml.*--force"):
        _plan(root).commit()
    assert _tree(root) == {"steckbriefe/p2.yaml": b"id: p2\nname: von Hand\n"}
    assert _plan(root).conflicts() == ["steckbriefe/p2.yaml"]
    outcome = _plan(root).commit(force=True)
    assert edited.read_text(encoding="utf-8") == "id: p2\n"
    assert "steckbriefe/p2.yaml" in outcome.written


def test_same_content_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    _plan(root).commit()
    same = root / "prozesskit.yaml"
    stamp = same.stat().st_mtime_ns
    os.utime(same, ns=(stamp - 10**9, stamp - 10**9))
    outcome = _plan(root).commit()
    assert outcome.written == () and len(outcome.unchanged) == 7
    assert same.stat().st_mtime_ns == stamp - 10**9


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    root.mkdir()
    script = root / "prozesskit.yaml"
    script.write_text("alt\n", encoding="utf-8")
    script.chmod(0o640)
    _plan(root).commit(force=True)
    assert script.stat().st_mode & 0o777 == 0o640


def test_folder_where_a_file_belongs_is_refused_even_with_force(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    (root / "prozesskit.yaml").mkdir(parents=True)
    with pytest.raises(WriteError, match="Ordner"):
        _plan(root).commit(force=True)
    assert _tree(root) == {}


@pytest.mark.parametrize("rel", ["../aussen.yaml", "/etc/x", "a/../../b", "a\\..\\b", ""])
def test_paths_outside_the_folder_are_refused(rel: str, tmp_path: Path) -> None:
    plan = WritePlan(tmp_path / "reg")
    with pytest.raises(UsageError, match="außerhalb"):
        plan.add(rel, "x")


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    root.mkdir()
    outside = tmp_path / "draussen"
    outside.mkdir()
    (root / "steckbriefe").symlink_to(outside)
    with pytest.raises(Exception, match="Link"):
        _plan(root).commit()
    assert list(outside.iterdir()) == []


def test_unwritable_place_is_a_german_error_naming_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteError, match=r"Kann nicht nach '.*datei/reg' schreiben: .*Datei"):
        _plan(blocker / "reg").commit()


def test_below_answers_as_contained_for_folders_links_and_escapes(tmp_path: Path) -> None:
    """A write plan resolves each folder once (fsutil.Below); the answers are those of
    contained: a link inside the root resolves, one leading out is refused."""
    from prozesskit.fsutil import Below, contained

    root = tmp_path / "reg"
    (root / "steckbriefe").mkdir(parents=True)
    (root / "steckbriefe" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (root / "drinnen").symlink_to(root / "steckbriefe")
    (root / "steckbriefe" / "b.yaml").symlink_to(root / "steckbriefe" / "a.yaml")
    outside = tmp_path / "draussen"
    outside.mkdir()
    (root / "raus").symlink_to(outside)
    (root / "steckbriefe" / "c.yaml").symlink_to(outside / "c.yaml")
    below = Below(root)
    for rel in ("steckbriefe/a.yaml", "steckbriefe/neu.yaml", "drinnen/a.yaml",
                "steckbriefe/b.yaml", "neu/tief/x.yaml", "prozesskit.lock", "a//b/./c.yaml",
                "a\\..\\..\\x"):
        assert below(rel) == contained(root, rel), rel
    assert below("steckbriefe/b.yaml") == (root / "steckbriefe" / "a.yaml").resolve()
    for rel in ("raus/x.yaml", "steckbriefe/c.yaml", "../x.yaml", "/etc/passwd",
                "steckbriefe/..", "\\x"):
        with pytest.raises(InputError):
            below(rel)


# -- staging folders of killed runs --------------------------------------------------------------

_KILLED_MIDWAY = r"""
import os, sys
from pathlib import Path
import prozesskit.writeplan as writeplan

real = os


class Os:
    def __getattr__(self, name):
        return getattr(real, name)

    def replace(self, *args, **kwargs):
        real.replace(*args, **kwargs)
        real.kill(real.getpid(), 9)  # a real SIGKILL after the first rename


writeplan.os = Os()
plan = writeplan.WritePlan(Path(sys.argv[1]))
for index in range(4):
    plan.add(f"steckbriefe/p{index}.yaml", f"id: p{index}\nneu: ja\n")
plan.commit(force=True)
"""

_HOLDS_A_STAGING_FOLDER = r"""
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("gesperrt", flush=True)
time.sleep(60)
"""


def _staging(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(f".{root.name}.")
                  and p.name.endswith(".neu"))


def test_staging_folder_of_a_killed_run_is_removed_by_the_next_run(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    root = tmp_path / "register"
    _plan(root).commit()
    before = _tree(root)
    killed = subprocess.run([sys.executable, "-c", _KILLED_MIDWAY, str(root)],
                            capture_output=True, text=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = _staging(root)
    assert len(left) == 1  # what a SIGKILL leaves: the staging folder with the old files
    now = _tree(root)
    for rel, data in before.items():  # every file old or new, never half
        assert now[rel] in (data, data.replace(b"\n", b"\nneu: ja\n", 1)), rel

    plan = WritePlan(root)
    plan.add("steckbriefe/p0.yaml", "id: p0\nneu: ja\n")
    plan.commit(force=True)

    assert _staging(root) == []  # the next run cleaned up after the killed one
    assert not any(".neu" in rel for rel in _tree(root))


def test_a_running_plans_staging_folder_and_lookalikes_are_left_alone(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = tmp_path / "register"
    _plan(root).commit()
    busy = root / ".register.laeuft.neu"
    (busy / "neu").mkdir(parents=True)
    (busy / "neu" / "x.yaml").write_text("id: x\n")
    outside = tmp_path / "fremd"
    outside.mkdir()
    (outside / "wichtig.txt").write_text("bleibt\n")
    (root / ".register.link.neu").symlink_to(outside, target_is_directory=True)
    (root / ".register.datei.neu").write_text("keine Zwischenablage\n")
    (root / ".andere.x.neu").mkdir()  # another folder's name: not ours to judge
    stale = root / ".register.tot.neu"
    (stale / "alt").mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDS_A_STAGING_FOLDER, str(busy)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "gesperrt"
        plan = WritePlan(root)
        plan.add("steckbriefe/p1.yaml", "id: p1\nneu: ja\n")
        plan.commit(force=True)
    finally:
        holder.kill()
        holder.communicate()
    assert not stale.exists()
    assert (busy / "neu" / "x.yaml").read_text() == "id: x\n"  # a live run's folder stays
    assert (outside / "wichtig.txt").read_text() == "bleibt\n"
    assert (root / ".register.link.neu").is_symlink()
    assert (root / ".register.datei.neu").is_file()
    assert (root / ".andere.x.neu").is_dir()


def test_new_top_folder_comes_in_with_one_rename_and_leaves_again_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unpack into a register without ``steckbriefe/``: the staged folder is renamed into
    place as a whole (one step, atomic like a file's), not file by file; a failure after
    it takes the folder out again."""
    root = tmp_path / "reg"
    root.mkdir()
    (root / "notiz.txt").write_text("bleibt", encoding="utf-8")
    renames: list[str] = []
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append(Path(dst).relative_to(root).as_posix())
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    outcome = _plan(root).commit()
    assert renames == ["steckbriefe", "prozesskit.yaml"]
    assert len(outcome.written) == 7 and _tree(root)["steckbriefe/p5.yaml"] == b"id: p5\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg"]

    again = tmp_path / "reg2"
    again.mkdir()
    (again / "notiz.txt").write_text("bleibt", encoding="utf-8")
    monkeypatch.setattr(os, "replace", real)
    _fail_on_replace(monkeypatch, nth=2)  # prozesskit.yaml, after steckbriefe/ is in place
    with pytest.raises(WriteError, match="kein Platz mehr"):
        _plan(again).commit()
    assert _tree(again) == {"notiz.txt": b"bleibt"}
    assert sorted(p.name for p in again.iterdir()) == ["notiz.txt"]


def test_a_link_out_of_the_folder_above_a_new_folder_is_refused_by_check(
        tmp_path: Path) -> None:
    """``check()`` promises to refuse before anything is written (init checks its CI plan
    first): also where the planned file's folder does not exist yet, below a link that
    leads out of the target."""
    root = tmp_path / "reg"
    root.mkdir()
    outside = tmp_path / "draussen"
    outside.mkdir()
    (root / "steckbriefe").symlink_to(outside)
    plan = WritePlan(root)
    plan.add("steckbriefe/neu/a.yaml", "id: a\n")
    with pytest.raises(InputError, match="Link"):
        plan.check()
    assert list(outside.iterdir()) == []


def test_a_file_changed_since_the_plan_read_it_refuses_the_plan(tmp_path: Path) -> None:
    """``expect``: the content a plan was computed from; another run's (or an editor's)
    write in between refuses everything, also with ``force``, and names the file."""
    import hashlib

    root = tmp_path / "register"
    (root / "steckbriefe").mkdir(parents=True)
    (root / "steckbriefe" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    read = hashlib.sha256(b"id: a\n").hexdigest()
    plan = WritePlan(root)
    plan.add("steckbriefe/a.yaml", "id: a\nname: A\n", ours=True)
    plan.expect("steckbriefe/a.yaml", read)
    plan.add("steckbriefe/b.yaml", "id: b\n")
    plan.expect("steckbriefe/b.yaml", None)
    (root / "steckbriefe" / "a.yaml").write_text("id: a\nprioritaet: hoch\n", encoding="utf-8")
    before = _tree(root)
    with pytest.raises(UsageError) as refused:
        plan.commit(force=True)
    assert "steckbriefe/a.yaml" in str(refused.value)
    assert "steckbriefe/b.yaml" not in str(refused.value)
    assert _tree(root) == before
    (root / "steckbriefe" / "a.yaml").write_text("id: a\n", encoding="utf-8")  # as read
    assert plan.commit().written == ("steckbriefe/a.yaml", "steckbriefe/b.yaml")
    assert (root / "steckbriefe" / "a.yaml").read_text(encoding="utf-8") == "id: a\nname: A\n"


def test_ctrl_c_during_the_renames_arrives_after_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real SIGINT right after one rename: before, the KeyboardInterrupt came before the
    rename's undo was noted (that file stayed new, the others were put back) or in the
    clean-up (the staging folder with copies of every replaced file stayed in the register).
    Now it waits until the plan is written and cleaned up, then stops the command."""
    import signal

    root = tmp_path / "register"
    _plan(root).commit()
    plan = WritePlan(root)
    for index in range(6):
        plan.add(f"steckbriefe/p{index}.yaml", f"id: p{index}\nname: neu\n", ours=True)
    real = os.replace
    calls = {"n": 0}

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real(src, dst)
        calls["n"] += 1
        if calls["n"] == 3:
            os.kill(os.getpid(), signal.SIGINT)

    import threading

    monkeypatch.setattr(os, "replace", replace)
    stop = threading.Event()  # another thread, as a pool or a library's watcher has one:
    other = threading.Thread(target=stop.wait, daemon=True)  # the kernel may hand it the signal
    other.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            plan.commit()
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(os, "replace", real)
    tree = _tree(root)
    assert {rel: data for rel, data in tree.items() if rel.startswith("steckbriefe/")} == {
        f"steckbriefe/p{index}.yaml": f"id: p{index}\nname: neu\n".encode() for index in range(6)}
    assert [path.name for path in root.iterdir() if path.name.startswith(".")] == []


def test_ctrl_c_is_reported_in_german(tmp_path: Path) -> None:
    """typer turns Ctrl-C into a silent exit 130; the user must hear what happened."""
    import signal
    import subprocess
    import sys
    import time

    script = ("import sys, time, typer\n"
              "from prozesskit.cli._errors import run_guarded\n"
              "app = typer.Typer()\n"
              "@app.command()\n"
              "def lange() -> None:\n"
              "    print('los', flush=True)\n"
              "    time.sleep(30)\n"
              "sys.exit(run_guarded(app))\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "los\n"
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert err == "Abgebrochen (Strg-C).\n"  # nothing was being written: nothing to add


def test_ctrl_c_while_a_plan_writes_says_all_or_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from prozesskit import writeplan
    from prozesskit.cli import _errors

    root = tmp_path / "register"
    _plan(root).commit()
    before = _tree(root)
    plan = WritePlan(root)
    plan.add("steckbriefe/p0.yaml", "id: p0\nname: neu\n", ours=True)

    def stopped(path: str, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writeplan, "_create", stopped)
    monkeypatch.setattr(writeplan, "STOPPED_WHILE_WRITING", [])
    with pytest.raises(KeyboardInterrupt):
        plan.commit()
    assert _tree(root) == before
    assert _errors._interrupted() == 130
    err = capsys.readouterr().err
    assert f"während prozesskit nach '{root}' schrieb" in err and "git status" in err


def test_a_second_plan_waits_for_the_first_and_then_sees_its_change(tmp_path: Path) -> None:
    """Both plans read the file before either writes; the first is stopped in the middle of
    writing (in a forked child). Without the register lock the second would check, find
    the file as read and write over the first one's change."""
    import hashlib
    import time

    root = tmp_path / "register"
    (root / "steckbriefe").mkdir(parents=True)
    (root / "steckbriefe" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    read = hashlib.sha256(b"id: a\n").hexdigest()
    go_r, go_w = os.pipe()
    started_r, started_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the first run: plans, then stops inside its write until told to go on
        try:
            from prozesskit import writeplan

            first = WritePlan(root)
            first.add("steckbriefe/a.yaml", "id: a\nprioritaet: hoch\n", ours=True)
            first.expect("steckbriefe/a.yaml", read)
            real = writeplan._create

            def slow(path: str, data: bytes) -> None:
                import select

                os.write(started_w, b"x")
                select.select([go_r], [], [], 10)  # never longer, whatever the parent does
                real(path, data)

            writeplan._create = slow
            first.commit()
            os._exit(0)
        except BaseException:
            os._exit(1)
    second = WritePlan(root)
    second.add("steckbriefe/a.yaml", "id: a\nname: B\n", ours=True)
    second.expect("steckbriefe/a.yaml", read)
    assert os.read(started_r, 1) == b"x"  # the first holds the lock and is writing
    timer = time.monotonic()

    def go_on_soon() -> None:
        time.sleep(0.3)
        os.write(go_w, b"x")

    import threading

    threading.Thread(target=go_on_soon, daemon=True).start()
    try:
        with pytest.raises(UsageError) as refused:
            second.commit()
    finally:
        os.write(go_w, b"x")
        status = os.waitpid(pid, 0)[1]
    assert time.monotonic() - timer >= 0.25  # it waited for the first one
    assert "steckbriefe/a.yaml" in str(refused.value)
    assert status == 0
    assert (root / "steckbriefe" / "a.yaml").read_text(encoding="utf-8") == \
        "id: a\nprioritaet: hoch\n"
