"""JSON Schemas generated from the pydantic models, committed in ``schemas/``.

They let VS Code (yaml-language-server) complete and check Steckbriefe while typing and
let check-jsonschema users validate without prozesskit; a test keeps them in sync.
"""

from __future__ import annotations

import json
from typing import Any

from prozesskit.library.lock import Lock
from prozesskit.model.register import Manifest
from prozesskit.model.steckbrief import Steckbrief

SCHEMA_FILES = {
    "steckbrief.schema.json": (Steckbrief, "Steckbrief eines Prozesses (prozesskit)"),
    "register.schema.json": (Manifest, "Register-Manifest prozesskit.yaml (prozesskit)"),
    "lock.schema.json": (Lock, "Herkunft übernommener Prozesse prozesskit.lock (prozesskit)"),
}


#: Schemas of files that live outside a register (not copied into ``.prozesskit/schemas``)
EXCHANGE_SCHEMA_FILES = {
    "prozesskit-paket.schema.json": ("prozesskit.exchange.manifest:PaketManifest",
                                     "Manifest eines prozesskit-Pakets (prozesskit-paket.json)"),
    "netz.schema.json": ("prozesskit.netz.model:Netz",
                         "Netzwerk-Beschreibung netz.yaml (prozesskit)"),
}


def schema_for(model: Any, title: str, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://prozesskit.invalid/schemas/{name}",
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render_all() -> dict[str, str]:
    """File name → JSON text, deterministic (sorted keys, trailing newline)."""
    return {
        name: json.dumps(
            schema_for(model, title, name), ensure_ascii=False, indent=2, sort_keys=True
        )
        + "\n"
        for name, (model, title) in SCHEMA_FILES.items()
    }


def render_exchange() -> dict[str, str]:
    """The exchange formats' schemas (``schemas/`` only), same rendering as :func:`render_all`."""
    from importlib import import_module

    rendered = {}
    for name, (where, title) in EXCHANGE_SCHEMA_FILES.items():
        module, _, attr = where.partition(":")
        model = getattr(import_module(module), attr)
        rendered[name] = json.dumps(schema_for(model, title, name), ensure_ascii=False,
                                    indent=2, sort_keys=True) + "\n"
    return rendered


if __name__ == "__main__":  # pragma: no cover - maintainer tool: python -m prozesskit.schemas
    from pathlib import Path

    for file_name, content in {**render_all(), **render_exchange()}.items():
        Path("schemas", file_name).write_text(content, encoding="utf-8")
