"""Fixtures shared by the reporter tests."""

from __future__ import annotations

import pytest
from reporter_samples import BPMN_ERROR, CLEAN_FILE, DUP_A, DUP_B, NO_LINE_WARN, RULES, YAML_ERROR

from prozesskit.problem import Result
from prozesskit.reporters import ReportContext


@pytest.fixture
def result() -> Result:
    return Result.build(
        [YAML_ERROR, BPMN_ERROR, NO_LINE_WARN, DUP_A, DUP_B],
        [YAML_ERROR.file, BPMN_ERROR.file, NO_LINE_WARN.file, CLEAN_FILE],
        ["PK-S001", "PK-B004", "PK-R002", "PK-B007"],
    )


@pytest.fixture
def clean_result() -> Result:
    return Result.build([], [CLEAN_FILE, "a.yaml"])


@pytest.fixture
def ctx() -> ReportContext:
    return ReportContext(tool_version="9.9.9", rules=RULES)
