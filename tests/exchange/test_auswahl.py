"""``pack`` and ``pack --format xprozess`` choose processes through one function: the
package's choice (over validate's facts) and the export's (over the loaded register) take
the same processes, and a wrong call is refused with the same words in both formats."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit.errors import UsageError
from prozesskit.exchange import paket
from prozesskit.exchange.auswahl import waehlen
from prozesskit.register.view import Register
from prozesskit.validation.engine import checked_register
from prozesskit.validation.types import ValidateOptions


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".prozesskit"))
    return copy


@pytest.mark.parametrize(("ids", "alle", "bereiche", "count"), [
    ((), True, (), 8),
    ((), False, ("10",), 1),
    ((), False, ("10", "02"), 4),
    (("geburt-beurkunden", "baugenehmigung-erteilen", "geburt-beurkunden"), False, (), 2),
])
def test_package_and_xprozess_choose_the_same_processes(
        example: Path, ids: tuple[str, ...], alle: bool, bereiche: tuple[str, ...],
        count: int) -> None:
    facts = paket._steckbriefe(checked_register(example, ValidateOptions()))
    loaded = Register.open(example).steckbriefe
    packed = waehlen(facts, ids, alle, bereiche, zweck="packen")
    exported = waehlen(loaded, ids, alle, bereiche, zweck="exportieren")
    assert [item.path for item in packed] == [item.path for item in exported]
    assert [item.id for item in packed] == [item.id for item in exported]
    assert len(packed) == count
    if bereiche:
        assert {item.bereich for item in exported} == set(bereiche)
    if ids:
        assert [item.id for item in packed] == ["geburt-beurkunden", "baugenehmigung-erteilen"]


def test_a_duplicate_id_names_its_first_file_in_both(example: Path) -> None:
    first = example / "steckbriefe" / "geburt-beurkunden.yaml"
    (example / "steckbriefe" / "zz-kopie.yaml").write_bytes(first.read_bytes())
    facts = paket._steckbriefe(checked_register(example, ValidateOptions()))
    loaded = Register.open(example).steckbriefe
    for items in (facts, loaded):
        chosen = waehlen(items, ["geburt-beurkunden"], False, (), zweck="packen")
        assert [item.path for item in chosen] == ["steckbriefe/geburt-beurkunden.yaml"]


def test_an_empty_register_has_nothing_to_choose() -> None:
    with pytest.raises(UsageError, match="nichts zu exportieren"):
        waehlen([], (), True, (), zweck="exportieren")


@pytest.mark.parametrize(("args", "message"), [
    ((), "Bitte genau eines angeben: Prozess-Ids, --alle oder --bereich NN"),
    (("--alle", "--bereich", "10"), "Bitte genau eines angeben"),
    (("gibts-nicht", "geburt-beurkunden"), "Diese Prozesse gibt es im Register nicht: gibts-nicht "
     "(erwartet wird die id aus dem Steckbrief)"),
    (("--bereich", "99"), "Im Register gibt es keinen Steckbrief im Produktbereich 99"),
])
def test_wrong_calls_are_refused_alike_in_both_formats(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    for fmt, out in (("paket", tmp_path / "p.zip"), ("xprozess", tmp_path / "e.xml")):
        code, _, err = run_cli(["pack", "--format", fmt, *args, "--register", str(example),
                                "-o", str(out)], monkeypatch, capsys)
        assert code == 2 and message in " ".join(err.split()), (fmt, err)
        assert not out.exists()


@pytest.mark.parametrize("command", [["pack", "--bereich", "2"], ["init", "--bereich", "2"]])
def test_a_one_digit_bereich_means_its_two_digit_code(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``--bereich 2`` found nothing ("keinen Steckbrief im Produktbereich 2") while four
    Steckbriefe are in 02 (black-box finding, session 10)."""
    if command[0] == "pack":
        args = [*command, "--register", str(EXAMPLE), "-o", str(tmp_path / "b.zip")]
    else:
        args = [*command, "--blueprint", "gemeinde", str(tmp_path / "g"), "--name", "G",
                "--ags", "05999081"]
    code, out, err = run_cli(args, monkeypatch, capsys)
    assert code == 0, out + err
