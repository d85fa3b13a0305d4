"""YAML written as text: every string a JSON string, which is a YAML 1.2 double-quoted scalar."""

from __future__ import annotations

import json
from collections.abc import Iterable

_QUOTED: dict[str, str] = {}


def q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (a JSON string), memoised: most strings repeat."""
    out = _QUOTED.get(text)
    if out is None:
        out = json.dumps(text, ensure_ascii=False)
        if len(_QUOTED) < 500_000:
            _QUOTED[text] = out
    return out


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def flow_map(pairs: Iterable[tuple[str, str]]) -> str:
    """A flow mapping from already-rendered values."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def yes(value: bool) -> str:
    return "true" if value else "false"
