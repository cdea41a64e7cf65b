"""Seeded experiments of chapter 3: which methods reach exact zeros."""

from __future__ import annotations

__all__: list[str] = []
