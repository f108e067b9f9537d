"""The content-hash cache: reused when nothing changed, invalidated by content and config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prozesskit.validation.cache import CACHE_DIR, CACHE_FILE, SEAL_PURPOSE
from prozesskit.validation.engine import ValidateOptions, validate
from prozesskit.validation.runcache import RUN_FILE
from prozesskit.validation.seal import seal, unseal

GOOD = (
    "id: fahrzeug-zulassen\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n"
    "organisationseinheit: Straßenverkehrsamt\n"
)


def _cache(register: Path) -> dict[str, object]:
    payload = unseal((register / CACHE_DIR / CACHE_FILE).read_bytes(), purpose=SEAL_PURPOSE)
    assert payload is not None
    data: dict[str, object] = json.loads(payload)
    return data


def _write_sealed(register: Path, data: object) -> None:
    sealed = seal(json.dumps(data).encode(), purpose=SEAL_PURPOSE)
    assert sealed is not None
    (register / CACHE_DIR / CACHE_FILE).write_bytes(sealed)


def _poison(register: Path, rel: str) -> None:
    """Plant a marker problem in the cache entry, so a reuse is visible in the result.

    The whole-run memo is removed, so that the next run goes through the per-file cache.
    """
    data = _cache(register)
    entry = data["files"][rel]  # type: ignore[index]
    entry["problems"] = [[rel, 1, 1, "PK-S004", "error", "AUS DEM CACHE", None, None]]
    _write_sealed(register, data)
    (register / CACHE_DIR / RUN_FILE).unlink(missing_ok=True)


def _messages(register: Path) -> list[str]:
    return [p.message for p in validate([register], ValidateOptions()).problems]


def test_unchanged_file_is_taken_from_cache(example: Path) -> None:
    (example / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text(GOOD, encoding="utf-8")
    validate([example], ValidateOptions())
    _poison(example, "steckbriefe/fahrzeug-zulassen.yaml")
    assert "AUS DEM CACHE" in _messages(example)


def test_content_change_invalidates_entry(example: Path) -> None:
    path = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    path.write_text(GOOD, encoding="utf-8")
    validate([example], ValidateOptions())
    _poison(example, "steckbriefe/fahrzeug-zulassen.yaml")
    path.write_text(GOOD + "beschreibung: Neu.\n", encoding="utf-8")
    assert "AUS DEM CACHE" not in _messages(example)


def test_config_change_invalidates_cache(example: Path) -> None:
    (example / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text(GOOD, encoding="utf-8")
    validate([example], ValidateOptions())
    before = _cache(example)["fingerprint"]
    _poison(example, "steckbriefe/fahrzeug-zulassen.yaml")
    manifest = example / "prozesskit.yaml"
    manifest.write_text(
        manifest.read_text("utf-8").replace("  regeln: {}", "  regeln:\n    PK-S012: error"),
        encoding="utf-8",
    )
    assert "AUS DEM CACHE" not in _messages(example)
    assert _cache(example)["fingerprint"] != before


def test_no_cache_option_writes_nothing(example: Path) -> None:
    validate([example], ValidateOptions(use_cache=False))
    assert not (example / CACHE_DIR).exists()


def test_cache_is_git_ignored(example: Path) -> None:
    validate([example], ValidateOptions())
    assert (example / CACHE_DIR / ".gitignore").read_text("utf-8") == "*\n"


def test_unreadable_file_is_a_problem_not_a_crash(example: Path) -> None:
    """A file that vanishes or cannot be read between listing and reading (race, rights)."""
    from prozesskit.config.resolve import Resolver
    from prozesskit.rules import all_rules
    from prozesskit.validation.collect import check_files
    from prozesskit.validation.setup import build_settings
    from prozesskit.validation.transfer import Work

    config = Resolver(all_rules(), base_dir=example).resolve({}, origin="t")
    gone = Work("steckbriefe/weg.yaml", "steckbrief", str(example / "steckbriefe/weg.yaml"),
                (1, 1))
    collected = check_files([gone], build_settings(config), None, jobs=1)
    assert [(p.file, p.rule) for p in collected.problems] == [("steckbriefe/weg.yaml",
                                                               "PK-S001")]
    assert "nicht lesbar" in collected.problems[0].message


def test_same_size_change_with_restored_mtime_is_detected(example: Path) -> None:
    """cp -p / rsync -a / tar restore mtimes: the stat shortcut must not trust them."""
    import os

    path = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    path.write_text(GOOD + "prioritaet: hoch\n", encoding="utf-8")
    assert validate([example], ValidateOptions()).problems == ()
    before = path.stat()
    path.write_text(GOOD + "prioritaet: hoxh\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert [p.rule for p in validate([example], ValidateOptions()).problems] == ["PK-S004"]


def test_touched_but_unchanged_file_is_confirmed_by_hash(example: Path) -> None:
    import os

    (example / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text(GOOD, encoding="utf-8")
    validate([example], ValidateOptions())
    _poison(example, "steckbriefe/fahrzeug-zulassen.yaml")
    os.utime(example / "steckbriefe" / "fahrzeug-zulassen.yaml")  # like a fresh checkout
    assert "AUS DEM CACHE" in _messages(example)


@pytest.mark.parametrize("content", [
    "[]", "{}", '{"fingerprint": 1}', "kein json",
    None,  # a valid fingerprint with nonsense rows, filled in below
])
def test_corrupt_cache_is_ignored(content: str | None, example: Path) -> None:
    validate([example], ValidateOptions())
    cache_file = example / CACHE_DIR / CACHE_FILE
    if content is None:
        data = _cache(example)
        for entry in data["files"].values():  # type: ignore[union-attr]
            entry["problems"] = [["x"]]
            entry["facts"] = {"file": "x"}
        content = json.dumps(data)
    sealed = seal(content.encode(), purpose=SEAL_PURPOSE)
    assert sealed is not None
    cache_file.write_bytes(sealed)
    (example / CACHE_DIR / RUN_FILE).unlink(missing_ok=True)
    assert validate([example], ValidateOptions()).problems == ()


def test_file_that_vanishes_after_listing_is_reported_not_a_crash(example: Path) -> None:
    """Between discovery and the stat of the work list a file can go (a checkout running)."""
    from prozesskit.config.resolve import Resolver
    from prozesskit.rules import all_rules
    from prozesskit.validation.collect import check_files, list_work
    from prozesskit.validation.setup import build_settings

    work = list_work(example, ["steckbriefe/weg.yaml"], "steckbrief")
    assert work[0].stat == ()
    config = Resolver(all_rules(), base_dir=example).resolve({}, origin="t")
    collected = check_files(work, build_settings(config), None, jobs=1)
    assert [(p.file, p.rule) for p in collected.problems] == [("steckbriefe/weg.yaml",
                                                               "PK-S001")]
