"""pack packs exactly what validate checked, and takes what the manifest needs from that
run instead of parsing every Steckbrief again."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit.exchange.manifest import MANIFEST_NAME
from prozesskit.validation import engine, runcache
from prozesskit.validation.layout import CACHE_DIR

BROKEN = "steckbriefe/fahrzeug-zulassen.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".prozesskit"))
    return copy


def _remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files just copied are "racily clean" for 2 s (their ctime cannot be set back), and
    validate would not remember its run: no window here, so that the memo is used."""
    monkeypatch.setattr(runcache, "RACY_NS", 0)


def _pack(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["pack", *args, "--register", str(root), "-o", str(out)], monkeypatch, capsys)


def _hook_validation(monkeypatch: pytest.MonkeyPatch, before: Callable[[int], None] | None = None,
                     after: Callable[[int], None] | None = None) -> list[int]:
    """Run ``before``/``after`` around every validation of the register (call number)."""
    calls: list[int] = []
    original = engine._validate_register

    def hooked(*args: Any, **kwargs: Any) -> Any:
        calls.append(len(calls))
        if before is not None:
            before(calls[-1])
        result = original(*args, **kwargs)
        if after is not None:
            after(calls[-1])
        return result

    monkeypatch.setattr(engine, "_validate_register", hooked)
    return calls


def test_a_file_edited_before_validation_is_packed_as_validated(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The broken Steckbrief is fixed while pack runs, before validation looks at it.
    Before: pack had read the broken bytes already and packed them with the (clean)
    result of the fixed file; now it packs the bytes validation checked."""
    path = example / BROKEN
    fixed = path.read_bytes()
    path.write_bytes(fixed.replace(b"name: Fahrzeug zulassen", b"name: Fahrzeug zulassen\n"
                                   b"namee: x"))

    def fix(call: int) -> None:
        path.write_bytes(fixed)

    _hook_validation(monkeypatch, before=fix)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 0, err
    with zipfile.ZipFile(out) as archive:
        assert archive.read(BROKEN) == fixed
        assert json.loads(archive.read(MANIFEST_NAME))["pruefung"]["fehler"] == 0


def test_a_file_broken_after_validation_is_validated_again(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Edited between validation and reading: the bytes are not those validated, so pack
    validates again (from scratch) and refuses the error it now finds."""
    path = example / BROKEN

    def breaks(call: int) -> None:
        if call == 0:
            path.write_bytes(path.read_bytes().replace(b"name: Fahrzeug zulassen",
                                                       b"name: Fahrzeug zulassen\nnamee: x"))

    calls = _hook_validation(monkeypatch, after=breaks)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert len(calls) == 2
    assert code == 2 and not out.exists()
    assert "Nicht gepackt: 1 Fehler" in err and BROKEN in err


def test_a_file_that_keeps_changing_is_refused(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = example / BROKEN

    def touch(call: int) -> None:
        path.write_bytes(path.read_bytes() + f"# Änderung {call}\n".encode())

    _hook_validation(monkeypatch, after=touch)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 2 and not out.exists()
    assert "ändern sich während des Packens" in err and "Traceback" not in err


def test_pack_after_validate_parses_no_steckbrief(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """After ``validate`` (its run remembered), pack takes ids, names, stand, herkunft and
    models from that run: the only YAML it composes is prozesskit.yaml (Kommune)."""
    import yaml

    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    composed: list[str] = []
    original = yaml.compose

    def spy(stream: Any, Loader: Any = None) -> Any:
        composed.append(stream[:40] if isinstance(stream, str) else "?")
        return original(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", spy)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 0, err
    assert len(composed) == 1  # prozesskit.yaml, for the Kommune
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert len(manifest["prozesse"]) == 8
    gewerbe = next(p for p in manifest["prozesse"] if p["id"] == "gewerbeanmeldung-entgegennehmen")
    assert gewerbe["version"] == "2026-06-01"
    assert gewerbe["modelle"] == [{"art": "ist",
                                   "datei": "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"}]


def test_unreadable_remembered_facts_mean_a_check_from_scratch(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0

    def broken(memo: object) -> dict[str, object]:
        raise ValueError("summary")

    monkeypatch.setattr(runcache.Memo, "summaries", broken)  # what pack reads of the facts
    calls = _hook_validation(monkeypatch)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 0, err
    assert len(calls) == 2  # the memo's result, then a run without any cache
    with zipfile.ZipFile(out) as archive:
        assert len(json.loads(archive.read(MANIFEST_NAME))["prozesse"]) == 8


def _spy_memo(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """Which memo parts pack decodes: (base facts and rows, summaries); Problem objects
    made of the memo's rows fail the test."""
    decoded: list[str] = []
    summarised: list[str] = []
    real_facts, real_summaries = runcache.Memo._base_facts, runcache.Memo.summaries
    real_body = runcache.Memo._body

    def facts(memo: runcache.Memo) -> Any:
        decoded.append("facts")
        return real_facts(memo)

    def body(memo: runcache.Memo) -> Any:
        decoded.append("rows")
        return real_body(memo)

    def summaries(memo: runcache.Memo) -> Any:
        summarised.append("summary")
        return real_summaries(memo)

    def made(rows: Any) -> Any:
        raise AssertionError("Problem-Objekte aus dem Gedächtnis gemacht")

    monkeypatch.setattr(runcache.Memo, "_base_facts", facts)
    monkeypatch.setattr(runcache.Memo, "_body", body)
    monkeypatch.setattr(runcache.Memo, "summaries", summaries)
    monkeypatch.setattr(runcache, "problems_from_rows", made)
    return decoded, summarised


def test_pack_reads_the_memos_summary_and_rows_not_all_facts(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The memo's base keeps id, name and the manifest's facts of each file, and a tally
    of the findings, as parts of their own: pack after ``validate`` decodes neither the
    facts part (every position, LeiKa key and stem of each Steckbrief) nor the findings
    (it counts and lists from the tally), and packs the same bytes as without any memo."""
    (example / "steckbriefe" / "zz-ohne-id.yaml").write_text(  # findings to count and list
        "name: Ohne Id\n", encoding="utf-8")
    fresh = tmp_path / "ohne-gedaechtnis.zip"
    code, _, err = _pack(example, fresh, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    shutil.rmtree(example / ".prozesskit")
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 1  # the errors
    decoded, summarised = _spy_memo(monkeypatch)
    calls = _hook_validation(monkeypatch)
    out = tmp_path / "mit-gedaechtnis.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    # no run at all: the memo alone (engine.remembered_register)
    assert (len(calls), summarised, decoded) == (0, ["summary"], [])
    assert out.read_bytes() == fresh.read_bytes()
    with zipfile.ZipFile(out) as archive:
        pruefung = json.loads(archive.read(MANIFEST_NAME))["pruefung"]
    assert pruefung["fehler"] >= 1 and pruefung["erzwungen"]
    assert any(b["datei"] == "steckbriefe/zz-ohne-id.yaml" and b["stufe"] == "error"
               for b in pruefung["befunde"])


def test_pack_after_a_patch_run_takes_the_overlays_facts(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A patch run leaves the base as it was and the changed file's facts in the overlay:
    the summary pack reads is the base's with the overlay's facts in their place (the new
    name and stand in the manifest, a removed Steckbrief gone); the findings did not
    change, so the base's tally still holds: the same package as packing without any
    memo."""
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    base = example / CACHE_DIR / runcache.BASE_FILE
    before = base.read_bytes()
    path = example / "steckbriefe" / "gewerbeanmeldung-entgegennehmen.yaml"
    text = path.read_text(encoding="utf-8")
    assert "stand: '2026-06-01'" in text or "stand: 2026-06-01" in text
    path.write_text(text.replace("2026-06-01", "2026-07-01"), encoding="utf-8")
    (example / BROKEN).unlink()
    run_cli(["validate", str(example)], monkeypatch, capsys)
    assert base.read_bytes() == before  # a patch run: the change is in the overlay
    decoded, summarised = _spy_memo(monkeypatch)
    out = tmp_path / "nach-patch.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    assert (summarised, decoded) == (["summary"], [])
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    gewerbe = next(p for p in manifest["prozesse"] if p["id"] == "gewerbeanmeldung-entgegennehmen")
    assert gewerbe["version"] == "2026-07-01"
    assert len(manifest["prozesse"]) == 7
    assert BROKEN not in {p["steckbrief"] for p in manifest["prozesse"]}
    monkeypatch.undo()
    shutil.rmtree(example / ".prozesskit")
    fresh = tmp_path / "ohne-gedaechtnis.zip"
    code, _, err = _pack(example, fresh, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    assert fresh.read_bytes() == out.read_bytes()


class _CountingHashlib:
    """hashlib as ``paket`` sees it, counting the bytes each sha256 is taken of."""

    def __init__(self) -> None:
        import hashlib

        self.real = hashlib
        self.hashed: list[int] = []

    def sha256(self, data: bytes = b"") -> Any:
        if data:
            self.hashed.append(len(data))
        return self.real.sha256(data)


def test_files_unchanged_since_validation_are_not_hashed_again(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """After ``validate``, pack takes each file's sha256 from that run when the file's
    stat after reading is the one the run began with; the package is the same."""
    from prozesskit.exchange import paket

    _remembered(monkeypatch)
    first = tmp_path / "erst.zip"
    assert _pack(example, first, monkeypatch, capsys, "--alle")[0] == 0
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    counting = _CountingHashlib()
    monkeypatch.setattr(paket, "hashlib", counting)
    again = tmp_path / "wieder.zip"
    code, _, err = _pack(example, again, monkeypatch, capsys, "--alle")
    assert code == 0, err
    assert counting.hashed == []  # only the package's own sha256, fed while writing
    assert again.read_bytes() == first.read_bytes()


def test_a_touched_file_is_hashed_and_packed(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Another stat than the run began with (rewritten with the same bytes during pack,
    after the memo was taken): no vouching, the file is hashed, and its bytes still agree."""
    from prozesskit.exchange import paket

    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    path = example / BROKEN
    same = path.read_bytes()
    original = paket.remembered_register

    def touched(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        path.write_bytes(same)
        return found

    monkeypatch.setattr(paket, "remembered_register", touched)
    counting = _CountingHashlib()
    monkeypatch.setattr(paket, "hashlib", counting)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 0, err
    assert counting.hashed == [len(same)]
    with zipfile.ZipFile(out) as archive:
        assert archive.read(BROKEN) == same


def test_vouched_needs_the_runs_key_and_a_settled_file() -> None:
    from prozesskit.problem import Result
    from prozesskit.register.discover import RegisterFiles
    from prozesskit.validation.types import Checked

    checked = Checked(Result((), ()), RegisterFiles(Path("."), None, (), (), frozenset()),
                      {"a.yaml": "h"}, stats={"a.yaml": [10, 5, 7]}, settled_ns=8)
    assert checked.vouched("a.yaml", (10, 5, 7)) == "h"
    assert checked.vouched("a.yaml", (10, 6, 7)) is None  # another mtime
    assert checked.vouched("b.yaml", (10, 5, 7)) is None  # not in the run
    late = Checked(Result((), ()), RegisterFiles(Path("."), None, (), (), frozenset()),
                   {"a.yaml": "h"}, stats={"a.yaml": [10, 5, 7]}, settled_ns=7)
    assert late.vouched("a.yaml", (10, 5, 7)) is None  # changed too shortly before the run


def test_a_recent_mtime_is_not_vouched_for_even_with_an_old_ctime() -> None:
    """On Windows ``st_ctime`` is the creation time: a file created long ago and edited
    just before the run has an old ctime and a recent mtime. Like the memo's racily-clean
    rule, both must lie before the window, or a second same-size edit within the
    timestamp granularity would be packed under the old hash."""
    from prozesskit.problem import Result
    from prozesskit.register.discover import RegisterFiles
    from prozesskit.validation.types import Checked

    checked = Checked(Result((), ()), RegisterFiles(Path("."), None, (), (), frozenset()),
                      {"a.yaml": "h"}, stats={"a.yaml": [10, 9, 3]}, settled_ns=8)
    assert checked.vouched("a.yaml", (10, 9, 3)) is None


def test_files_vouched_for_are_read_only_while_writing(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """After ``validate``, the plan holds no file's bytes (its manifest has size and
    sha256 from the run): each file is read once, while the package is written, and the
    package is the one packing without any memo gives."""
    from prozesskit.exchange import paket

    fresh = tmp_path / "ohne-gedaechtnis.zip"
    assert _pack(example, fresh, monkeypatch, capsys, "--alle")[0] == 0
    shutil.rmtree(example / ".prozesskit")
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    planned = paket.pack_register(example, [], True, [])
    with zipfile.ZipFile(fresh) as archive:
        assert len(planned.files) == len(archive.namelist()) - 1 == 10  # all but the manifest
    assert planned.later is not None
    assert all(data is None for _, (_, _, data) in planned.files)
    out = tmp_path / "gestreamt.zip"
    packed = paket.write(planned, out)
    assert out.read_bytes() == fresh.read_bytes()
    assert packed.size == out.stat().st_size


def test_a_file_changed_after_planning_is_validated_again(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Edited after pack planned it and before it is read for writing: the package being
    written is dropped (no file, no temp file), the register is checked from scratch and
    packed with the new bytes; written directly, the plan refuses (exit 2, German)."""
    from prozesskit.exchange import paket

    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    path = example / BROKEN
    changed = path.read_bytes().replace(b"name: Fahrzeug zulassen",
                                        b"name: Fahrzeug neu zulassen")
    planned = paket.pack_register(example, [], True, [])
    path.write_bytes(changed)
    out = tmp_path / "p.zip"
    with pytest.raises(paket.FilesChanged, match="ändern sich während des Packens"):
        paket.write(planned, out)
    assert list(tmp_path.iterdir()) == [example]  # neither the package nor a temp file

    original = paket.pack_register
    plans: list[int] = []

    def edit_after_planning(*args: Any, **kwargs: Any) -> Any:
        planned = original(*args, **kwargs)
        if not plans:
            path.write_bytes(changed.replace(b"neu zulassen", b"wieder zulassen"))
        plans.append(len(plans))
        return planned

    monkeypatch.setattr(paket, "pack_register", edit_after_planning)
    calls = _hook_validation(monkeypatch)
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert code == 0, err
    # the plan from the memo alone (no run), then the usual way: a patch run
    assert (len(plans), len(calls)) == (2, 1)
    with zipfile.ZipFile(out) as archive:
        assert b"name: Fahrzeug wieder zulassen" in archive.read(BROKEN)
        manifest = json.loads(archive.read(MANIFEST_NAME))
    fahrzeug = next(p for p in manifest["prozesse"] if p["steckbrief"] == BROKEN)
    assert fahrzeug["name"] == "Fahrzeug wieder zulassen"


def test_a_short_write_is_completed(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The package is written in batches (``os.writev``); a batch the system writes only
    in part (a signal, a nearly full disk) is completed, and the package is the same."""
    import os

    from prozesskit.exchange import paket

    whole = tmp_path / "ganz.zip"
    assert _pack(example, whole, monkeypatch, capsys, "--alle")[0] == 0

    def short(fd: int, parts: list[bytes]) -> int:
        data = b"".join(parts)
        return os.write(fd, data[:max(1, len(data) // 3)])

    monkeypatch.setattr(paket.os, "writev", short)
    out = tmp_path / "kurz.zip"
    assert _pack(example, out, monkeypatch, capsys, "--alle")[0] == 0
    assert out.read_bytes() == whole.read_bytes()


def _pack_without_memo(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str], name: str, *args: str
                       ) -> tuple[int, str, bytes | None]:
    """The same pack of a copy of ``example`` that has no memo and no per-file cache."""
    copy = tmp_path / f"kopie-{name}"
    shutil.copytree(example, copy, ignore=shutil.ignore_patterns(".prozesskit"))
    out = tmp_path / f"{name}.zip"
    code, _, err = _pack(copy, out, monkeypatch, capsys, *args)
    return code, err.replace(str(copy), str(example)), out.read_bytes() if out.exists() else None


def test_pack_after_validate_stats_no_packed_file_before_reading_it(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """After ``validate``, pack takes the memo without a stat pass over the register: a
    packed file's stat is taken once, from the open file after reading it (compared with
    the memo's there), and only the inputs it does not pack (the manifest) are stat'ed
    before; no validation run. The package is the one packing without a memo gives."""
    import os

    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    expected = _pack_without_memo(example, tmp_path, monkeypatch, capsys, "frisch", "--alle")
    stated: list[str] = []
    real_lstat, real_stat = os.lstat, os.stat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:
        stated.append(Path(path).as_posix())
        return real_lstat(path, *args, **kwargs)

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        stated.append(Path(path).as_posix())
        return real_stat(path, *args, **kwargs)

    calls = _hook_validation(monkeypatch)
    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    monkeypatch.setattr(os, "lstat", real_lstat)
    monkeypatch.setattr(os, "stat", real_stat)
    assert code == 0, err
    assert calls == []
    packed = [p for p in stated if "/steckbriefe/" in p or "/modelle/" in p]
    assert packed == []
    assert (0, out.read_bytes()) == (expected[0], expected[2])


def test_a_file_not_packed_changed_after_validate_means_a_run(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A Steckbrief that is not packed takes the packed one's name after ``validate``:
    the memo no longer holds for the register (PK-S007 now warns about the packed file),
    so pack does not take it but validates (a patch run), and the package is the one
    packing without any memo gives, with the new warning."""
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    other = example / "steckbriefe" / "baugenehmigung-erteilen.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace(
        "name: Baugenehmigung erteilen", "name: Fahrzeug zulassen"), encoding="utf-8")
    calls = _hook_validation(monkeypatch)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "fahrzeug-zulassen")
    assert code == 0, err
    assert len(calls) == 1
    with zipfile.ZipFile(out) as archive:
        pruefung = json.loads(archive.read(MANIFEST_NAME))["pruefung"]
    assert any(r["regel"] == "PK-S007" for r in pruefung["regeln"])
    expected = _pack_without_memo(example, tmp_path, monkeypatch, capsys, "frisch",
                                  "fahrzeug-zulassen")
    assert (code, out.read_bytes()) == (expected[0], expected[2])


def test_a_refusal_never_rests_on_the_memo_alone(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The memo says the register has an error: pack confirms it the usual way (a run
    over the memo, which finds every stat unchanged) and refuses exactly as packing
    without a memo does: exit 2, the same German message, nothing written."""
    _remembered(monkeypatch)
    path = example / BROKEN
    path.write_bytes(path.read_bytes().replace(b"name: Fahrzeug zulassen",
                                               b"name: Fahrzeug zulassen\nnamee: x"))
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 1
    calls = _hook_validation(monkeypatch)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert len(calls) == 1 and not out.exists()
    expected = _pack_without_memo(example, tmp_path, monkeypatch, capsys, "frisch", "--alle")
    assert (code, err) == (expected[0], expected[1])
    assert code == 2 and "Nicht gepackt: 1 Fehler" in err and expected[2] is None


def test_a_packed_file_broken_after_validate_is_refused(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Broken after ``validate`` (same size: the stat's times tell): the memo's plan is
    dropped when the file's key after reading is not the memo's and its bytes are not
    those validated; pack validates the usual way and refuses, nothing written."""
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    path = example / BROKEN
    text = path.read_bytes()
    broken = text.replace(b"\nname: Fahrzeug zulassen", b"\nnamx: Fahrzeug zulassen")
    assert broken != text and len(broken) == len(text)
    path.write_bytes(broken)
    calls = _hook_validation(monkeypatch)
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle")
    assert len(calls) == 1
    assert code == 2 and not out.exists() and list(tmp_path.iterdir()) == [example]
    assert "Nicht gepackt" in err and BROKEN in err


def test_an_id_changed_after_validate_is_found(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A Steckbrief gets a new id after ``validate`` (its file name now disagrees: packed
    with ``--force``): the memo does not know the id, but an unknown id is a refusal, and
    no refusal rests on the memo alone: pack validates and packs it under its new id."""
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    path = example / BROKEN
    path.write_bytes(path.read_bytes().replace(b"id: fahrzeug-zulassen",
                                               b"id: fahrzeug-neu-zulassen"))
    out = tmp_path / "p.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "fahrzeug-neu-zulassen",
                         "--force")
    assert code == 0, err
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert [p["id"] for p in manifest["prozesse"]] == ["fahrzeug-neu-zulassen"]
    assert any(r["regel"] == "PK-S005" for r in manifest["pruefung"]["regeln"])


def test_pack_after_a_patch_run_that_changed_findings_counts_the_rows(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A patch run changed a file's findings (the overlay holds them): the base's tally no
    longer holds, so pack decodes and counts the rows, and packs what packing without any
    memo packs, the new error included."""
    _remembered(monkeypatch)
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    base = example / CACHE_DIR / runcache.BASE_FILE
    before = base.read_bytes()
    path = example / BROKEN
    path.write_bytes(path.read_bytes().replace(b"name: Fahrzeug zulassen",
                                               b"name: Fahrzeug zulassen\nnamee: x"))
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 1
    assert base.read_bytes() == before  # a patch run: the new error is in the overlay
    decoded, summarised = _spy_memo(monkeypatch)
    out = tmp_path / "nach-patch.zip"
    code, _, err = _pack(example, out, monkeypatch, capsys, "--alle", "--force")
    assert code == 0, err
    assert (summarised, decoded) == (["summary"], ["rows"])
    with zipfile.ZipFile(out) as archive:
        pruefung = json.loads(archive.read(MANIFEST_NAME))["pruefung"]
    assert pruefung["fehler"] == 1 and pruefung["erzwungen"]
    monkeypatch.undo()
    expected = _pack_without_memo(example, tmp_path, monkeypatch, capsys, "frisch", "--alle",
                                  "--force")
    assert (code, out.read_bytes()) == (expected[0], expected[2])
