"""``--changed-since`` keeps register problems by the files they are about (data), not by
what their message happens to say."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from prozesskit.problem import Level, Problem, Result
from prozesskit.validation import runcache
from prozesskit.validation.changes import only_changed
from prozesskit.validation.engine import ValidateOptions, validate

MODEL = "modelle/baugenehmigung-erteilen.soll.bpmn"
STECKBRIEF = "steckbriefe/baugenehmigung-erteilen.yaml"


def _register_problem(message: str, related: tuple[str, ...]) -> Problem:
    return Problem(STECKBRIEF, 3, 1, "PK-S008", Level.ERROR, message, related=related)


def test_the_wording_of_a_message_does_not_decide_what_is_kept() -> None:
    changed = frozenset({MODEL})
    about_it = _register_problem("Die Modelldatei fehlt", (MODEL,))  # names no path
    only_mentions = _register_problem(f"Siehe auch {MODEL}", ())  # names it, is not about it
    result = Result.build([about_it, only_mentions], [STECKBRIEF, MODEL])
    kept = only_changed(result, frozenset(result.problems), changed)
    assert kept.problems == (about_it,)


def _commit(register: Path) -> None:
    repo = git.Repo.init(register)
    repo.git.add(A=True)
    repo.index.commit("Stand")


def test_deleted_model_written_with_backslashes_keeps_the_steckbriefs_problem(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Steckbrief writes the path Windows-style; the message repeats it that way, which
    no changed path (POSIX) is a substring of. The finding is about the model all the same."""
    steckbrief = example / STECKBRIEF
    text = steckbrief.read_text("utf-8")
    assert MODEL in text
    steckbrief.write_text(text.replace(MODEL, MODEL.replace("/", "\\")), "utf-8")
    _commit(example)
    (example / MODEL).unlink()
    monkeypatch.setattr(runcache, "RACY_NS", 0)  # files written just now may be remembered
    changed = frozenset({MODEL})
    partial = validate([example], ValidateOptions(use_cache=False, changed=changed))
    validate([example], ValidateOptions())  # the memo, for the runs that filter it
    patched = validate([example], ValidateOptions(changed=changed))
    remembered = validate([example], ValidateOptions(changed=changed))
    for result in (partial, patched, remembered):
        assert (STECKBRIEF, "PK-S008") in {(p.file, p.rule) for p in result.problems}
