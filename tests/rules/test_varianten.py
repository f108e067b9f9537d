"""Variants (``varianten: [{leika, name}]``): one process that covers several LeiKa-Leistungen.

The rules' messages are pinned by their fixtures (PK-S014/S015/S022/S023 in
``tests/fixtures/rules``); here: what ``validate`` reports for a real register, that the
register facts carry every key, and that the cache round trip keeps them.
"""

from __future__ import annotations

from pathlib import Path

from prozesskit.leika.felder import process_keys
from prozesskit.register.facts import register_facts
from prozesskit.register.sources import load_register
from prozesskit.rules.context import SteckbriefFacts
from prozesskit.validation.engine import ValidateOptions, validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
MANIFEST = FIXTURES / "PK-S006" / "valid-register" / "prozesskit.yaml"

STECKBRIEF = """\
id: aufenthaltserlaubnis-erteilen
name: Aufenthaltserlaubnis erteilen
produkt:
  bereich: "02"
organisationseinheit: Ausländerbehörde
leika: "99010001001009"
varianten:
  - leika: "99010001001027"
    name: zum Studium
  - leika: {variante}
    name: zur Berufsausbildung
quelle:
  leika: "99010001001009"
"""


def _register(tmp_path: Path, variante: str) -> Path:
    (tmp_path / "steckbriefe").mkdir()
    (tmp_path / "prozesskit.yaml").write_bytes(MANIFEST.read_bytes())
    (tmp_path / "steckbriefe" / "aufenthaltserlaubnis-erteilen.yaml").write_text(
        STECKBRIEF.format(variante=variante), encoding="utf-8")
    return tmp_path


def test_valid_variants_validate_clean(tmp_path: Path) -> None:
    result = validate([_register(tmp_path, '"99010001001008"')], ValidateOptions(use_cache=False))
    assert [(p.rule, p.message) for p in result.problems] == []


def test_malformed_variant_key_is_reported_once_by_pk_s014(tmp_path: Path) -> None:
    """The schema refuses the number too; its generic message for ``varianten[1].leika``
    gives way to PK-S014's, which says why (as for ``leika``)."""
    result = validate([_register(tmp_path, "9901000100100")], ValidateOptions(use_cache=False))
    found = [(p.rule, p.element, p.line) for p in result.problems]
    assert found == [("PK-S014", "varianten[1].leika", 10)], result.problems


def test_variant_key_taken_by_another_steckbrief(tmp_path: Path) -> None:
    root = _register(tmp_path, '"99010001001008"')
    (root / "steckbriefe" / "berufsausbildung.yaml").write_text(
        'id: berufsausbildung\nname: Aufenthaltserlaubnis zur Berufsausbildung erteilen\n'
        'produkt:\n  bereich: "02"\norganisationseinheit: Ausländerbehörde\n'
        'leika: "99010001001008"\n', encoding="utf-8")
    result = validate([root], ValidateOptions(use_cache=False))
    found = [(p.rule, p.file, p.line, p.related) for p in result.problems]
    assert found == [("PK-S023", "steckbriefe/berufsausbildung.yaml", 6,
                      ("steckbriefe/aufenthaltserlaubnis-erteilen.yaml",))]


def test_facts_carry_every_key_and_survive_the_cache_form(tmp_path: Path) -> None:
    root = _register(tmp_path, '"99010001001008"')
    facts = register_facts(load_register(root))
    (sb,) = facts.steckbriefe
    assert [(r.key, r.feld, r.line) for r in sb.leika] == [
        ("99010001001009", "leika", 6),
        ("99010001001027", "varianten[0].leika", 8),
        ("99010001001008", "varianten[1].leika", 10),
    ]
    assert SteckbriefFacts.from_json(sb.to_json()) == sb


def test_process_keys_main_then_variants_without_source_or_repeats() -> None:
    data = {"leika": "99010001001009", "quelle": {"leika": "99010003001004"},
            "varianten": [{"leika": "99010001001027", "name": "a"},
                          {"leika": "99010001001009", "name": "b"},
                          {"leika": 5, "name": "c"}, "kein Eintrag"]}
    assert process_keys(data) == ["99010001001009", "99010001001027"]
