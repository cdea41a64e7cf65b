"""Linear regression under L1, L2 and Huber losses (chapter 2)."""

from __future__ import annotations

__all__: list[str] = []
