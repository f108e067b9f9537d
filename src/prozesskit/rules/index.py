"""Which module holds which rule, and its scope, without importing any rule.

A run that continues from the last one (a few files changed) imports only the rules of
the scopes it runs: Steckbrief and register rules when a Steckbrief changed, BPMN and
register rules when a model did. The registry (:func:`prozesskit.rules.all_rules`) stays the
source of truth; ``tests/rules/test_rule_index.py`` fails with the line to add when a new
rule is missing here.
"""

from __future__ import annotations

#: code → (module below ``prozesskit.rules``, scope value); rules with a check only
RULE_INDEX: dict[str, tuple[str, str]] = {
    "PK-B002": ("conventions.xsd_schema", "bpmn"),
    "PK-B003": ("conventions.herstellererweiterung", "bpmn"),
    "PK-B010": ("bpmn.label_required", "bpmn"),
    "PK-B011": ("bpmn.start_event_required", "bpmn"),
    "PK-B012": ("bpmn.end_event_required", "bpmn"),
    "PK-B013": ("bpmn.no_disconnected", "bpmn"),
    "PK-B014": ("bpmn.no_implicit_split", "bpmn"),
    "PK-B015": ("bpmn.fake_join", "bpmn"),
    "PK-B016": ("bpmn.no_gateway_join_fork", "bpmn"),
    "PK-B017": ("bpmn.no_duplicate_sequence_flows", "bpmn"),
    "PK-B018": ("bpmn.no_complex_gateway", "bpmn"),
    "PK-B019": ("bpmn.single_blank_start_event", "bpmn"),
    "PK-B020": ("bpmn.single_event_definition", "bpmn"),
    "PK-B021": ("bpmn.superfluous_gateway", "bpmn"),
    "PK-B022": ("bpmn.conditional_flows", "bpmn"),
    "PK-B023": ("bpmn.no_bpmndi", "bpmn"),
    "PK-B024": ("bpmn.no_overlapping_elements", "bpmn"),
    "PK-B025": ("bpmn.link_event", "bpmn"),
    "PK-B026": ("bpmn.event_sub_process_typed_start_event", "bpmn"),
    "PK-B027": ("bpmn.sub_process_blank_start_event", "bpmn"),
    "PK-B028": ("bpmn.superfluous_termination", "bpmn"),
    "PK-B029": ("bpmn.no_implicit_start", "bpmn"),
    "PK-B030": ("bpmn.no_implicit_end", "bpmn"),
    "PK-B031": ("bpmn.ad_hoc_sub_process", "bpmn"),
    "PK-B032": ("bpmn.event_based_gateway", "bpmn"),
    "PK-B033": ("bpmn.no_inclusive_gateway", "bpmn"),
    "PK-B034": ("bpmn.global_", "bpmn"),
    "PK-B035": ("bpmn.conditional_event", "bpmn"),
    "PK-B036": ("bpmn.standard_size", "bpmn"),
    "PK-B037": ("bpmn.superfluous_label", "bpmn"),
    "PK-B050": ("conventions.aktivitaet_objekt_verb", "bpmn"),
    "PK-B051": ("conventions.aktivitaet_generisches_verb", "bpmn"),
    "PK-B052": ("conventions.ereignis_zustand", "bpmn"),
    "PK-B053": ("conventions.gateway_frage", "bpmn"),
    "PK-B054": ("conventions.gateway_ausgaenge_beschriftet", "bpmn"),
    "PK-B055": ("conventions.zusammenfuehrung_unbenannt", "bpmn"),
    "PK-B056": ("conventions.nachrichtenfluss_benannt", "bpmn"),
    "PK-B060": ("conventions.fim_keine_lanes", "bpmn"),
    "PK-B061": ("conventions.fim_ein_pool_je_beteiligtem", "bpmn"),
    "PK-B062": ("conventions.fim_externe_zugeklappt", "bpmn"),
    "PK-B063": ("conventions.fim_referenzaktivitaetengruppe", "bpmn"),
    "PK-S005": ("steckbrief.dateiname_id", "steckbrief"),
    "PK-S006": ("steckbrief.eindeutige_id", "register"),
    "PK-S007": ("steckbrief.eindeutiger_name", "register"),
    "PK-S008": ("steckbrief.modelldatei_fehlt", "register"),
    "PK-S009": ("steckbrief.entfall_grund", "steckbrief"),
    "PK-S010": ("steckbrief.pflichtfelder", "steckbrief"),
    "PK-S011": ("steckbrief.name_objekt_verrichtung", "steckbrief"),
    "PK-S012": ("steckbrief.generisches_verb", "steckbrief"),
    "PK-S013": ("steckbrief.produktbereich", "steckbrief"),
    "PK-S014": ("steckbrief.leika_format", "steckbrief"),
    "PK-S015": ("steckbrief.leika_unbekannt", "steckbrief"),
    "PK-S016": ("steckbrief.leika_bundesvollzug", "steckbrief"),
    "PK-S017": ("steckbrief.verwaiste_modelldatei", "register"),
    "PK-S018": ("steckbrief.modellstatus", "steckbrief"),
    "PK-S019": ("steckbrief.datum_plausibel", "steckbrief"),
    "PK-S020": ("steckbrief.leika_fim_pflicht", "steckbrief"),
    "PK-S021": ("steckbrief.schema_zeile", "steckbrief"),
    "PK-S030": ("conventions.steckbrief_modellname", "register"),
}
