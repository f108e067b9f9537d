"""Problems and results: a total, reproducible order."""

from __future__ import annotations

import itertools

from prozesskit.problem import Level, Problem, Result, problems_to_rows, row_sort_key


def test_same_place_findings_have_one_order_whatever_came_first() -> None:
    """Two messages of one rule on one element (bpmnlint's no-duplicate names, say) used to
    come out in hash order, so two runs on the same files printed different reports."""
    same_place = [
        Problem("m.bpmn", 21, None, "PK-B034", Level.WARN, text, element="Message_1")
        for text in ("Nachricht wird nirgends verwendet", "Name von Nachricht ist nicht eindeutig",
                     "Anderes")
    ]
    orders = {Result.build(list(perm), ["m.bpmn"]).problems
              for perm in itertools.permutations(same_place)}
    assert len(orders) == 1
    assert [p.message for p in next(iter(orders))] == sorted(p.message for p in same_place)


def test_row_round_trip_and_foreign_rows() -> None:
    problem = Problem("a.yaml", 3, 5, "PK-S004", Level.ERROR, "Text", "feld", "Hinweis")
    assert Problem.from_row(list(problems_to_rows([problem])[0])) == problem
    for bad in (["a"], ["a", 1, 1, "R", "kritisch", "m", None, None]):
        try:
            Problem.from_row(bad)
        except (ValueError, KeyError, TypeError):
            continue
        raise AssertionError(f"{bad} angenommen")


def test_merge_into_a_sorted_result_equals_building_it() -> None:
    """A patch run places new problems into the last result instead of sorting it all."""
    problems = [
        Problem(file, line, col, rule, Level.WARN, msg, element)
        for file in ("a.yaml", "b.bpmn", "c.yaml")
        for line in (None, 1, 7)
        for col in (None, 3)
        for rule, msg, element in (("PK-S010", "x", None), ("PK-B050", "y", "Task_1"))
    ]
    for cut in (0, 5, len(problems) // 2, len(problems)):
        old = Result.build(problems[:cut], ["a.yaml"]).problems
        merged = Result.merge(old, problems[cut:], ["c.yaml", "a.yaml"], ["PK-S010"])
        assert merged == Result.build(problems, ["a.yaml", "c.yaml"], ["PK-S010"])


def test_a_row_sorts_as_its_problem() -> None:
    """A patch run orders memo rows with ``row_sort_key``, a full run orders Problem objects
    with ``sort_key``: the two must agree on every field, or the same register gives its
    problems in two orders."""
    problems = [
        Problem("b.yaml", 3, 1, "PK-S001", Level.ERROR, "m", element="name", hint="h"),
        Problem("b.yaml", 3, 1, "PK-S001", Level.WARN, "m", element="name", hint="h"),
        Problem("b.yaml", None, None, "PK-S002", Level.ERROR, "z"),
        Problem("a.bpmn", 7, 2, "PK-B001", Level.WARN, "a", element=None, hint=None),
        Problem("a.bpmn", 7, 2, "PK-B001", Level.WARN, "a", element="Task_1"),
    ]
    for problem, row in zip(problems, problems_to_rows(problems), strict=True):
        assert row_sort_key(row) == problem.sort_key()
    assert sorted(problems_to_rows(problems), key=row_sort_key) == problems_to_rows(
        sorted(problems, key=Problem.sort_key))
