"""The names that identify a package, without the manifest's pydantic model: ``pack``
writes the manifest as plain JSON and never needs pydantic (an unchanged register is
validated without it too), ``unpack`` validates through :mod:`.manifest`."""

from __future__ import annotations

FORMAT_NAME = "prozesskit-paket"
#: Version 3: ``quelle.produktrahmen``, the Produktrahmen the packed Produktbereiche follow
#: (unpack and import warn when the receiving register has another). A new field is a new
#: version: readers of versions 1 and 2 refuse fields they do not know (the manifest is a
#: contract), so an older prozesskit says "bitte aktualisieren" instead of a schema error.
#: Version 2: ``pruefung`` counts every finding by rule (``regeln``) and lists at most
#: :data:`BEFUNDE_JE_REGEL` per rule (``ausgelassen``: how many are not listed); version 1
#: listed every finding. All three are read.
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MANIFEST_NAME = "prozesskit-paket.json"
#: Findings listed in the manifest per rule and level; the rest are counted (``regeln``).
BEFUNDE_JE_REGEL = 20
