"""The Lasso and Ridge, single fits and regularisation paths (chapter 4)."""

from __future__ import annotations

__all__: list[str] = []
