"""The names that identify a package, without the manifest's pydantic model: ``pack``
writes the manifest as plain JSON and never needs pydantic (an unchanged register is
validated without it too), ``unpack`` validates through :mod:`.manifest`."""

from __future__ import annotations

FORMAT_NAME = "prozesskit-paket"
FORMAT_VERSION = 1
MANIFEST_NAME = "prozesskit-paket.json"
