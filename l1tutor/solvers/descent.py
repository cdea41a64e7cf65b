"""Subgradient descent and proximal gradient with full iterate histories (chapter 3)."""

from __future__ import annotations

__all__: list[str] = []
