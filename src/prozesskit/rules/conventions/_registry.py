"""The convention rules in registry order (see :mod:`prozesskit.rules`)."""

from __future__ import annotations

from types import ModuleType

from prozesskit.rules.conventions import (
    aktivitaet_generisches_verb,
    aktivitaet_objekt_verb,
    ereignis_zustand,
    fim_ein_pool_je_beteiligtem,
    fim_externe_zugeklappt,
    fim_keine_lanes,
    fim_referenzaktivitaetengruppe,
    gateway_ausgaenge_beschriftet,
    gateway_frage,
    herstellererweiterung,
    nachrichtenfluss_benannt,
    steckbrief_modellname,
    xsd_schema,
    zusammenfuehrung_unbenannt,
)

CONVENTION_RULE_MODULES: tuple[ModuleType, ...] = (
    xsd_schema,
    herstellererweiterung,
    aktivitaet_objekt_verb,
    aktivitaet_generisches_verb,
    ereignis_zustand,
    gateway_frage,
    gateway_ausgaenge_beschriftet,
    zusammenfuehrung_unbenannt,
    nachrichtenfluss_benannt,
    fim_keine_lanes,
    fim_ein_pool_je_beteiligtem,
    fim_externe_zugeklappt,
    fim_referenzaktivitaetengruppe,
    steckbrief_modellname,
)

__all__ = ["CONVENTION_RULE_MODULES"]
