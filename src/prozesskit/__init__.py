"""prozesskit: Prozessregister als Code.

The public API is what ``__all__`` names; everything else may change between versions.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
