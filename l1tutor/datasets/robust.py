"""Seeded data with outliers, heavy tails and leverage points (chapter 2)."""

from __future__ import annotations

__all__: list[str] = []
