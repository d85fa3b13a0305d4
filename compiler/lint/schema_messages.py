"""JSON Schema violations said in Chinese, at the offending key, with the key's Chinese title."""

from __future__ import annotations

import re
from typing import Any

from compiler.load.locate import Pointer
from compiler.load.source import SourceFile

_TYPES = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "boolean": "布尔值（true 或 false）",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值",
}
_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*\Z")


def _type_of(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "数值"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    return "映射"


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            break
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
        seen += 1
    return node


def _branches(schema: dict[str, Any], node: Any) -> list[Any]:
    found = []
    if isinstance(node, dict) and "$ref" in node and "title" in node:
        found.append({k: v for k, v in node.items() if k in ("title", "description")})
    node = _resolve(schema, node)
    found.append(node)
    if isinstance(node, dict):
        for key in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(key, []):
                found.extend(_branches(schema, branch))
        for key in ("then", "else"):
            if key in node:
                found.extend(_branches(schema, node[key]))
    return found


def subschema(schema: dict[str, Any], pointer: Pointer) -> dict[str, Any]:
    """The (first) schema that governs the value at ``pointer``."""
    nodes = _branches(schema, schema)
    for step in pointer:
        following: list[Any] = []
        for node in nodes:
            if not isinstance(node, dict):
                continue
            if isinstance(step, int) and "items" in node:
                following.extend(_branches(schema, node["items"]))
            props = node.get("properties", {})
            if isinstance(step, str) and step in props:
                following.extend(_branches(schema, props[step]))
        nodes = following
        if not nodes:
            return {}
    titled = next((n for n in nodes if isinstance(n, dict) and "title" in n), None)
    body = next((n for n in nodes if isinstance(n, dict) and "properties" in n), None)
    if titled is not None and body is not None and titled is not body:
        return {**body, "title": titled["title"], "description": titled.get("description", "")}
    if titled is not None:
        return titled
    return next((n for n in nodes if isinstance(n, dict)), {})


def title_at(schema: dict[str, Any], pointer: Pointer) -> str:
    if not pointer:
        return "文件"
    node = subschema(schema, pointer)
    title = node.get("title")
    last = pointer[-1]
    name = f"第 {last + 1} 项" if isinstance(last, int) else str(last)
    if title and isinstance(last, str):
        return f"{last}（{title}）"
    if isinstance(last, int) and len(pointer) > 1:
        return f"{title_at(schema, pointer[:-1])}{name}"
    return name


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def _closest_branch(kind: Any, path: Pointer) -> list[Any]:
    """The errors of the alternative the value most nearly matches (not one of another type)."""
    try:
        branches = [list(errors) for errors in kind.context]
    except (AttributeError, TypeError):
        return []
    candidates = [
        errors
        for errors in branches
        if errors
        and not any(
            tuple(e.instance_path) == path and _kind_name(e) == "type" for e in errors
        )
    ]
    if len(candidates) != 1:
        return []
    return candidates[0]


def _kind_name(error: Any) -> str:
    kind = error.kind
    name = str(kind.name if hasattr(kind, "name") else type(kind).__name__)
    return name[:1].lower() + name[1:]


def describe(error: Any, source: SourceFile, schema: dict[str, Any]) -> list[tuple[Pointer, str]]:
    """(pointer, message) pairs for one jsonschema_rs error."""
    path: Pointer = tuple(error.instance_path)
    kind = error.kind
    name = _kind_name(error)
    where = title_at(schema, path)
    value = error.instance
    if name == "required":
        prop = str(kind.property)
        child = title_at(schema, (*path, prop))
        return [(path, f"缺少必填项 {child}")]
    if name == "additionalProperties":
        allowed = sorted(subschema(schema, path).get("properties", {}))
        hint = f"；允许的键：{'、'.join(allowed)}" if allowed else ""
        return [
            ((*path, str(key)), f"未知的键 “{key}”（可能拼写有误{hint}）")
            for key in kind.unexpected
        ]
    if name == "type":
        expected = "或".join(_TYPES.get(str(t), str(t)) for t in kind.types)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and "string" in kind.types:
            spot = source.locate(path)
            raw = spot.raw if spot.raw is not None else str(value)
            if spot.plain and _DIGITS.match(raw):
                coded = "编码" in where or str(path[-1] if path else "").endswith("code")
                advice = "请为编码加引号" if coded else "请加引号"
                return [(path, f"{where} 写成了未加引号的数字 {raw}，会被读作数值：{advice}，写作 \"{raw}\"")]
        return [(path, f"{where} 应为{expected}，实际是{_type_of(value)} {_show(value)}")]
    if name == "enum":
        options = "、".join(str(o) for o in kind.options)
        return [(path, f"{where} 的值 {_show(value)} 不在允许范围内，应为：{options}")]
    if name == "const":
        return [(path, f"{where} 的值应为 {_show(kind.expected_value)}")]
    if name == "format":
        if kind.format == "date":
            return [(path, f"{where} 的值 {_show(value)} 不是有效日期，应写作 YYYY-MM-DD")]
        return [(path, f"{where} 的值 {_show(value)} 不符合 {kind.format} 格式")]
    if name == "pattern":
        rule = subschema(schema, path).get("description", "")
        extra = f"（{rule}）" if rule else ""
        return [(path, f"{where} 的值 {_show(value)} 格式不正确{extra}，应匹配 {kind.pattern}")]
    if name in ("minimum", "exclusiveMinimum"):
        return [(path, f"{where} 的值 {_show(value)} 小于允许的最小值 {kind.limit}")]
    if name in ("maximum", "exclusiveMaximum"):
        return [(path, f"{where} 的值 {_show(value)} 大于允许的最大值 {kind.limit}")]
    if name == "minItems":
        return [(path, f"{where} 至少应有 {kind.limit} 项")]
    if name == "maxItems":
        return [(path, f"{where} 至多只能有 {kind.limit} 项")]
    if name == "minLength":
        return [(path, f"{where} 至少应有 {kind.limit} 个字符")]
    if name == "maxLength":
        return [(path, f"{where} 的值过长，至多 {kind.limit} 个字符")]
    if name == "uniqueItems":
        return [(path, f"{where} 中有重复的项")]
    if name in ("anyOf", "oneOfNotValid"):
        closest = _closest_branch(kind, path)
        if closest:
            found: list[tuple[Pointer, str]] = []
            for inner in closest:
                found.extend(describe(inner, source, schema))
            return found
        return [(path, f"{where} 的写法不符合任何一种允许的形式")]
    if name == "oneOfMultipleValid":
        return [(path, f"{where} 同时符合多种写法，含义不明确")]
    if name == "falseSchema":
        return [(path, f"此处不允许出现 {where}")]
    return [(path, f"{where}：{error.message}")]
