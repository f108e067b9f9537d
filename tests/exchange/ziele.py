"""Target registers for unpack tests and how to compare them."""

from __future__ import annotations

from pathlib import Path

MINIMAL = ('format: 1\nkommune:\n  name: Gemeinde Empfang\n  schluessel: "05999002"\n'
           "  typ: gemeinde\nproduktrahmen: NKF-NRW\n")


def fresh_register(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "prozesskit.yaml").write_text(MINIMAL, encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}
