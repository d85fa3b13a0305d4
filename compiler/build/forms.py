"""A MergedForm as JSON Schema draft 2020-12 and as a Formily schema (forms/<code>.*.json).

Both carry the same facts: each data element once with its label, type and constraints from the
数据元目录, whether it is required, whether it is prefilled (免填写) and from which source, which
items ask for it (provenance) and, for a field only optional items ask for, the 情形 question.
Keys of the JSON Schema are the data-element keys; its ``x-sections`` keeps the display order
(the serializer sorts keys). Formily treats a dotted key as a path: ``applicant.name`` is the
value ``{"applicant": {"name": …}}``.
"""

from __future__ import annotations

from typing import Any

from compiler.build.artifacts import MergedField, MergedForm
from compiler.build.json_text import to_json
from compiler.build.output import safe_name

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

#: 数据元类型 → JSON Schema keywords
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "文本": {"type": "string"},
    "整数": {"type": "integer"},
    "数值": {"type": "number"},
    "日期": {"type": "string", "format": "date"},
    "布尔": {"type": "boolean"},
    "枚举": {"type": "string"},
    "身份证号": {"type": "string", "pattern": "^[1-9][0-9]{16}[0-9X]$"},
    "统一社会信用代码": {"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"},
    "手机号": {"type": "string", "pattern": "^1[3-9][0-9]{9}$"},
    "固定电话": {"type": "string", "pattern": "^0[0-9]{2,3}-?[0-9]{7,8}$"},
    "地址": {"type": "string"},
}

#: 数据元类型 → Formily x-component (Ant Design / Fusion component names)
_COMPONENTS: dict[str, str] = {
    "整数": "NumberPicker",
    "数值": "NumberPicker",
    "日期": "DatePicker",
    "布尔": "Switch",
    "枚举": "Select",
    "地址": "Input.TextArea",
}


def _note(field: MergedField) -> str:
    parts = []
    if field.prefilled:
        parts.append(f"免填写：由{field.source_name or field.source}共享预填")
    if field.situation:
        parts.append(f"仅在“{field.situation}”时填写")
    return "；".join(parts)


def field_schema(field: MergedField) -> dict[str, Any]:
    """One property of the JSON Schema."""
    schema: dict[str, Any] = {
        "title": field.label,
        **_JSON_TYPES.get(field.type, {"type": "string"}),
    }
    if field.options:
        schema["enum"] = list(field.options)
    if field.max_length is not None and schema["type"] == "string":
        schema["maxLength"] = field.max_length
    if note := _note(field):
        schema["description"] = note
    schema["x-element-type"] = field.type
    schema["x-section"] = field.section
    schema["x-asked-by"] = list(field.asked_by)
    schema["x-prefilled"] = field.prefilled
    if field.source is not None:
        schema["x-source"] = field.source
    if field.situation is not None:
        schema["x-situation"] = field.situation
    return schema


def json_schema(form: MergedForm) -> dict[str, Any]:
    """The merged form as a JSON Schema draft 2020-12 document."""
    fields = form.fields
    return {
        "$schema": DRAFT_2020_12,
        "$id": f"{safe_name(form.code)}.schema.json",
        "title": form.title,
        "type": "object",
        "properties": {field.key: field_schema(field) for field in fields},
        "required": [field.key for field in fields if field.required and field.situation is None],
        "additionalProperties": False,
        "x-scenario": form.code,
        "x-sections": [
            {"title": title, "fields": [field.key for field in group]}
            for title, group in form.sections
        ],
    }


def _formily_field(field: MergedField, index: int) -> dict[str, Any]:
    schema = field_schema(field)
    node: dict[str, Any] = {
        "type": schema["type"],
        "title": field.label,
        "required": field.required and field.situation is None,
        "x-decorator": "FormItem",
        "x-component": _COMPONENTS.get(field.type, "Input"),
        "x-index": index,
        "x-asked-by": list(field.asked_by),
    }
    if field.options:
        node["enum"] = [{"label": option, "value": option} for option in field.options]
    props: dict[str, Any] = {}
    if field.max_length is not None and schema["type"] == "string":
        props["maxLength"] = field.max_length
    if field.type == "日期":
        props["format"] = "YYYY-MM-DD"
    if props:
        node["x-component-props"] = props
    if "pattern" in schema:
        node["x-validator"] = [
            {"pattern": schema["pattern"], "message": f"请输入正确的{field.type}"}
        ]
    if note := _note(field):
        node["description"] = note
        node["x-decorator-props"] = {"tooltip": note}
    if field.prefilled:
        node["x-pattern"] = "readOnly"
        node["x-data"] = {"prefilled": True, "source": field.source}
    if field.situation is not None:
        node["x-data"] = {**node.get("x-data", {}), "situation": field.situation}
    return node


def formily_schema(form: MergedForm) -> dict[str, Any]:
    """The merged form as a Formily ISchema: one void Card per section, FormItem fields."""
    sections: dict[str, Any] = {}
    index = 0
    for number, (title, group) in enumerate(form.sections, start=1):
        properties: dict[str, Any] = {}
        for field in group:
            properties[field.key] = _formily_field(field, index)
            index += 1
        sections[f"section{number:02d}"] = {
            "type": "void",
            "title": title,
            "x-component": "Card",
            "x-component-props": {"title": title},
            "x-index": number - 1,
            "properties": properties,
        }
    return {
        "type": "object",
        "title": form.title,
        "x-scenario": form.code,
        "properties": sections,
    }


def form_bytes(form: MergedForm) -> tuple[bytes, bytes]:
    """forms/<code>.schema.json and forms/<code>.formily.json of one merged form (the files of
    every scenario: ``scenario_outputs.form_files``)."""
    return to_json(json_schema(form)), to_json(formily_schema(form))
