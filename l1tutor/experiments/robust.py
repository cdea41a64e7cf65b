"""Seeded simulations of chapter 2: fits under growing contamination, breakdown."""

from __future__ import annotations

__all__: list[str] = []
