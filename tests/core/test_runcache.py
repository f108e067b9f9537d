"""The whole-run memo: the last result when nothing a run reads has changed, else a real run."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import git
import pytest

from helpers import REPO
from prozesskit.register.discover import discover
from prozesskit.validation import runcache
from prozesskit.validation.engine import ValidateOptions, validate
from prozesskit.validation.layout import CACHE_DIR
from prozesskit.validation.runcache import RUN_FILE
from prozesskit.validation.seal import seal, unseal

MARKER = "AUS DEM LETZTEN LAUF"


@pytest.fixture(autouse=True)
def _no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test files are seconds old at most; without this, none would ever be memoised."""
    monkeypatch.setattr(runcache, "RACY_NS", 0)


def _memo(register: Path) -> Path:
    return register / CACHE_DIR / RUN_FILE


#: the memo's parts: header, base problems, base facts, overlay (b"": none)
Parts = tuple[bytes, bytes, bytes, bytes]


def _base(register: Path) -> Path:
    return register / CACHE_DIR / runcache.BASE_FILE


def _memo_payload(parts: Parts) -> tuple[bytes, bytes]:
    """The sealed content of the memo and of its base, as runcache.save lays them out."""
    head, body, facts, overlay = parts
    form = runcache._FORMAT.encode()
    return (form + marshal.dumps((head, "test", overlay)),
            form + marshal.dumps(("test", body, facts)))


def _read_memo(register: Path) -> Parts:
    payload = unseal(_memo(register).read_bytes(), purpose=runcache.SEAL_PURPOSE)
    base = unseal(_base(register).read_bytes(), purpose=runcache.BASE_PURPOSE)
    assert payload is not None and payload.startswith(runcache._FORMAT.encode())
    assert base is not None and base.startswith(runcache._FORMAT.encode())
    head, base_id, overlay = marshal.loads(payload[len(runcache._FORMAT):])
    stored_id, body, facts, *_ = marshal.loads(base[len(runcache._FORMAT):])  # + summary
    assert stored_id == base_id
    return head, body, facts, overlay


def _write_memo(register: Path, parts: Parts) -> None:
    memo, base = _memo_payload(parts)
    for path, payload, purpose in ((_base(register), base, runcache.BASE_PURPOSE),
                                   (_memo(register), memo, runcache.SEAL_PURPOSE)):
        sealed = seal(payload, purpose=purpose)
        assert sealed is not None
        path.write_bytes(sealed)


def _poison(register: Path, file: str = "steckbriefe/fahrzeug-zulassen.yaml") -> None:
    """Replace the remembered result by a marker problem of ``file``, so that a reuse of
    the last run shows in the result."""
    head, body, facts, _ = _read_memo(register)
    data = marshal.loads(body)
    data["problems"] = [(file, 1, 1, "PK-S004", "error", MARKER, None, None, (), None)]
    data["register"] = b"\0"
    _write_memo(register, (head, marshal.dumps(data), facts, b""))


def _messages(register: Path, options: ValidateOptions | None = None) -> list[str]:
    return [p.message for p in validate([register], options or ValidateOptions()).problems]


def test_unchanged_register_gets_the_last_result(example: Path) -> None:
    assert _messages(example) == []
    _poison(example)
    assert _messages(example) == [MARKER]


def test_the_base_keeps_the_facts_pack_needs_as_a_part_of_their_own(example: Path) -> None:
    """The base's fourth part: id, name and the manifest's facts of each file, what
    ``pack`` reads without decoding the facts part. A base without it (as the helpers
    here write one) is read all the same: the summary is then made from the facts."""
    from prozesskit.validation.types import SUMMARY_FIELDS

    assert _messages(example) == []
    base = unseal(_base(example).read_bytes(), purpose=runcache.BASE_PURPOSE)
    assert base is not None
    _, _, facts, summary, _ = marshal.loads(base[len(runcache._FORMAT):])  # + tally
    known = marshal.loads(facts)[0]
    summaries = marshal.loads(summary)
    assert summaries == {rel: None if data is None else
                         {key: data[key] for key in SUMMARY_FIELDS if key in data}
                         for rel, data in known.items()}
    gewerbe = summaries["steckbriefe/gewerbeanmeldung-entgegennehmen.yaml"]
    assert (gewerbe["id"], str(gewerbe["paket"]["stand"])) == (
        "gewerbeanmeldung-entgegennehmen", "2026-06-01")
    _write_memo(example, _read_memo(example))  # the base without the summary part
    inputs = runcache.RunInputs.collect(example, discover(example), None)
    memo = runcache.load(inputs)
    assert memo is not None and memo.summary_part == b""
    assert memo.summaries() == summaries


def test_the_base_keeps_a_tally_of_its_findings(example: Path) -> None:
    """The base's fifth part: the findings by file counted by rule and level and the first
    of each rule (``types.tally``), what ``pack`` counts and lists without decoding every
    row; without it, or once a patch run changed findings, there is none to read."""
    from prozesskit.validation.types import tally

    _append("steckbriefe/fahrzeug-zulassen.yaml", "namee: x\n")(example)
    assert _messages(example) != []
    inputs = runcache.RunInputs.collect(example, discover(example), None)
    memo = runcache.load(inputs)
    assert memo is not None and memo.tally_part != b""
    assert memo.tally() == tally(memo.rows())
    counts, firsts = memo.tally()
    assert counts["steckbriefe/fahrzeug-zulassen.yaml"]  # the new finding counted
    assert {first[0] for listed in firsts.values() for first in listed} <= counts.keys()
    _write_memo(example, _read_memo(example))  # the base without summary and tally parts
    memo = runcache.load(runcache.RunInputs.collect(example, discover(example), None))
    assert memo is not None and memo.tally_part == b""
    with pytest.raises(ValueError, match="tally"):
        memo.tally()


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def change(register: Path) -> None:
        with (register / rel).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return change


def _remove(rel: str) -> Callable[[Path], None]:
    return lambda register: (register / rel).unlink()


def _add(rel: str, text: str) -> Callable[[Path], None]:
    return lambda register: (register / rel).write_text(text, encoding="utf-8")


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def change(register: Path) -> None:
        path = register / rel
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return change


DUPLICATE = (
    "id: fahrzeug-zulassen-2\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n"
    "organisationseinheit: Straßenverkehrsamt\n"
)
CHANGES = [
    pytest.param(_append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n"), id="kommentar"),
    pytest.param(_replace("steckbriefe/fahrzeug-zulassen.yaml", "Straßenverkehrsamt", ""),
                 id="pflichtfeld-leer"),
    pytest.param(_add("steckbriefe/kaputt.yaml", "id: [kaputt\n"), id="syntaxfehler"),
    # register rules: a new Steckbrief with the name of another makes a finding elsewhere
    pytest.param(_add("steckbriefe/fahrzeug-zulassen-2.yaml", DUPLICATE), id="doppelter-name"),
    pytest.param(_remove("modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"), id="modell-weg"),
    pytest.param(_remove("steckbriefe/baugenehmigung-erteilen.yaml"), id="steckbrief-weg"),
    pytest.param(_replace("modelle/baugenehmigung-erteilen.soll.bpmn", 'name="', 'name="x '),
                 id="modell-umbenannt"),
    pytest.param(_add("notizen.txt", "x\n"), id="andere-datei"),
    pytest.param(_append("prozesskit.yaml", "# geändert\n"), id="manifest"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_run_after_a_change_equals_a_run_from_scratch(
    example: Path, change: Callable[[Path], None]
) -> None:
    """Continuing from the last run must give exactly what a run without any cache gives."""
    validate([example], ValidateOptions())
    change(example)
    continued = validate([example], ValidateOptions())
    fresh = validate([example], ValidateOptions(use_cache=False))
    assert continued == fresh
    assert validate([example], ValidateOptions()) == fresh  # and the memo of it holds too


_GEWERBE = "steckbriefe/gewerbeanmeldung-entgegennehmen.yaml"
NEAR_DUPLICATES = [
    # PK-S031 within the register: a near-duplicate of "Fahrzeug zulassen" (Produktbereich 02)
    pytest.param("Fahrzeuge zulassen", id="register"),
    # PK-S031 against the Blaupause (nrw-kommunal/kreis): a catalogue process it lacks
    pytest.param("Jagdscheine erteilen", id="blaupause"),
]


@pytest.mark.parametrize("name", NEAR_DUPLICATES)
def test_patch_run_finds_and_mends_the_near_duplicates_a_full_run_finds(
    example: Path, name: str
) -> None:
    """The name stems of unchanged Steckbriefe come from the memo: the register rule must
    still see the changed name as a run from scratch does, when it makes a near-duplicate
    and when a later edit mends it."""
    validate([example], ValidateOptions())
    rename = _replace(_GEWERBE, "name: Gewerbeanmeldung entgegennehmen", f"name: {name}")
    rename(example)
    continued = validate([example], ValidateOptions())
    assert continued == validate([example], ValidateOptions(use_cache=False))
    assert [p.file for p in continued.problems if p.rule == "PK-S031"] == [_GEWERBE]
    _replace(_GEWERBE, f"name: {name}", "name: Gewerbeanmeldung entgegennehmen")(example)
    mended = validate([example], ValidateOptions())
    assert mended == validate([example], ValidateOptions(use_cache=False))
    assert not [p for p in mended.problems if p.rule == "PK-S031"]


@pytest.mark.parametrize("change", CHANGES[:-1])  # the manifest carries the configuration
def test_after_a_change_only_changed_files_are_checked_again(
    example: Path, change: Callable[[Path], None]
) -> None:
    validate([example], ValidateOptions())
    _poison(example, "steckbriefe/wohngeld-bewilligen.yaml")
    change(example)
    assert MARKER in _messages(example)


@pytest.mark.parametrize("change", [CHANGES[0], CHANGES[-1]])
def test_changed_file_is_checked_again(example: Path, change: Callable[[Path], None]) -> None:
    validate([example], ValidateOptions())
    _poison(example)  # a marker on fahrzeug-zulassen.yaml
    change(example)
    assert MARKER not in _messages(example)


def test_other_profile_is_another_run(example: Path) -> None:
    validate([example], ValidateOptions())
    _poison(example)
    assert MARKER not in _messages(example, ValidateOptions(profile="streng"))


def test_new_prozesskit_code_is_another_run(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate([example], ValidateOptions())
    _poison(example)
    monkeypatch.setattr(runcache, "build_id", lambda: "0.0.0+anderer-code")
    assert MARKER not in _messages(example)


def test_change_in_a_local_extends_file_means_a_real_run(example: Path) -> None:
    shared = example / "netz" / "konventionen.yaml"  # local extends: inside the register
    shared.parent.mkdir()
    shared.write_text("regeln:\n  PK-S012: warn\n", encoding="utf-8")
    manifest = example / "prozesskit.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        "    - prozesskit:empfohlen\n",
        "    - prozesskit:empfohlen\n    - netz/konventionen.yaml\n"), encoding="utf-8")
    validate([example], ValidateOptions())
    _poison(example)
    assert _messages(example) == [MARKER]
    shared.write_text("regeln:\n  PK-S012: error\n", encoding="utf-8")
    assert MARKER not in _messages(example)


def _shared_conventions(tmp_path: Path) -> str:
    repo_dir = tmp_path / "netz-konventionen"
    repo = git.Repo.init(repo_dir)
    (repo_dir / "konventionen.yaml").write_text("regeln:\n  PK-S012: warn\n", encoding="utf-8")
    repo.index.add(["konventionen.yaml"])
    repo.index.commit("v1")
    repo.create_tag("v1")
    return repo_dir.as_uri()


@pytest.mark.parametrize(("ref", "memoised"), [("@v1", True), ("", False)])
def test_conventions_from_git_are_memoised_only_when_pinned(
    example: Path, tmp_path: Path, ref: str, memoised: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tag names fixed content; a branch may move on the server without any local change."""
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path))  # a local repository
    spec = f"git+{_shared_conventions(tmp_path)}{ref}#konventionen.yaml"
    manifest = example / "prozesskit.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        "    - prozesskit:empfohlen\n", f"    - prozesskit:empfohlen\n    - {spec}\n"),
        encoding="utf-8")
    from prozesskit.gitio import fetch_config_file

    validate([example], ValidateOptions(fetch_git=fetch_config_file))
    assert _memo(example).exists() is memoised


def test_files_changed_just_before_the_run_are_not_memoised(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the timestamp granularity a second edit could keep size and times."""
    monkeypatch.setattr(runcache, "RACY_NS", 3600 * 10**9)
    validate([example], ValidateOptions())
    assert not _memo(example).exists()


def test_no_cache_does_not_use_the_memo(example: Path) -> None:
    validate([example], ValidateOptions())
    _poison(example)
    assert MARKER not in _messages(example, ValidateOptions(use_cache=False))


@pytest.mark.parametrize(("change", "paths"), [
    (CHANGES[1].values[0], {"steckbriefe/fahrzeug-zulassen.yaml"}),
    (CHANGES[2].values[0], {"steckbriefe/kaputt.yaml"}),
    (CHANGES[3].values[0], {"steckbriefe/fahrzeug-zulassen-2.yaml"}),
    (CHANGES[4].values[0], {"modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"}),
    (CHANGES[6].values[0], {"modelle/baugenehmigung-erteilen.soll.bpmn"}),
    (CHANGES[8].values[0], {"prozesskit.yaml"}),
], ids=["pflichtfeld-leer", "syntaxfehler", "doppelter-name", "modell-weg", "modell-umbenannt",
        "manifest"])
def test_changed_since_from_the_last_run_equals_checking_only_the_changes(
    example: Path, change: Callable[[Path], None], paths: set[str]
) -> None:
    """With a last run, --changed-since filters the whole, up-to-date result; without one
    it checks only the changed files. Both must report the same."""
    validate([example], ValidateOptions())
    change(example)
    changed = frozenset(paths)
    from_memo = validate([example], ValidateOptions(changed=changed))
    alone = validate([example], ValidateOptions(changed=changed, use_cache=False))
    assert from_memo == alone
    # the changed files only: the unchanged manifest is read, but not counted as checked
    assert from_memo.files == tuple(sorted(paths & set(alone.files)))
    if "steckbriefe/kaputt.yaml" in paths:
        assert [p.rule for p in from_memo.problems] == ["PK-S001"]


def test_memo_of_another_register_state_is_not_trusted_blindly(example: Path) -> None:
    """A memo whose header was edited (files claimed unchanged) without the key is ignored."""
    validate([example], ValidateOptions())
    data = _memo(example).read_bytes()
    _memo(example).write_bytes(data.replace(b"PKSEAL1 ", b"PKSEAL1 0", 1)[:-1])
    assert validate([example], ValidateOptions()).problems == ()


def test_fast_path_loads_neither_rules_nor_parsers(example: Path) -> None:
    """An unchanged register costs start-up plus reading one file, not importing the stack."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from prozesskit.validation import runcache
        from prozesskit.validation.engine import ValidateOptions, validate
        runcache.RACY_NS = 0
        register = Path({str(example)!r})
        validate([register], ValidateOptions())
        heavy = ("prozesskit.rules", "prozesskit.validation.full",
                 "prozesskit.validation.patch", "prozesskit.validation.setup",
                 "prozesskit.validation.collect", "prozesskit.validation.pool",
                 "pydantic", "lxml", "ruamel", "yaml")
        for name in [m for m in sys.modules if m.startswith(heavy)]:
            del sys.modules[name]
        result = validate([register], ValidateOptions())
        print(sorted({{m.split(".")[0] + "." + m.split(".")[1] if "." in m else m
                      for m in sys.modules if m.startswith(heavy)}}))
        print(len(result.files))
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert int(out[1]) == 11  # manifest, 8 Steckbriefe, 2 models


def test_patch_run_after_a_steckbrief_edit_loads_no_bpmn_machinery(example: Path) -> None:
    """One edited Steckbrief: its rules and pydantic, but neither lxml, the BPMN rules nor
    the configuration models (the resolved configuration comes from the memo); nor the
    per-file cache a patch run does not keep, the German schema messages of a file that
    has none, or the catalogue loader PK-S031 only needs the folder of."""
    validate([example], ValidateOptions())  # the memo (racy window off by the fixture)
    _append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n")(example)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from prozesskit.validation.engine import ValidateOptions, validate
        validate([Path({str(example)!r})], ValidateOptions())
        print(sorted(m for m in sys.modules if m.startswith(
            ("lxml", "prozesskit.rules.bpmn", "prozesskit.config.resolve",
             "prozesskit.config.model", "prozesskit.validation.checks.bpmn",
             "prozesskit.validation.cache", "prozesskit.model.errors", "difflib",
             "prozesskit.init.catalogue"))))
        print("prozesskit.validation.checks.steckbrief" in sys.modules)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "True"  # the edited file was checked, not taken from the memo


def test_planted_cache_without_this_users_seal_is_ignored(example: Path) -> None:
    """A register can bring its own .prozesskit/cache (git add -f): it must not count.

    Both caches are forged to claim "no problems" for the current files, once without a
    seal and once with a seal of another key; the broken file must still be reported.
    """
    from prozesskit.validation.cache import CACHE_FILE
    from prozesskit.validation.cache import SEAL_PURPOSE as FILE_PURPOSE

    broken = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    broken.write_text("id: [kaputt\n", encoding="utf-8")
    validate([example], ValidateOptions())
    per_file = unseal((example / CACHE_DIR / CACHE_FILE).read_bytes(), purpose=FILE_PURPOSE)
    assert per_file is not None
    head, body, facts, _ = _read_memo(example)
    data = marshal.loads(body)
    data["problems"], data["register"] = [], b""
    files = json.loads(per_file)
    for entry in files["files"].values():
        entry["problems"] = []
    forged_memo, forged_base = _memo_payload((head, marshal.dumps(data), facts, b""))
    forged_files = json.dumps(files).encode()
    for seal_line in (b"", b"PKSEAL2 " + b"0" * 64 + b"\n"):
        _memo(example).write_bytes(seal_line + forged_memo)
        _base(example).write_bytes(seal_line + forged_base)
        (example / CACHE_DIR / CACHE_FILE).write_bytes(seal_line + forged_files)
        problems = validate([example], ValidateOptions()).problems
        assert any(p.rule == "PK-S001" and p.file == "steckbriefe/fahrzeug-zulassen.yaml"
                   for p in problems)


def test_cache_key_is_private_and_a_shared_one_is_refused(tmp_path: Path) -> None:
    """Git writes 0644: a key that arrived in a checkout is not this user's secret."""
    from prozesskit.settings import cache_root
    from prozesskit.validation.seal import KEY_FILE, cache_key

    assert cache_key() is not None
    key_file = cache_root() / KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    sealed = seal(b"daten", purpose="test")
    assert sealed is not None and unseal(sealed, purpose="test") == b"daten"
    assert unseal(sealed, purpose="anderer Zweck") is None  # one kind of file is not another

    elsewhere = tmp_path / "anderer-cache"
    elsewhere.mkdir()
    (elsewhere / KEY_FILE).write_text("a" * 64, encoding="utf-8")
    (elsewhere / KEY_FILE).chmod(0o644)
    os.environ["PROZESSKIT_CACHE_DIR"] = str(elsewhere)  # restored by the isolation fixture
    assert cache_key() is None
    assert seal(b"daten", purpose="test") is None and unseal(sealed, purpose="test") is None


def test_changed_since_uses_the_last_run(example: Path) -> None:
    validate([example], ValidateOptions())
    _poison(example)  # marker on fahrzeug-zulassen.yaml
    changed = frozenset({"steckbriefe/fahrzeug-zulassen.yaml"})
    assert _messages(example, ValidateOptions(changed=changed)) == [MARKER]
    other = frozenset({"steckbriefe/wohngeld-bewilligen.yaml"})
    assert _messages(example, ValidateOptions(changed=other)) == []


RICH_CONVENTIONS = """konventionen:
  extends:
    - prozesskit:alle
  regeln:
    PK-S012:
      level: error
      optionen:
        verben: [zulassen]
    PK-B036: warn
  pflichtfelder:
    - organisationseinheit
    - prozessverantwortlich
  ignorieren:
    - dateien: "steckbriefe/wohngeld-*.yaml"
      regeln: [PK-S010]
  bpmn_ignorieren:
    - datei: "modelle/gewerbeanmeldung-*.bpmn"
      element: LaneSet_Process_Gewerbeanmeldung
"""


RICH_CHANGES = [
    CHANGES[1], CHANGES[3], CHANGES[6],
    pytest.param(_append("steckbriefe/wohngeld-bewilligen.yaml", "# geändert\n"),
                 id="datei-ignoriert"),
    pytest.param(_replace("modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn", 'name="',
                          'name="x '), id="element-ignoriert"),
]


@pytest.mark.parametrize("change", RICH_CHANGES)
def test_patch_run_keeps_options_ignores_and_levels(
    example: Path, change: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A patch run rebuilds the configuration from the memo instead of resolving it: rule
    options, levels, Pflichtfelder, file and element ignores must act as in a full run."""
    manifest = example / "prozesskit.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text[: text.index("konventionen:")] + RICH_CONVENTIONS, "utf-8")
    first = validate([example], ValidateOptions())
    rules = {p.rule for p in first.problems}
    assert "PK-S012" in rules and "PK-S010" in rules  # the option and the Pflichtfeld act
    assert not any(p.rule == "PK-S010" and "wohngeld" in p.file for p in first.problems)
    assert "PK-B060" not in rules  # the element ignore acts
    change(example)
    from prozesskit.validation import full, setup

    def no_full_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("voller Lauf statt Fortsetzung")

    with monkeypatch.context() as patched:
        patched.setattr(full, "check_register", no_full_run)
        patched.setattr(setup, "load_setup", no_full_run)  # nor the manifest read again
        patched.setattr(full, "load_setup", no_full_run)
        continued = validate([example], ValidateOptions())
    assert continued == validate([example], ValidateOptions(use_cache=False))


@pytest.mark.parametrize("change", [CHANGES[3], CHANGES[4], CHANGES[6]])
def test_patch_after_a_run_from_the_file_cache(
    example: Path, change: Callable[[Path], None]
) -> None:
    """A full run that took every file from the per-file cache remembers those facts (in
    the cache's JSON form); a patch run after it must still equal a run from scratch."""
    validate([example], ValidateOptions())
    _append("prozesskit.yaml", "# geändert\n")(example)  # full run, all files cached
    validate([example], ValidateOptions())
    change(example)
    assert validate([example], ValidateOptions()) == validate(
        [example], ValidateOptions(use_cache=False))


def test_memo_whose_configuration_cannot_be_read_means_a_full_run(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Options that no longer validate (or a damaged snapshot) must not crash the run."""
    from prozesskit.validation import full

    validate([example], ValidateOptions())
    head, body, facts, overlay = _read_memo(example)
    known, setup, carry = marshal.loads(facts)
    setup["config"]["options"] = {code: {"gibt-es-nicht": 1} for code in setup["config"]["levels"]}
    _write_memo(example, (head, body, marshal.dumps((known, setup, carry)), overlay))
    _append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n")(example)
    full_runs: list[int] = []
    real = full.check_register

    def counting(*args: Any, **kwargs: Any) -> Any:
        full_runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(full, "check_register", counting)
    assert validate([example], ValidateOptions()) == validate(
        [example], ValidateOptions(use_cache=False))
    assert full_runs == [1, 1]  # the first instead of the patch run


@pytest.mark.parametrize("kind", ["anderes-format", "anderer-zweck"])
def test_memo_is_not_decoded_unless_it_is_one(example: Path, kind: str) -> None:
    """Sealed bytes of another marshal/Python version, or another kind of cache file, never
    reach marshal: bytes that would make it fail or misread are just no memo."""
    from prozesskit.validation.cache import CACHE_FILE

    validate([example], ValidateOptions())
    if kind == "anderes-format":
        sealed = seal(b"marshal 2 python 2.7\n\xff\x00kaputt", purpose=runcache.SEAL_PURPOSE)
        assert sealed is not None
        _memo(example).write_bytes(sealed)
    else:  # the sealed per-file cache put where the memo belongs
        _memo(example).write_bytes((example / CACHE_DIR / CACHE_FILE).read_bytes())
    _append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n")(example)
    assert runcache.load(runcache.RunInputs.collect(
        example, discover(example), None)) is None
    assert validate([example], ValidateOptions()) == validate(
        [example], ValidateOptions(use_cache=False))


def _fresh_checkout(register: Path) -> None:
    """Every file written anew with the same content, as a CI checkout with the cache
    restored leaves it: new inode, mtime and ctime (mtime pushed ahead so that no file
    system granularity can hide it)."""
    for path in sorted(register.rglob("*")):
        if CACHE_DIR.split("/")[0] in path.parts or not path.is_file():
            continue
        data = path.read_bytes()
        info = path.stat()
        path.unlink()
        path.write_bytes(data)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**10))


def _no_full_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from prozesskit.validation import full

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("full run, although the memo holds by content")

    monkeypatch.setattr(full, "check_register", refuse)


@pytest.mark.parametrize("threaded", [False, True])
def test_fresh_checkout_of_the_same_files_gets_the_last_result(
    threaded: bool, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if threaded:  # hashing spread over threads, as for a big register
        monkeypatch.setattr(runcache, "THREADED_FROM", 1)
    validate([example], ValidateOptions())
    _poison(example)
    stats_before = marshal.loads(_read_memo(example)[0])["stats"]
    _fresh_checkout(example)
    _no_full_run(monkeypatch)
    assert _messages(example) == [MARKER]  # the memo, matched by content
    header = marshal.loads(_read_memo(example)[0])
    assert header["stats"] != stats_before  # remembered again under the new stats ...
    assert _messages(example) == [MARKER]  # ... so the next run takes the stat shortcut


@pytest.mark.parametrize("change", [*CHANGES[:3], CHANGES[6]])
def test_fresh_checkout_with_a_change_is_a_patch_run_equal_to_no_cache(
    example: Path, change: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runcache, "THREADED_FROM", 1)
    validate([example], ValidateOptions())
    change(example)
    _fresh_checkout(example)
    expected = validate([example], ValidateOptions(use_cache=False))
    _no_full_run(monkeypatch)
    assert validate([example], ValidateOptions()) == expected
    assert validate([example], ValidateOptions()) == expected  # and its memo holds


def test_fresh_checkout_patch_run_keeps_the_unchanged_files_results(example: Path) -> None:
    validate([example], ValidateOptions())
    _poison(example, "steckbriefe/wohngeld-bewilligen.yaml")
    _append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n")(example)
    _fresh_checkout(example)
    assert MARKER in _messages(example)  # the other files' problems came from the memo


def test_same_size_different_content_is_a_change(example: Path) -> None:
    validate([example], ValidateOptions())
    path = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = path.read_text("utf-8")
    assert "id: fahrzeug-zulassen\n" in text
    path.write_text(text.replace("id: fahrzeug-zulassen\n", "id: fahrzeug-zulassex\n"),
                    encoding="utf-8")
    _fresh_checkout(example)
    result = validate([example], ValidateOptions())
    assert result == validate([example], ValidateOptions(use_cache=False))
    assert any(p.rule == "PK-S005" for p in result.problems)


def test_fresh_checkout_changed_since_equals_no_cache(example: Path) -> None:
    validate([example], ValidateOptions())
    _replace("steckbriefe/fahrzeug-zulassen.yaml", "Straßenverkehrsamt", "")(example)
    _fresh_checkout(example)
    changed = frozenset({"steckbriefe/fahrzeug-zulassen.yaml"})
    from_memo = validate([example], ValidateOptions(changed=changed))
    assert from_memo == validate([example], ValidateOptions(changed=changed, use_cache=False))
    assert from_memo.problems


def test_fresh_checkout_of_a_local_extends_file_keeps_the_memo(example: Path) -> None:
    shared = example / "netz" / "konventionen.yaml"
    shared.parent.mkdir()
    shared.write_text("regeln:\n  PK-S012: warn\n", encoding="utf-8")
    _replace("prozesskit.yaml", "    - prozesskit:empfohlen\n",
             "    - prozesskit:empfohlen\n    - netz/konventionen.yaml\n")(example)
    validate([example], ValidateOptions())
    _poison(example)
    _fresh_checkout(example)
    assert _messages(example) == [MARKER]
    shared.write_text("regeln:\n  PK-S012: error\n", encoding="utf-8")
    assert MARKER not in _messages(example)


def test_full_run_after_a_fresh_checkout_reads_no_file_twice_for_the_file_cache(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing with the memo hashed every file already; the per-file cache is consulted
    with those hashes instead of reading and hashing each file a second time."""
    from prozesskit.validation import collect

    validate([example], ValidateOptions())
    _replace("steckbriefe/fahrzeug-zulassen.yaml", "id: fahrzeug-zulassen\n",
             "id: fahrzeug-zulassex\n")(example)
    _replace("steckbriefe/wohngeld-bewilligen.yaml", "id: wohngeld-bewilligen\n",
             "id: wohngeld-bewilligex\n")(example)
    _fresh_checkout(example)
    expected = validate([example], ValidateOptions(use_cache=False))
    monkeypatch.setattr(runcache, "PATCH_LIMIT", 0)  # two changes are too many: a full run
    reads: list[str] = []
    real_read = collect.read_regular

    def counting(path: str, max_bytes: int | None = None) -> bytes:
        reads.append(path)
        return real_read(path, max_bytes)

    monkeypatch.setattr(collect, "read_regular", counting)
    assert validate([example], ValidateOptions()) == expected
    assert reads == []


def _decoded_memo(register: Path) -> tuple[Any, Any, Any]:
    """The memo as the next run reads it: header, problems, (facts, setup, carry), with
    the overlay applied to the base."""
    head, body, facts, overlay = _read_memo(register)
    memo = runcache.Memo(marshal.loads(head), body, facts, overlay)
    previous = memo.previous()
    result, _ = memo.result()
    return memo.header, {"problems": list(previous.rows), "register": previous.register_flags,
                         "files": list(result.files), "rules_run": list(result.rules_run)}, \
        (previous.facts, dict(previous.setup), dict(previous.carry))


@pytest.mark.parametrize("shown", [None, frozenset({"steckbriefe/fahrzeug-zulassen.yaml"})],
                         ids=["alles", "changed-since"])
@pytest.mark.parametrize("change", CHANGES[:-2])  # a patch run (not the manifest, no notes)
def test_memo_of_a_patch_run_equals_the_memo_of_a_full_run(
    example: Path, change: Callable[[Path], None], shown: frozenset[str] | None
) -> None:
    """The next run continues from whatever memo this one leaves: a patch run must leave
    the one a run from scratch leaves (problems in order, register flags, facts, hashes),
    also when it shows only the changes (``--changed-since``: it makes problem objects
    only for those and writes the others back as the memo's rows)."""
    validate([example], ValidateOptions())
    change(example)
    validate([example], ValidateOptions(changed=shown))
    patched = _decoded_memo(example)
    _memo(example).unlink()
    validate([example], ValidateOptions())  # no memo: a full run writes one
    assert patched == _decoded_memo(example)


def test_memo_writes_a_message_shared_by_many_problems_once(example: Path) -> None:
    """Equal messages, rules and paths come back from the memo as one object (marshal
    writes a shared object once): a big register's memo is a fifth smaller and its
    problems are read back four times faster."""
    for n in range(3):  # the same problems in several Steckbriefe
        (example / f"steckbriefe/leer-{n}.yaml").write_text(f"id: leer-{n}\n", encoding="utf-8")
    validate([example], ValidateOptions())
    rows = _decoded_memo(example)[1]["problems"]
    for field in (0, 3, 5, 8):  # file, rule, message, related
        first: dict[object, object] = {}
        for row in rows:
            assert first.setdefault(row[field], row[field]) is row[field]
    messages = [row[5] for row in rows]
    assert any(messages.count(m) >= 3 for m in messages)  # the three new Steckbriefe


def test_patch_run_writes_the_base_back_untouched_and_only_an_overlay(example: Path) -> None:
    """After a fresh checkout in CI the patch run's memo rewrite cost more than the patch:
    the base (all problems and facts, as read) goes back byte for byte, and only what
    changed against it is marshalled anew."""
    validate([example], ValidateOptions())
    _, body, facts, overlay = _read_memo(example)
    assert overlay == b""
    _replace("steckbriefe/fahrzeug-zulassen.yaml", "Straßenverkehrsamt", "")(example)
    validate([example], ValidateOptions())
    _, body_after, facts_after, overlay_after = _read_memo(example)
    assert (body_after, facts_after) == (body, facts)
    changed = marshal.loads(overlay_after)
    assert "steckbriefe/fahrzeug-zulassen.yaml" in changed["rows"]
    assert set(changed["facts"]) == {"steckbriefe/fahrzeug-zulassen.yaml"}


@pytest.mark.parametrize("room", [True, False], ids=["overlay", "neue-basis"])
def test_overlays_over_several_patch_runs_equal_runs_from_scratch(
    example: Path, monkeypatch: pytest.MonkeyPatch, room: bool
) -> None:
    """Each patch run continues from base + overlay and leaves base + a new overlay (or,
    once the overlay is too big, a new base): after every step the memo the next run
    reads and the result equal those of a run from scratch."""
    steps = [*(change.values[0] for change in CHANGES[:4]),
             _append("steckbriefe/fahrzeug-zulassen.yaml", "# noch einmal\n"),
             _remove("steckbriefe/wohngeld-bewilligen.yaml"),
             _remove("steckbriefe/kaputt.yaml")]
    validate([example], ValidateOptions())
    base = _read_memo(example)[1]
    if not room:  # every overlay too big: a new base each time
        monkeypatch.setattr(runcache, "OVERLAY_FLOOR", 0)
        monkeypatch.setattr(runcache, "OVERLAY_SHARE", 10**9)
    for step in steps:
        step(example)
        result = validate([example], ValidateOptions())
        patched = _read_memo(example)
        _, body, _, overlay = _read_memo(example)
        assert (body == base) if room else (overlay == b"")
        memo = _decoded_memo(example)
        assert result == validate([example], ValidateOptions(use_cache=False))
        assert validate([example], ValidateOptions()) == result  # the next run reads it
        _memo(example).unlink()
        validate([example], ValidateOptions())  # no memo: a full run writes one
        assert memo == _decoded_memo(example)
        _write_memo(example, patched)  # the next step continues from the patch run


def test_patch_run_leaves_the_base_file_as_it_is(example: Path) -> None:
    """The base is a file of its own: a patch run (and a fresh checkout without changes)
    writes only the small memo, not the problems and facts of every file again."""
    validate([example], ValidateOptions())
    before = _base(example).stat()
    _append("steckbriefe/fahrzeug-zulassen.yaml", "# geändert\n")(example)
    validate([example], ValidateOptions())
    _fresh_checkout(example)
    validate([example], ValidateOptions())
    after = _base(example).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_memo_naming_another_base_is_no_memo(example: Path) -> None:
    """Two runs at once can leave the memo of one and the base of the other: the ids
    differ, and the memo is not used (a full run instead of a wrong result)."""
    validate([example], ValidateOptions())
    _poison(example)  # a base with the marker, under another id than the memo names
    memo = unseal(_memo(example).read_bytes(), purpose=runcache.SEAL_PURPOSE)
    assert memo is not None
    head, _, overlay = marshal.loads(memo[len(runcache._FORMAT):])
    sealed = seal(runcache._FORMAT.encode() + marshal.dumps((head, "ein-anderer", overlay)),
                  purpose=runcache.SEAL_PURPOSE)
    assert sealed is not None
    _memo(example).write_bytes(sealed)
    assert MARKER not in _messages(example)


def test_files_of_earlier_memo_formats_are_removed_with_a_new_base(example: Path) -> None:
    """An older prozesskit's memo (``validate-run-v3.bin`` and the like) is never read
    again; the run that writes a new base removes it instead of leaving it for ever."""
    cache = example / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    for name in runcache.OLD_FILES:
        (cache / name).write_bytes(b"alt")
    (cache / "eigene-notiz.txt").write_text("bleibt", encoding="utf-8")
    validate([example], ValidateOptions())
    assert _base(example).is_file()
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith("validate-")) == \
        sorted(["validate-v4.json", RUN_FILE, runcache.BASE_FILE])
    assert (cache / "eigene-notiz.txt").read_text(encoding="utf-8") == "bleibt"
