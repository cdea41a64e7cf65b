"""Figures of chapter 3: (sub)gradient fields and iterate trajectories."""

from __future__ import annotations

__all__: list[str] = []
