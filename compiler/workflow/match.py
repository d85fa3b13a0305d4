"""``zwfw match``: which entities qualify for a 免申即享 policy, and for the others which
conditions failed.

    policy (no-application-benefits/) ─┐
    data-elements.yaml (types) ─────────┼─> per row: cells → typed values → eligibility schema
    entity table (CSV / XLSX) ──────────┘        └─> eligible | ineligible (failed keys) | errors

A cell that does not convert to its element's type is reported in ``errors`` and counts as a
failed condition when the eligibility uses that element; it never stops the run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.workflow.match_table import Table, TableUnreadable, convert, read_table
from compiler.workflow.xlsx_catalog import read_plain
from compiler.workflow.xlsx_cells import cell_text


class PolicyMissing(Exception):
    """No such policy, or its eligibility is not a usable JSON Schema (exit 2)."""


@dataclass(slots=True)
class MatchSettings:
    policy: str
    entities: Path
    catalog: Path


@dataclass(slots=True)
class MatchResult:
    policy: str
    eligible: list[str] = field(default_factory=list)
    ineligible: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    order: list[tuple[str, bool, list[str]]] = field(default_factory=list)  # rows as read

    def to_json(self) -> str:
        document = {"policy": self.policy, "eligible": self.eligible,
                    "ineligible": self.ineligible, "errors": self.errors}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "eligible", "failed"])
        for ident, ok, failed in self.order:
            writer.writerow([ident, "true" if ok else "false", ";".join(failed)])
        return out.getvalue()


def find_policy(catalog: Path, code: str) -> dict[str, Any]:
    folder = catalog / "no-application-benefits"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = read_plain(path, strict=False)
        items = data.get("items") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and str(item.get("code")) == code:
                return item
    raise PolicyMissing(f"目录 {catalog} 中没有编码为 {code} 的免申即享政策（no-application-benefits/）")


@dataclass(frozen=True, slots=True)
class Elements:
    """数据元目录 as matching needs it: each key's type and options; labels (名称) → keys, so
    that a table headed 连续参保月数 reads as enterprise.insured_months."""

    types: dict[str, tuple[str, list[str] | None]]
    labels: dict[str, str]

    @classmethod
    def load(cls, catalog: Path) -> Elements:
        data = read_plain(catalog / "data-elements.yaml", strict=False)
        elements = data.get("elements") if isinstance(data, dict) else None
        types: dict[str, tuple[str, list[str] | None]] = {}
        labels: dict[str, str] = {}
        for element in elements if isinstance(elements, list) else []:
            if isinstance(element, dict) and "key" in element:
                types[str(element["key"])] = (str(element.get("type", "文本")), element.get("options"))
                if isinstance(element.get("label"), str):
                    labels.setdefault(element["label"], str(element["key"]))
        return cls(types, labels)

    def key(self, heading: str) -> str:
        return heading if heading in self.types or heading not in self.labels else self.labels[heading]


def referenced(schema: Any) -> list[str]:
    """The property names a (sub)schema speaks of, in the order written."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("properties", "dependentRequired", "dependentSchemas") and isinstance(value, dict):
                    found.extend(value)
                elif key == "required" and isinstance(value, list):
                    found.extend(str(v) for v in value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return list(dict.fromkeys(found))


def _guess_type(schema: dict[str, Any], key: str) -> str:
    """The type of an element data-elements.yaml does not define, from how the policy uses it."""
    subs = [s for s in _subschemas(schema, key) if isinstance(s, dict)]
    words = {k for s in subs for k in s}
    types = {s.get("type") for s in subs}
    if "boolean" in types:
        return "布尔"
    if "integer" in types:
        return "整数"
    if "number" in types or words & {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}:
        return "数值"
    if any(s.get("format") == "date" for s in subs):
        return "日期"
    return "文本"


def _subschemas(node: Any, key: str) -> Iterator[Any]:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict) and key in properties:
            yield properties[key]
        for value in node.values():
            yield from _subschemas(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _subschemas(value, key)


def failed_keys(errors: Iterable[Any]) -> list[str]:
    """The element keys whose conditions failed, from jsonschema validation errors."""
    keys: list[str] = []
    for error in errors:
        if error.absolute_path:
            keys.append(str(error.absolute_path[0]))
        elif error.validator == "required" and isinstance(error.instance, dict):
            keys.extend(k for k in error.validator_value if k not in error.instance)
        elif error.context:
            keys.extend(failed_keys(error.context))
        else:
            keys.extend(referenced(error.validator_value) or referenced(error.schema) or ["（资格条件）"])
    return list(dict.fromkeys(keys))


def match(settings: MatchSettings) -> MatchResult:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from referencing import Registry
    from referencing.exceptions import Unresolvable

    policy = find_policy(settings.catalog, settings.policy)
    schema = policy.get("eligibility")
    try:
        if not isinstance(schema, dict):
            raise SchemaError("eligibility 不是映射")
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        raise PolicyMissing(f"政策 {settings.policy} 的资格条件（eligibility）不是有效的 JSON Schema：{err.message}") from None
    validator = Draft202012Validator(
        schema,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
        # an explicit registry: without one jsonschema still fetches a $ref to a URL (a
        # deprecated fallback), and a policy's eligibility is catalog data
        registry=Registry(),
    )
    table = read_table(settings.entities)
    elements = Elements.load(settings.catalog)
    used = referenced(schema)
    rank = {key: index for index, key in enumerate(used)}
    result = MatchResult(settings.policy)
    seen: set[str] = set()
    for number, cells in table.rows:
        ident = cell_text(cells[0]) if cells else ""
        if not ident:
            result.errors.append({"id": None, "column": "id", "message": f"第 {number} 行没有 id，未匹配"})
            continue
        if ident in seen:
            result.errors.append({"id": ident, "column": "id", "message": f"第 {number} 行的 id 重复"})
        seen.add(ident)
        instance, bad = _instance(ident, table, cells, elements, schema, result.errors)
        try:
            errors = list(validator.iter_errors(instance))
        except Unresolvable as err:  # a $ref to a document zwfw never fetches
            raise PolicyMissing(
                f"政策 {settings.policy} 的资格条件（eligibility）引用了无法解析的 $ref：{err}"
            ) from None
        failed = failed_keys(errors) + [k for k in bad if k in rank]
        failed = sorted(dict.fromkeys(failed), key=lambda k: (rank.get(k, len(rank)), k))
        result.order.append((ident, not failed, failed))
        if failed:
            result.ineligible.append({"id": ident, "failed": failed})
        else:
            result.eligible.append(ident)
    return result


def _instance(ident: str, table: Table, cells: list[Any], elements: Elements,
              schema: dict[str, Any], errors: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    instance: dict[str, Any] = {}
    bad: list[str] = []
    for index, heading in enumerate(table.columns, start=1):
        value = cells[index] if index < len(cells) else None
        if not heading or cell_text(value) == "":
            continue
        key = elements.key(heading)
        kind, options = elements.types.get(key) or (_guess_type(schema, key), None)
        try:
            instance[key] = convert(value, kind, options)
        except ValueError as err:
            errors.append({"id": ident, "column": heading, "message": f"{err}（{key} 的类型为{kind}）"})
            bad.append(key)
    return instance, bad


__all__ = ["MatchResult", "MatchSettings", "PolicyMissing", "TableUnreadable", "match"]
