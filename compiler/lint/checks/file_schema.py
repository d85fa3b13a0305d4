"""``json-schema``: every file against the JSON Schema of its kind, one finding per violation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from compiler.lint.checks import Hit, register
from compiler.lint.checks.selection import no_retrieval
from compiler.lint.records import ENTRY_KEYS, Record
from compiler.lint.schema_messages import describe

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule

_CACHE: dict[str, Any] = {}


def _record(source: Any, pointer: tuple[Any, ...]) -> Record | None:
    """The entry (item, scenario, policy…) a violation lies in, so the finding names its code."""
    data = source.data
    if source.kind is None or not isinstance(data, dict):
        return None
    key = ENTRY_KEYS[source.kind]
    if key is None:
        return Record(source, source.kind, (), data)
    values = data.get(key)
    if len(pointer) < 2 or pointer[0] != key or not isinstance(values, list):
        return None
    index = pointer[1]
    if not isinstance(index, int) or not 0 <= index < len(values):
        return None
    value = values[index]
    return Record(source, source.kind, (key, index), value) if isinstance(value, dict) else None


def _validator(schema: Any) -> Any:
    """Compiled once per schema content (never by object identity: ids are reused)."""
    key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    if key not in _CACHE:
        _CACHE[key] = jsonschema_rs.validator_for(
            schema, validate_formats=True, retriever=no_retrieval
        )
    return _CACHE[key]


@register("json-schema")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for source in ctx.sources:
        if not source.readable:
            continue
        if source.kind is None:
            yield Hit(
                source,
                (),
                message="文件不在目录格式约定的位置（catalog.yaml、data-elements.yaml、materials.yaml "
                "或各清单文件夹下），未被检查",
            )
            continue
        schema = ctx.schemas.get(source.kind.schema_file)
        if schema is None:
            continue
        if source.data is None:
            yield Hit(source, (), message="文件为空")
            continue
        validator = _validator(schema)
        if validator.is_valid(source.data):
            continue
        seen: set[tuple[Any, ...]] = set()
        for error in validator.iter_errors(source.data):
            for pointer, message in describe(error, source, dict(schema)):
                key = (pointer, message)
                if key not in seen:
                    seen.add(key)
                    yield Hit(source, pointer, _record(source, tuple(pointer)), message=message)
