"""The standalone html page of ``bericht``/``netz`` in Chromium: its own Content-Security-
Policy lets its one inline style apply (a wrong hash would be a console error and an
unstyled page), nothing is requested, and axe-core finds no serious or critical problem."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import DATA, EXAMPLE
from prozesskit.bericht.daten import build_bericht
from prozesskit.bericht.report import render
from prozesskit.netz.load import MemberSpec, open_members

AXE = DATA / "axe-core" / "axe.min.js"


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns("cache"))
    member = open_members([MemberSpec(None, None, None, str(register))])[0]
    html = render(build_bericht(member, stichtag=dt.date(2026, 3, 15)), "html")
    assert isinstance(html, str)
    target = tmp_path / "bericht.html"
    target.write_text(html, encoding="utf-8")
    return target


def test_policy_allows_the_style_and_nothing_is_requested(browser: Any,
                                                          page_file: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.resolve().as_uri())
    page.wait_for_load_state("load")
    align = page.evaluate("getComputedStyle(document.querySelector('td.n')).textAlign")
    collapse = page.evaluate("getComputedStyle(document.querySelector('table')).borderCollapse")
    context.close()
    assert errors == []
    assert requests == [page_file.resolve().as_uri()]
    assert (align, collapse) == ("right", "collapse")  # the inline style was applied


def test_axe_finds_no_serious_or_critical_violation(browser: Any, page_file: Path) -> None:
    context = browser.new_context(bypass_csp=True)  # only to inject the checker
    page = context.new_page()
    page.goto(page_file.resolve().as_uri())
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    context.close()
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    assert result["passes"], "axe hat nichts geprüft"
