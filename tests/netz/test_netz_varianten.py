"""netz matches by every LeiKa key of a Steckbrief: one member keeps a process with variants,
others keep one Steckbrief per LeiKa-Leistung (as the catalogue did before 2026.2)."""

from __future__ import annotations

from pathlib import Path

from prozesskit.netz.load import Member
from prozesskit.netz.matrix import build_matrix
from prozesskit.netz.report import render_matrix
from prozesskit.register.sources import load_register

MANIFEST = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S006" / \
    "valid-register" / "prozesskit.yaml"


def _member(root: Path, name: str, steckbriefe: dict[str, str]) -> Member:
    (root / "steckbriefe").mkdir(parents=True)
    (root / "prozesskit.yaml").write_bytes(MANIFEST.read_bytes())
    for sid, rest in steckbriefe.items():
        (root / "steckbriefe" / f"{sid}.yaml").write_text(
            f'id: {sid}\nprodukt:\n  bereich: "02"\n{rest}', encoding="utf-8")
    return Member(name, None, None, str(root), load_register(root))


MERGED = """\
name: Aufenthaltserlaubnis erteilen
leika: "99010001001009"
varianten:
  - {leika: "99010001001027", name: zum Studium}
  - {leika: "99010001001008", name: zur Berufsausbildung}
"""


def test_rows_match_by_variant_keys_and_say_so(tmp_path: Path) -> None:
    a = _member(tmp_path / "a", "Kreis A", {"aufenthaltserlaubnis-erteilen": MERGED})
    b = _member(tmp_path / "b", "Kreis B", {
        "ae-beschaeftigung": 'name: Aufenthaltserlaubnis zur Beschäftigung erteilen\n'
                             'leika: "99010001001009"\n',
        "ae-studium": 'name: Aufenthaltserlaubnis zum Studium erteilen\n'
                      'leika: "99010001001027"\n',
        "ae-ausbildung": 'name: Aufenthaltserlaubnis zur Berufsausbildung erteilen\n'
                         'leika: "99010001001008"\n'})
    # C merged too, but chose another main key: its main key is A's variant
    c = _member(tmp_path / "c", "Kreis C", {"aufenthalt": """\
name: Aufenthaltstitel erteilen
leika: "99010001001027"
varianten:
  - {leika: "99010001001009", name: zur Beschäftigung}
"""})
    matrix = build_matrix([a, b, c])
    by_name = {p.name: p for p in matrix.processes}
    row = by_name["Aufenthaltserlaubnis erteilen"]
    assert {m: (cell.id, cell.regel) for m, cell in row.cells.items()} == {
        "Kreis A": ("aufenthaltserlaubnis-erteilen", None),
        "Kreis B": ("ae-beschaeftigung", "leika"),
        "Kreis C": ("aufenthalt", "variante"),
    }
    # B's other two Leistungen are A's variants too, but B has a cell in that row already:
    # two Steckbriefe of one member never share a row
    assert sorted(p.name for p in matrix.processes) == [
        "Aufenthaltserlaubnis erteilen", "Aufenthaltserlaubnis zum Studium erteilen",
        "Aufenthaltserlaubnis zur Berufsausbildung erteilen"]
    text = render_matrix(matrix, "text")
    assert "LeiKa-Schlüssel einer Variante" in text


def test_variant_key_of_the_row_matches_a_single_leistung(tmp_path: Path) -> None:
    a = _member(tmp_path / "a", "Kreis A", {"aufenthaltserlaubnis-erteilen": MERGED})
    b = _member(tmp_path / "b", "Kreis B", {
        "ae-studium": 'name: Aufenthaltserlaubnis zum Studium erteilen\n'
                      'leika: "99010001001027"\n'})
    (row,) = build_matrix([a, b]).processes
    assert row.cells["Kreis B"].regel == "variante"
