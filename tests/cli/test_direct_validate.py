"""``validate`` without typer (``prozesskit.cli._direct``) reads a command line exactly as
typer does, or leaves it to typer: same parameters, output, messages and exit codes."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer

from prozesskit.cli import _direct, app
from prozesskit.cli import validate as validate_cmd
from prozesskit.cli._errors import run_guarded

ENV = {k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")}


def _typer_params(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """What typer passes to the command for ``args``; None if typer refuses them."""
    seen: list[dict[str, Any]] = []

    def capture(**params: Any) -> int:
        seen.append(params)
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(validate_cmd, "run", capture)
        patch.setattr(sys, "argv", ["prozesskit", *args])
        code = run_guarded(app)
    if not seen:
        assert code == 2, (args, code)
        return None
    assert code == 0
    return seen[0]


def test_it_knows_every_option_of_the_typer_command() -> None:
    command = typer.main.get_command(app).commands["validate"]  # type: ignore[attr-defined]
    flags, valued, names = set(), set(), set()
    for param in command.params:
        names.add(param.name)
        if param.param_type_name == "argument":
            assert param.name == "paths" and param.nargs == -1
        elif param.is_flag:
            assert not param.secondary_opts, param.name  # no --no-… form to read
            flags |= {(opt, param.name) for opt in param.opts}
        else:
            valued |= {(opt, param.name) for opt in param.opts}
    assert flags == set(_direct.FLAGS.items())
    assert valued == set(_direct.VALUED.items())
    assert names == set(_direct.DEFAULTS)


def _command_lines(tmp_path: Path) -> list[list[str]]:
    unreadable = tmp_path / "gesperrt"
    unreadable.write_text("x", encoding="utf-8")
    unreadable.chmod(0)
    pieces = [
        [], ["."], ["reg"], ["a", "b"], ["-"], ["--"], ["--", "x"], ["-x"], ["--help"], ["-h"],
        ["--strict"], ["--strict", "--strict"], ["--strict=1"], ["--no-cache"],
        ["--nur-versioniert"], ["--format", "json"], ["--format=json"], ["-f", "sarif"],
        ["-fjson"], ["--format"], ["--format", "-x"], ["--format="], ["-f", "json", "-f", "text"],
        ["--output", "out.json"], ["-o", "x/y.json"], ["--output="], ["-o"],
        ["--output", str(unreadable)], [str(unreadable)], ["--profil", "streng"],
        ["--profil=fim"], ["--changed-since", "HEAD"], ["--changed-since=origin/main"],
        ["--changed-since", ""], ["--changed-since="], ["--jobs", "2"], ["-j", "1"],
        ["-j", "0"], ["-j", "-1"], ["-j", "+3"], ["-j", " 3"], ["-j", "3_0"], ["-j", "zwei"],
        ["--jobs=4"], ["--jobs="], ["-j4"], ["--version"], ["--format", "json", "--jobs"],
        ["--Format", "json"], ["--changed", "HEAD"], ["ä ö", "--strict"],
    ]
    lines = [["validate", *p] for p in pieces]
    lines += [["validate", *a, *b] for a, b in itertools.combinations(pieces, 2)]
    lines += [[], ["regeln"], ["--version"], ["Validate"], ["--help", "validate"]]
    rng = random.Random(15)
    for _ in range(300):
        lines.append(["validate", *itertools.chain.from_iterable(
            rng.sample(pieces, rng.randint(1, 4)))])
    return lines


def test_it_reads_what_it_accepts_exactly_as_typer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.endswith("_COMPLETE"):
            monkeypatch.delenv(name)
    accepted = 0
    for args in _command_lines(tmp_path):
        direct = _direct.parse(args)
        if direct is None:
            continue
        accepted += 1
        assert _typer_params(args, monkeypatch) == direct, args
    capsys.readouterr()
    assert accepted > 300  # the everyday command lines do not need typer
    for everyday in (["validate"], ["validate", "--changed-since", "HEAD", "."],
                     ["validate", ".", "--format", "sarif", "-o", "bericht.sarif", "--strict"],
                     ["validate", "--changed-since=origin/main", "-j", "2", "a", "b"]):
        assert _direct.parse(everyday) is not None, everyday


@pytest.mark.parametrize("args", [["validate", "-j", "1"], ["validate", "--help"],
                                  ["validate", "--strict", "--strict"], ["regeln"]])
def test_what_it_leaves_to_typer(args: list[str]) -> None:
    if args[1:] == ["-j", "1"]:
        assert _direct.parse(args) is not None
        os.environ["_PROZESSKIT_COMPLETE"] = "bash_complete"
        try:
            assert _direct.parse(args) is None  # shell completion is typer's
        finally:
            del os.environ["_PROZESSKIT_COMPLETE"]
    else:
        assert _direct.parse(args) is None


def _run(args: list[str], cwd: Path, *, through_typer: bool) -> tuple[int, str, str, bool]:
    """The console entry (or typer for every command line) in a process of its own; the
    last value says whether typer was imported."""
    entry = ("from prozesskit.cli import app\n"
             "from prozesskit.cli._errors import run_guarded\n"
             "from prozesskit.cli._exit import exit_process, start\n"
             "os.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')\n"
             "start()\n"
             "exit_process(run_guarded(app))\n") if through_typer else (
        "from prozesskit.cli import main\nmain()\n")
    script = textwrap.dedent(f"""
        import atexit, os, sys
        sys.argv = ["prozesskit", *{args!r}]
        atexit.register(lambda: print("TYPER" if "typer" in sys.modules else "OHNE",
                                      file=sys.stderr))
    """) + entry
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=cwd, env={**ENV, "NO_COLOR": "1"}, timeout=120, check=False)
    cut = done.stderr.rstrip("\n").rfind("\n") + 1  # the marker is the last line
    marker = done.stderr[cut:].strip()
    assert marker in ("TYPER", "OHNE"), done.stderr
    return done.returncode, done.stdout, done.stderr[:cut], marker == "TYPER"


@pytest.mark.parametrize("args", [
    ["validate"], ["validate", "--format", "json", "--strict"],
    ["validate", "steckbriefe", "--format=github"], ["validate", "--format", "gibt-es-nicht"],
    ["validate", "gibt-es-nicht"], ["validate", "-j", "0"], ["validate", "--help"],
])
def test_same_output_messages_and_exit_code_as_typer(example: Path, args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "prozesskit", "validate"], cwd=example,
                   capture_output=True, check=False, env=ENV)  # both find the same memo
    direct = _run(args, example, through_typer=False)
    typed = _run(args, example, through_typer=True)
    assert direct[:3] == typed[:3]
    assert typed[3]
    assert direct[3] == (_direct.parse(args) is None)
