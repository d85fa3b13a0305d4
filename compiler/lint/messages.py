"""Message templates: ``{name}``-style fields filled from the record and the hit, nothing else.

Only plain lookups of dotted names are supported — rule text is data, never code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def _lookup(fields: Mapping[str, Any], name: str) -> Any:
    if name in fields:
        return fields[name]
    value: Any = fields
    for part in name.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return None
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def render(template: str, fields: Mapping[str, Any]) -> str:
    """Fill ``{field}`` placeholders; an unknown or absent field is shown as “（未填写）”."""

    def fill(match: re.Match[str]) -> str:
        value = _lookup(fields, match.group(1))
        return "（未填写）" if value is None else _text(value)

    return _FIELD.sub(fill, template)
