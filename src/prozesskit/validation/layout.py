"""Names of the register layout, in a module that imports nothing.

The fast path of ``validate`` (nothing changed since the last run) must not import
pydantic or the rules just to learn what the manifest is called.
"""

from __future__ import annotations

MANIFEST_NAME = "prozesskit.yaml"
#: What import records (library/lock.py reads and writes it; here for modules below it)
LOCK_NAME = "prozesskit.lock"
STECKBRIEF_DIR = "steckbriefe"
MODELL_DIR = "modelle"
YAML_SUFFIXES = (".yaml", ".yml")
#: ``extends`` entries naming a built-in profile (``prozesskit:empfohlen``)
PROFILE_PREFIX = "prozesskit:"
#: Results of earlier runs (git-ignored); see cache.py and runcache.py.
CACHE_DIR = ".prozesskit/cache"
#: marks the output folder of ``prozesskit site`` (its copies of the models are no models
#: of the register: ``site -o public`` inside it must not double every finding)
SITE_MANIFEST = ".prozesskit-site.json"
#: The JSON Schemas a register carries for the editor (written by init and ``neu``).
SCHEMA_DIR = ".prozesskit/schemas"
STECKBRIEF_SCHEMA = f"{SCHEMA_DIR}/steckbrief.schema.json"
