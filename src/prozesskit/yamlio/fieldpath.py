"""A position in a YAML document as users read it; imports nothing.

The schema layer (pydantic's error locations) and the rule runner (a finding's path)
both name fields this way, and neither should have to import the other for it.
"""

from __future__ import annotations


def field_path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """``('modelle', 0, 'datei')`` → ``modelle[0].datei``, as users see YAML."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
