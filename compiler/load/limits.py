"""The loader's resource limits, apart from the parser so that reading the configuration
(every command, the warm lint path included) does not import libyaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Limits:
    """Bounds on one file: bytes, nesting depth and nodes (aliases counted as expanded)."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 100
    max_nodes: int = 2_000_000
