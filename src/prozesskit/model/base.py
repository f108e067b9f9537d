"""The base of every model users write (Steckbrief, manifest, conventions)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not pass silently); values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
