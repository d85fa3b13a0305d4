"""Shared by checks: the ``select``/``files``/``where`` parameters and ``cases``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from compiler.lint.records import Record
from compiler.load.kinds import FileKind

if TYPE_CHECKING:
    from compiler.lint.context import LintContext

_VALIDATORS: dict[str, Any] = {}


def no_retrieval(uri: str) -> Any:
    """The JSON Schema validator's retriever: a ``$ref`` to a URL is never fetched (rules and
    schemas are read from the project only; lint makes no network requests)."""
    raise ValueError(f"不读取外部引用 {uri}")


def validator(schema: Mapping[str, Any]) -> Any:
    """A compiled JSON Schema (draft 2020-12), cached by its content."""
    import json

    from compiler.lint.rules import RulebookError

    key = json.dumps(schema, sort_keys=True, ensure_ascii=False, default=str)
    found = _VALIDATORS.get(key)
    if found is None:
        body = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        try:
            found = jsonschema_rs.validator_for(body, validate_formats=True, retriever=no_retrieval)
        except ValueError as err:  # jsonschema_rs.ValidationError: not a usable schema
            raise RulebookError(f"规则参数中的 JSON Schema 无效：{str(err).splitlines()[0]}") from err
        _VALIDATORS[key] = found
    return found


def cases(params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A rule's parameters as a list of cases (``cases:`` or the parameters themselves)."""
    listed = params.get("cases")
    if isinstance(listed, list):
        return [{**{k: v for k, v in params.items() if k != "cases"}, **case} for case in listed]
    return [params]


def selected(ctx: LintContext, params: Mapping[str, Any]) -> Iterator[Record]:
    """The records a case applies to: ``select`` kinds (``files: true`` for whole files),
    filtered by the JSON Schema ``where``."""
    kinds = params.get("select", [])
    if isinstance(kinds, str):
        kinds = [kinds]
    unknown = [kind for kind in kinds if kind not in {k.value for k in FileKind}]
    if unknown:
        from compiler.lint.rules import RulebookError

        raise RulebookError(f"规则参数 select 中的 {unknown[0]!r} 不是目录文件类型")
    where = params.get("where")
    test = validator(where) if isinstance(where, Mapping) else None
    for record in ctx.select(kinds, files=bool(params.get("files", False))):
        if test is None or test.is_valid(record.data):
            yield record
