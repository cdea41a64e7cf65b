"""Seeded experiments of chapter 4: support recovery of the Lasso against Ridge."""

from __future__ import annotations

__all__: list[str] = []
