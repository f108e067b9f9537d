"""The base of every model users write (Steckbrief, manifest, conventions)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not pass silently); values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def schema_texts(title: str, description: str, **extra: Any) -> ConfigDict:
    """German title and description of a model in the JSON Schema (what VS Code shows).

    The class docstring stays the developers' English note on *why*; users read these.
    ``extra`` adds schema keywords, e.g. conditions pydantic cannot derive (``if``/``then``).
    """
    return ConfigDict(title=title, json_schema_extra={"description": description, **extra})
