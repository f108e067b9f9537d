"""bpmnlint's rule set as prozesskit rules over lxml (PK-B010 to PK-B049).

Each module mirrors one bpmnlint rule (``BPMNLINT``) and reports the same element ids;
``tests/rules/test_bpmnlint_parity.py`` proves it against bpmnlint's own fixtures.
Rules derived from bpmnlint are MIT licensed by the bpmn.io contributors
(see ``tests/fixtures/rules/BPMNLINT-LICENSE``).
"""

from __future__ import annotations

from types import ModuleType

from prozesskit.rules.bpmn import (
    ad_hoc_sub_process,
    conditional_event,
    conditional_flows,
    end_event_required,
    event_based_gateway,
    event_sub_process_typed_start_event,
    fake_join,
    global_,
    label_required,
    link_event,
    no_bpmndi,
    no_complex_gateway,
    no_disconnected,
    no_duplicate_sequence_flows,
    no_gateway_join_fork,
    no_implicit_end,
    no_implicit_split,
    no_implicit_start,
    no_inclusive_gateway,
    no_overlapping_elements,
    single_blank_start_event,
    single_event_definition,
    standard_size,
    start_event_required,
    sub_process_blank_start_event,
    superfluous_gateway,
    superfluous_label,
    superfluous_termination,
)

BPMN_RULE_MODULES: tuple[ModuleType, ...] = (
    label_required,
    start_event_required,
    end_event_required,
    no_disconnected,
    no_implicit_split,
    fake_join,
    no_gateway_join_fork,
    no_duplicate_sequence_flows,
    no_complex_gateway,
    single_blank_start_event,
    single_event_definition,
    superfluous_gateway,
    conditional_flows,
    no_bpmndi,
    no_overlapping_elements,
    link_event,
    event_sub_process_typed_start_event,
    sub_process_blank_start_event,
    superfluous_termination,
    no_implicit_start,
    no_implicit_end,
    ad_hoc_sub_process,
    event_based_gateway,
    no_inclusive_gateway,
    global_,
    conditional_event,
    standard_size,
    superfluous_label,
)

BY_BPMNLINT: dict[str, ModuleType] = {module.BPMNLINT: module for module in BPMN_RULE_MODULES}

__all__ = ["BPMN_RULE_MODULES", "BY_BPMNLINT"]
