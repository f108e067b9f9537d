"""Files around the data that make a new register pleasant from the first minute: VS Code
settings and git ignore rules.

Only Steckbriefe that carry the ``# yaml-language-server: $schema=`` line got editor checking;
a new file a user creates by hand does not have it. Workspace settings map every file under
``steckbriefe/`` and the manifest to the schemas in ``.prozesskit/schemas/`` (relative to the
workspace folder, so they work offline and follow the register's prozesskit version), and
recommend the YAML extension that reads them. ``.prozesskit/.gitignore`` is written here so
that the first ``validate`` finds nothing to add: a register fresh from ``init`` stays clean in
``git status``.
"""

from __future__ import annotations

import json

from prozesskit.validation.layout import MANIFEST_NAME, SCHEMA_DIR, STECKBRIEF_DIR

YAML_EXTENSION = "redhat.vscode-yaml"


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def vscode_settings() -> dict[str, object]:
    return {
        "yaml.schemas": {
            # both forms: glob libraries disagree on whether ``**/`` matches no folder
            f"./{SCHEMA_DIR}/steckbrief.schema.json": [
                f"{STECKBRIEF_DIR}/*.yaml",
                f"{STECKBRIEF_DIR}/*.yml",
                f"{STECKBRIEF_DIR}/**/*.yaml",
                f"{STECKBRIEF_DIR}/**/*.yml",
            ],
            f"./{SCHEMA_DIR}/register.schema.json": [MANIFEST_NAME],
        },
    }


def workspace_files() -> dict[str, str]:
    """Relative path → content of the editor settings and git ignore rules of a register."""
    return {
        ".vscode/settings.json": _json(vscode_settings()),
        ".vscode/extensions.json": _json({"recommendations": [YAML_EXTENSION]}),
        ".prozesskit/.gitignore": "cache/\n",
    }
