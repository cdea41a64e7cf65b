"""Figures of chapter 2: fits under contamination and where robustness ends."""

from __future__ import annotations

__all__: list[str] = []
