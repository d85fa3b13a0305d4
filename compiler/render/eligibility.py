"""A 免申即享 policy's eligibility (a JSON Schema over data elements) as Chinese sentences.

``{"properties": {"enterprise.insured_months": {"minimum": 12}}}`` reads
“连续参保月数不少于 12”. Subjects are the data elements' labels (数据元名称); numbers are
written as given (``12.0`` → ``12``, ``0.055`` stays ``0.055``). A keyword without a
wording of its own is still shown, as ``keyword: value``: a condition is never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


#: keywords that describe rather than constrain
_ANNOTATIONS = frozenset(
    {
        "type",
        "title",
        "description",
        "$schema",
        "$id",
        "$comment",
        "examples",
        "default",
        "additionalProperties",
        "unevaluatedProperties",
    }
)
_FORMATS = {"date": "日期", "date-time": "日期时间", "email": "电子邮箱地址", "uri": "网址"}


def describe_eligibility(schema: Any, elements: Mapping[str, Labelled]) -> list[str]:
    """The conditions of ``schema`` as sentences without end punctuation, in schema order."""
    return _Describer(elements).object_sentences(schema, "")


def number(value: Any) -> str:
    """A JSON number as written: no trailing ``.0``; other values as compact JSON."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _json(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "“是”" if value else "“否”"
    if isinstance(value, str):
        return f"“{value}”"
    return number(value)


def _one_of_values(values: Sequence[Any]) -> str:
    shown = [_value(v) for v in values]
    if len(shown) == 1:
        return f"为{shown[0]}"
    return f"为{'、'.join(shown[:-1])}或{shown[-1]}"


def _bounded(word: str) -> Callable[[Any], str]:
    return lambda bound: f"{word} {number(bound)}"


#: property keywords with a wording of their own, in the order they are read out
_PREDICATES: dict[str, Callable[[Any], str]] = {
    "const": lambda value: _one_of_values([value]),
    "enum": lambda values: _one_of_values(list(values)) if values else "无可取值",
    "minimum": _bounded("不少于"),
    "exclusiveMinimum": _bounded("大于"),
    "maximum": _bounded("不高于"),
    "exclusiveMaximum": _bounded("小于"),
    "minLength": lambda n: f"不少于 {number(n)} 个字符",
    "maxLength": lambda n: f"不超过 {number(n)} 个字符",
    "pattern": lambda pattern: f"符合格式“{pattern}”",
    "format": lambda name: f"为有效的{_FORMATS.get(name, str(name))}",
}


#: verbs that may follow 是否 in a yes/no label, with their negation (未 for a deed, 不 for a state)
_NEGATIONS = {
    "存在": "不存在",
    "属于": "不属于",
    "具有": "不具有",
    "享受": "未享受",
    "持有": "未持有",
    "参加": "未参加",
    "列入": "未列入",
    "纳入": "未纳入",
    "取得": "未取得",
    "办理": "未办理",
    "缴纳": "未缴纳",
    "签订": "未签订",
    "获得": "未获得",
    "受到": "未受到",
    "发生": "未发生",
}


def _yes_no(label: str, schema: Any) -> str | None:
    """``是否存在欠缴: {const: false}`` reads “不存在欠缴”; None where no verb is known."""
    if not (isinstance(schema, Mapping) and isinstance(schema.get("const"), bool)):
        return None
    if set(schema) - _ANNOTATIONS != {"const"} or not label.startswith("是否"):
        return None
    rest = label[2:]
    for verb, negation in _NEGATIONS.items():
        if rest.startswith(verb):
            return rest if schema["const"] else negation + rest[len(verb) :]
    return None


class _Describer:
    def __init__(self, elements: Mapping[str, Labelled]) -> None:
        self.elements = elements

    def label(self, key: str) -> str:
        """The element's label; a nested name is tried as a full key too, else shown as is."""
        for candidate in (key, key.split(".", 1)[-1]):
            element = self.elements.get(candidate)
            if element is not None:
                return element.label
        return key

    def object_sentences(self, schema: Any, prefix: str) -> list[str]:
        if schema is True or schema == {}:
            return []
        if schema is False:
            return ["不符合任何条件"]
        if not isinstance(schema, Mapping):
            return [f"满足条件 {_json(schema)}"]
        sentences: list[str] = []
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = [str(name) for name in schema.get("required") or []]
        for name, sub in properties.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            sentences += self.property_sentences(key, sub, name in required)
        for name in required:
            if name not in properties:
                key = f"{prefix}.{name}" if prefix else name
                sentences.append(f"{self.label(key)}须有记录")
        for keyword, value in schema.items():
            if keyword in ("properties", "required") or keyword in _ANNOTATIONS:
                continue
            sentences += self.combinator(keyword, value, prefix)
        return sentences

    def combinator(self, keyword: str, value: Any, prefix: str) -> list[str]:
        if keyword == "allOf" and isinstance(value, list):
            return [s for sub in value for s in self.object_sentences(sub, prefix)]
        if keyword in ("anyOf", "oneOf") and isinstance(value, list):
            options = [
                f"（{index}）{'，且'.join(self.object_sentences(sub, prefix)) or '无条件'}"
                for index, sub in enumerate(value, 1)
            ]
            lead = "满足以下任一条件" if keyword == "anyOf" else "满足以下条件之一且仅满足一项"
            return [f"{lead}：{'；'.join(options)}"]
        if keyword == "not":
            inner = "，且".join(self.object_sentences(value, prefix)) or "无条件"
            return [f"不满足：{inner}"]
        return [f"满足条件 {keyword}: {_json(value)}"]

    def property_sentences(self, key: str, schema: Any, required: bool) -> list[str]:
        label = self.label(key)
        if isinstance(schema, Mapping) and "properties" in schema:
            nested = self.object_sentences(schema, key)
            return nested or ([f"{label}须有记录"] if required else [])
        if schema is False:
            return [f"不得有{label}记录"]
        predicates = self.predicates(schema)
        if not predicates:
            return [f"{label}须有记录"] if required else []
        sentence = _yes_no(label, schema) or label + "，且".join(predicates)
        return [sentence if required else f"{sentence}（有该项数据时）"]

    def predicates(self, schema: Any) -> list[str]:
        """What a property's schema asks of its value, each without the subject."""
        if not isinstance(schema, Mapping):
            return [] if schema is True else [f"满足 {_json(schema)}"]
        found = [wording(schema[kw]) for kw, wording in _PREDICATES.items() if kw in schema]
        for keyword, value in schema.items():
            if keyword in _PREDICATES or keyword in _ANNOTATIONS:
                continue
            if keyword == "allOf" and isinstance(value, list):
                found += [p for sub in value for p in self.predicates(sub)]
            elif keyword in ("anyOf", "oneOf") and isinstance(value, list):
                options = ["，且".join(self.predicates(sub)) or "无限制" for sub in value]
                found.append("或".join(options))
            elif keyword == "not":
                inner = self.predicates(value)
                if len(inner) == 1 and inner[0].startswith("为"):
                    found.append("不" + inner[0])
                else:
                    found.append(f"不满足“{'，且'.join(inner) or '无限制'}”")
            else:
                found.append(f"满足 {keyword}: {_json(value)}")
        return found
