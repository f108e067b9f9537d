"""Chromium (Debian's ``chromium``, driven by Playwright for Python) for the site's browser
tests. ``bash .ci/run`` installs the browser with apt-get when it is missing; Playwright's own
browser download is never used (``executable_path``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    found = os.environ.get("PROZESSKIT_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium fehlt für die Browser-Tests der Website: 'apt-get install "
                    "chromium' (Debian/Ubuntu; 'bash tools/systempakete.sh' installiert es) "
                    "oder den Pfad in PROZESSKIT_CHROMIUM angeben", pytrace=False)
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a register made by ``init --blueprint kreis``, with the example register's
    modelled process (IST model) added: the Blaupause itself has no models; with the network
    page ``netz.html`` of a one-member netz.yaml."""
    import subprocess
    import sys

    from helpers import EXAMPLE
    from prozesskit.register.view import Register
    from prozesskit.site import build_site
    from prozesskit.site.netzseite import read_netz_seite

    base = tmp_path_factory.mktemp("browser")
    register = base / "kreis"
    env = {**os.environ, "HOME": str(base), "PROZESSKIT_CACHE_DIR": str(base / "cache")}
    subprocess.run([sys.executable, "-m", "prozesskit", "init", "--blueprint", "kreis",
                    str(register), "--name", "Kreis Beispiel", "--ags", "05999"], check=True,
                   capture_output=True, env=env)
    for rel in ("steckbriefe/gewerbeanmeldung-entgegennehmen.yaml",
                "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"):
        (register / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE / rel, register / rel)
    # the network page (site --netz): one member, this register (no git: Stand says so)
    (base / "netz.yaml").write_text("format: 1\nname: Netz Beispiel\nmitglieder:\n"
                                    "  - {name: Kreis Beispiel, typ: kreis, register: kreis}\n",
                                    encoding="utf-8")
    out = base / "public"
    build_site(Register.open(register), out, netz=read_netz_seite(base / "netz.yaml"))
    return out
