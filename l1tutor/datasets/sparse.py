"""Sparse regression problems and the diabetes data (chapter 4)."""

from __future__ import annotations

__all__: list[str] = []
