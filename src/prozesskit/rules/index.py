"""The one registration of every rule: code → module. Nothing else lists rules.

A rule is a module below ``prozesskit.rules`` (its constants and ``check``, see
:mod:`.base`) plus its line here. The registry (:func:`prozesskit.rules.all_rules`), the
lazy per-scope loading of a patch run, ``prozesskit regeln``/``erklaere``, the bpmnlint
parity tool and the fixture tests all read this table, so a new rule needs no other edit.

The scope comes from the package, not from importing the module: a run that continues
from the last one (a few files changed) imports only the rules of the scopes it runs
(Steckbrief and register rules when a Steckbrief changed, no BPMN rule and no lxml).
Loading checks that the module's ``CODE`` and ``SCOPE`` agree with this table.
"""

from __future__ import annotations

from typing import Final

#: Package below ``prozesskit.rules`` → scope of every rule in it. A register rule therefore
#: cannot hide among the BPMN conventions: it must live in ``register/``.
PACKAGE_SCOPES: Final[dict[str, str]] = {
    "steckbrief": "steckbrief",
    "register": "register",
    "bpmn": "bpmn",  # the bpmnlint port
    "conventions": "bpmn",  # XSD, German naming conventions, FIM profile
    "xprozess": "xprozess",  # structure of an XProzess 2.0 message
}

#: code → module below ``prozesskit.rules``; rules with a check only (the loaders' own
#: checks PK-S001–S004, PK-R001, PK-B001 are in :mod:`.core`)
RULE_MODULES: Final[dict[str, str]] = {
    "PK-B002": "conventions.xsd_schema",
    "PK-B003": "conventions.herstellererweiterung",
    "PK-B010": "bpmn.label_required",
    "PK-B011": "bpmn.start_event_required",
    "PK-B012": "bpmn.end_event_required",
    "PK-B013": "bpmn.no_disconnected",
    "PK-B014": "bpmn.no_implicit_split",
    "PK-B015": "bpmn.fake_join",
    "PK-B016": "bpmn.no_gateway_join_fork",
    "PK-B017": "bpmn.no_duplicate_sequence_flows",
    "PK-B018": "bpmn.no_complex_gateway",
    "PK-B019": "bpmn.single_blank_start_event",
    "PK-B020": "bpmn.single_event_definition",
    "PK-B021": "bpmn.superfluous_gateway",
    "PK-B022": "bpmn.conditional_flows",
    "PK-B023": "bpmn.no_bpmndi",
    "PK-B024": "bpmn.no_overlapping_elements",
    "PK-B025": "bpmn.link_event",
    "PK-B026": "bpmn.event_sub_process_typed_start_event",
    "PK-B027": "bpmn.sub_process_blank_start_event",
    "PK-B028": "bpmn.superfluous_termination",
    "PK-B029": "bpmn.no_implicit_start",
    "PK-B030": "bpmn.no_implicit_end",
    "PK-B031": "bpmn.ad_hoc_sub_process",
    "PK-B032": "bpmn.event_based_gateway",
    "PK-B033": "bpmn.no_inclusive_gateway",
    "PK-B034": "bpmn.global_",
    "PK-B035": "bpmn.conditional_event",
    "PK-B036": "bpmn.standard_size",
    "PK-B037": "bpmn.superfluous_label",
    "PK-B050": "conventions.aktivitaet_objekt_verb",
    "PK-B051": "conventions.aktivitaet_generisches_verb",
    "PK-B052": "conventions.ereignis_zustand",
    "PK-B053": "conventions.gateway_frage",
    "PK-B054": "conventions.gateway_ausgaenge_beschriftet",
    "PK-B055": "conventions.zusammenfuehrung_unbenannt",
    "PK-B056": "conventions.nachrichtenfluss_benannt",
    "PK-B060": "conventions.fim_keine_lanes",
    "PK-B061": "conventions.fim_ein_pool_je_beteiligtem",
    "PK-B062": "conventions.fim_externe_zugeklappt",
    "PK-B063": "conventions.fim_referenzaktivitaetengruppe",
    "PK-S005": "steckbrief.dateiname_id",
    "PK-S006": "register.eindeutige_id",
    "PK-S007": "register.eindeutiger_name",
    "PK-S008": "register.modelldatei_fehlt",
    "PK-S009": "steckbrief.entfall_grund",
    "PK-S010": "steckbrief.pflichtfelder",
    "PK-S011": "steckbrief.name_objekt_verrichtung",
    "PK-S012": "steckbrief.generisches_verb",
    "PK-S013": "steckbrief.produktbereich",
    "PK-S014": "steckbrief.leika_format",
    "PK-S015": "steckbrief.leika_unbekannt",
    "PK-S016": "steckbrief.leika_bundesvollzug",
    "PK-S017": "register.verwaiste_modelldatei",
    "PK-S018": "steckbrief.modellstatus",
    "PK-S019": "steckbrief.datum_plausibel",
    "PK-S020": "steckbrief.leika_fim_pflicht",
    "PK-S021": "steckbrief.schema_zeile",
    "PK-S022": "steckbrief.varianten",
    "PK-S023": "register.leika_eindeutig",
    "PK-S024": "register.herkunft_kopie",
    "PK-S025": "steckbrief.kennzahl_tausenderpunkt",
    "PK-S030": "register.steckbrief_modellname",
    "PK-S031": "register.aehnlicher_prozess",
    "PK-P010": "xprozess.nachricht",
    "PK-P011": "xprozess.formate",
    "PK-P012": "xprozess.pflichtelemente",
    "PK-P013": "xprozess.codes",
    "PK-P014": "xprozess.modelldatei",
    "PK-P015": "xprozess.subprozess_id",
}


def scope_of(module: str) -> str:
    """The scope of a rule module, from its package (``register.eindeutige_id`` → register)."""
    return PACKAGE_SCOPES[module.split(".", 1)[0]]


#: code → (module, scope value): what a patch run needs to import only some scopes
RULE_INDEX: Final[dict[str, tuple[str, str]]] = {
    code: (module, scope_of(module)) for code, module in RULE_MODULES.items()
}
