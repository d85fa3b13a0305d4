"""免申即享 eligibility as Chinese sentences: table-driven, plus one golden rendering."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from compiler.model.elements import DataElement
from compiler.render.eligibility import describe_eligibility, number

GOLDEN = Path(__file__).parent / "golden" / "render"

ELEMENTS = {
    e.key: e
    for e in (
        DataElement(key="enterprise.insured_months", label="连续参保月数", type="整数"),
        DataElement(key="enterprise.layoff_rate", label="裁员率", type="数值"),
        DataElement(
            key="enterprise.scale",
            label="企业规模",
            type="枚举",
            options=["大型", "中型", "小型", "微型"],
        ),
        DataElement(key="enterprise.dishonest", label="是否列入严重失信主体名单", type="布尔"),
        DataElement(key="enterprise.uscc", label="统一社会信用代码", type="统一社会信用代码"),
        DataElement(key="applicant.age", label="年龄", type="整数"),
        DataElement(key="enterprise.small", label="是否小型微利企业", type="布尔"),
        DataElement(key="enterprise.arrears", label="是否存在社保欠缴", type="布尔"),
        DataElement(key="enterprise.listed", label="是否列入经营异常名录", type="布尔"),
    )
}


def props(required: list[str] | None = None, **properties: Any) -> dict[str, Any]:
    """An object schema whose property names are element keys written with ``__`` for ``.``."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {key.replace("__", "."): value for key, value in properties.items()},
    }
    schema["required"] = required if required is not None else list(schema["properties"])
    return schema


CASES: list[tuple[str, Any, list[str]]] = [
    ("minimum", props(enterprise__insured_months={"minimum": 12}), ["连续参保月数不少于 12"]),
    (
        "maximum ratio as given",
        props(enterprise__layoff_rate={"maximum": 0.055}),
        ["裁员率不高于 0.055"],
    ),
    (
        "float without .0",
        props(enterprise__insured_months={"minimum": 12.0}),
        ["连续参保月数不少于 12"],
    ),
    (
        "exclusive bounds",
        props(applicant__age={"exclusiveMinimum": 18, "exclusiveMaximum": 60}),
        ["年龄大于 18，且小于 60"],
    ),
    ("range", props(applicant__age={"minimum": 16, "maximum": 60}), ["年龄不少于 16，且不高于 60"]),
    (
        "const false",
        props(enterprise__small={"const": False}),
        ["是否小型微利企业为“否”"],
    ),
    (
        "const true",
        props(enterprise__small={"const": True, "type": "boolean"}),
        ["是否小型微利企业为“是”"],
    ),
    ("yes/no label with a verb", props(enterprise__arrears={"const": False}), ["不存在社保欠缴"]),
    (
        "yes/no label, deed",
        props(enterprise__listed={"const": False, "type": "boolean"}),
        ["未列入经营异常名录"],
    ),
    ("yes/no label, yes", props(enterprise__listed={"const": True}), ["列入经营异常名录"]),
    ("const text", props(enterprise__scale={"const": "小型"}), ["企业规模为“小型”"]),
    ("enum", props(enterprise__scale={"enum": ["小型", "微型"]}), ["企业规模为“小型”或“微型”"]),
    (
        "enum of three",
        props(enterprise__scale={"enum": ["中型", "小型", "微型"]}),
        ["企业规模为“中型”、“小型”或“微型”"],
    ),
    ("required without constraint", props(enterprise__uscc={}), ["统一社会信用代码须有记录"]),
    ("required not in properties", {"required": ["enterprise.uscc"]}, ["统一社会信用代码须有记录"]),
    (
        "optional property",
        props([], applicant__age={"minimum": 18}),
        ["年龄不少于 18（有该项数据时）"],
    ),
    ("minLength", props(enterprise__uscc={"minLength": 18}), ["统一社会信用代码不少于 18 个字符"]),
    ("pattern", props(enterprise__uscc={"pattern": "^91"}), ["统一社会信用代码符合格式“^91”"]),
    (
        "unknown keyword kept",
        props(enterprise__uscc={"multipleOf": 2}),
        ["统一社会信用代码满足 multipleOf: 2"],
    ),
    ("not const", props(enterprise__scale={"not": {"const": "大型"}}), ["企业规模不为“大型”"]),
    (
        "anyOf at object level",
        {
            "anyOf": [
                props(enterprise__insured_months={"minimum": 6}),
                props(enterprise__layoff_rate={"exclusiveMaximum": 0.02}),
            ]
        },
        ["满足以下任一条件：（1）连续参保月数不少于 6；（2）裁员率小于 0.02"],
    ),
    (
        "anyOf in a property",
        props(enterprise__scale={"anyOf": [{"const": "小型"}, {"const": "微型"}]}),
        ["企业规模为“小型”或为“微型”"],
    ),
    (
        "allOf",
        {
            "allOf": [
                props(enterprise__insured_months={"minimum": 12}),
                props(enterprise__dishonest={"const": False}),
            ]
        },
        ["连续参保月数不少于 12", "未列入严重失信主体名单"],
    ),
    (
        "nested object",
        {
            "properties": {
                "enterprise": {
                    "type": "object",
                    "required": ["scale"],
                    "properties": {"scale": {"const": "微型"}},
                }
            },
            "required": ["enterprise"],
        },
        ["企业规模为“微型”"],
    ),
    (
        "unknown element label falls back to key",
        props(enterprise__founded={"minimum": 2020}),
        ["enterprise.founded不少于 2020"],
    ),
    ("empty schema", {}, []),
    ("true schema", True, []),
]


@pytest.mark.parametrize(("schema", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sentences(schema: Any, expected: list[str]) -> None:
    assert describe_eligibility(schema, ELEMENTS) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12, "12"), (12.0, "12"), (0.055, "0.055"), (-3, "-3"), (1.5, "1.5"), (True, "true")],
)
def test_numbers_as_written(value: Any, shown: str) -> None:
    assert number(value) == shown


def test_golden_policy_eligibility() -> None:
    schema = {
        "type": "object",
        "required": ["enterprise.insured_months", "enterprise.layoff_rate", "enterprise.scale"],
        "properties": {
            "enterprise.insured_months": {"minimum": 12},
            "enterprise.layoff_rate": {"maximum": 0.055},
            "enterprise.scale": {"enum": ["小型", "微型"]},
            "enterprise.dishonest": {"const": False},
        },
        "anyOf": [
            {"required": ["enterprise.uscc"], "properties": {"enterprise.uscc": {"pattern": "^9"}}},
            {
                "properties": {"applicant.age": {"minimum": 18, "maximum": 35}},
                "required": ["applicant.age"],
            },
        ],
    }
    text = "".join(f"{sentence}\n" for sentence in describe_eligibility(schema, ELEMENTS))
    golden = GOLDEN / "eligibility.txt"
    if os.environ.get("ZWFW_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "重新生成：ZWFW_UPDATE_GOLDEN=1 pytest"
