"""Figures of chapter 4: norm balls and coefficient paths."""

from __future__ import annotations

__all__: list[str] = []
