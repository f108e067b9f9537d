"""``leika vorschlagen`` sees variant keys: a key the register already has, as a variant of
the Steckbrief itself or as any key of another one, is never proposed (writing it would make
PK-S022's or PK-S023's duplicate)."""

from __future__ import annotations

from pathlib import Path

from prozesskit.leika.catalog import load_catalog
from prozesskit.leika.suggest import suggest_register

MANIFEST = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "PK-S006" / \
    "valid-register" / "prozesskit.yaml"
AUSSTELLEN = "99008001012000"  # Personalausweis Ausstellung: the plain best proposal
ERSTMALS = "99008001012001"


def _register(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "steckbriefe").mkdir()
    (tmp_path / "prozesskit.yaml").write_bytes(MANIFEST.read_bytes())
    for sid, rest in files.items():
        (tmp_path / "steckbriefe" / f"{sid}.yaml").write_text(
            f'id: {sid}\nname: Personalausweis ausstellen\nprodukt:\n  bereich: "02"\n{rest}',
            encoding="utf-8")
    return tmp_path


def _keys(root: Path) -> list[str]:
    """What ``vorschlagen`` shows: the proposals, else the candidates to check by hand."""
    (vorschlag,) = suggest_register(root, load_catalog(), limit=10)
    return [hit.leistung.key for hit in vorschlag.hits or vorschlag.unsicher]


def test_plain_proposal_is_the_key(tmp_path: Path) -> None:
    assert _keys(_register(tmp_path, {"ausweis": ""}))[0] == AUSSTELLEN


def test_own_variant_key_is_not_proposed(tmp_path: Path) -> None:
    root = _register(tmp_path, {"ausweis": f'varianten:\n  - leika: "{AUSSTELLEN}"\n'
                                           '    name: Regelfall\n'})
    keys = _keys(root)
    assert keys and AUSSTELLEN not in keys
    # nor a detail of it whose words the Steckbrief does not say ("… für Deutsche im
    # Ausland"): it would only stand in for the taken key
    assert not [key for key in keys if key.startswith(AUSSTELLEN[:11])]


def test_key_of_another_steckbrief_is_not_proposed(tmp_path: Path) -> None:
    root = _register(tmp_path, {
        "ausweis": "",
        "ausweis-erstmals": f'leika: "{ERSTMALS}"\nvarianten:\n  - leika: "{AUSSTELLEN}"\n'
                            '    name: Regelfall\n'})
    keys = _keys(root)
    assert keys and AUSSTELLEN not in keys and ERSTMALS not in keys
