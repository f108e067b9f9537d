"""Screenshots of the site for the README (docs/site/*.png), taken with Debian's chromium.

    python tools/site_screenshots.py [--ziel docs/site]

Builds the site of a register made by ``init --blueprint kreis`` with the example
register's two modelled processes added (the Blaupause has no models), opens it from
``file://`` and photographs the map, a process page and the dashboard (1280×900 viewport).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "kreis-musterland"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
ADDED = ("gewerbeanmeldung-entgegennehmen", "baugenehmigung-erteilen")


def build(base: Path) -> Path:
    from prozesskit.register.view import Register
    from prozesskit.site import build_site

    register = base / "kreis"
    subprocess.run([sys.executable, "-m", "prozesskit", "init", "--blueprint", "kreis",
                    str(register), "--name", "Kreis Musterland", "--ags", "05999"], check=True,
                   capture_output=True)
    for name in ADDED:
        shutil.copyfile(EXAMPLE / "steckbriefe" / f"{name}.yaml",
                        register / "steckbriefe" / f"{name}.yaml")
    for model in (EXAMPLE / "modelle").glob("*.bpmn"):
        (register / "modelle").mkdir(exist_ok=True)
        shutil.copyfile(model, register / "modelle" / model.name)
    out = base / "public"
    build_site(Register.open(register), out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ziel", type=Path, default=REPO / "docs" / "site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.ziel.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        site = build(Path(temp))
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("PROZESSKIT_CHROMIUM", "/usr/bin/chromium"),
            args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        shots = {"karte.png": "index.html",
                 "prozess.png": f"prozesse/{ADDED[0]}.html",
                 "kennzahlen.png": "kennzahlen.html"}
        for name, rel in shots.items():
            page.goto((site / rel).as_uri())
            if name == "prozess.png":
                page.locator("#modelle-titel").scroll_into_view_if_needed()
                page.locator('g[data-bpmn-id="Task_Pruefen"]').first.focus()
            page.screenshot(path=str(args.ziel / name))
            print(args.ziel / name)
        browser.close()


if __name__ == "__main__":
    main()
