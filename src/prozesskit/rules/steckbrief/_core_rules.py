"""The core Steckbrief and register rules, in code order, for the rule registry.

An explicit tuple instead of scanning the folder: the LeiKa rules (``leika_*.py``) live in
the same package and are registered separately, and a new module must not become a rule
by merely existing. PK-S001–S004 are the parse and schema checks of the core.
"""

from __future__ import annotations

from types import ModuleType

from prozesskit.rules.steckbrief import (
    dateiname_id,
    datum_plausibel,
    eindeutige_id,
    eindeutiger_name,
    entfall_grund,
    generisches_verb,
    modelldatei_fehlt,
    modellstatus,
    name_objekt_verrichtung,
    pflichtfelder,
    produktbereich,
    schema_zeile,
    verwaiste_modelldatei,
)

STECKBRIEF_RULE_MODULES: tuple[ModuleType, ...] = (
    dateiname_id,  # PK-S005
    eindeutige_id,  # PK-S006
    eindeutiger_name,  # PK-S007
    modelldatei_fehlt,  # PK-S008
    entfall_grund,  # PK-S009
    pflichtfelder,  # PK-S010
    name_objekt_verrichtung,  # PK-S011
    generisches_verb,  # PK-S012
    produktbereich,  # PK-S013
    verwaiste_modelldatei,  # PK-S017
    modellstatus,  # PK-S018
    datum_plausibel,  # PK-S019
    schema_zeile,  # PK-S021
)
