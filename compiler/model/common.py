"""Shared pieces of the catalog models: the base class, enums (枚举) and small sub-models.

Enums are ``Literal`` types whose values are the exact Chinese strings of catalog-format.md.
Value types are strict (a YAML ``1`` is not ``true``, an unquoted all-digit code is not a
string), as in the JSON Schemas; dates are ``YYYY-MM-DD`` strings or ``datetime.date``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

# ---- enums (枚举) -------------------------------------------------------------------------

DepartmentLevel = Literal["市级", "区级", "街道级"]
ItemLevel = Literal["市级", "区级", "街道级", "村级"]
BasisLevel = Literal[
    "法律", "行政法规", "国务院决定", "地方性法规", "部门规章", "地方政府规章", "规范性文件"
]
ItemType = Literal[
    "行政许可",
    "行政给付",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
    "行政备案",
]
ElementType = Literal[
    "文本",
    "整数",
    "数值",
    "日期",
    "布尔",
    "枚举",
    "身份证号",
    "统一社会信用代码",
    "手机号",
    "固定电话",
    "地址",
]
Origin = Literal["申请人自备", "政府部门核发", "中介机构出具", "其他"]
Necessity = Literal["必要", "非必要", "容缺后补"]
MaterialForm = Literal["纸质", "电子", "纸质或电子"]
ResultType = Literal["证照", "批文", "其他"]
HandlingKind = Literal["即办件", "承诺件"]
Channel = Literal["窗口办理", "网上办理", "移动端办理", "快递申请", "自助终端"]
NegativeReason = Literal[
    "涉及国家秘密",
    "法律法规另有规定",
    "场地限制",
    "需现场勘验",
    "需实物查验",
    "需采集生物特征",
    "其他",
]
Scope = Literal["不通办", "全区通办", "全市通办", "京津冀通办", "跨省通办"]
FilingTiming = Literal["事前备案", "事后备案"]
ItemStatus = Literal["在用", "暂停", "取消"]
Domain = Literal[
    "一般",
    "国家安全",
    "国家秘密",
    "公共安全",
    "金融审慎监管",
    "生态环境",
    "人身健康生命财产",
    "重要涉外",
]
VerificationMethod = Literal["数据共享核验", "部门协查", "现场核查"]
ScenarioKind = Literal["个人", "企业"]
BenefitMode = Literal["免申即享", "即申即享"]
ServiceList = Literal["licensing", "non-licensing", "filing"]

# ---- constrained strings ----------------------------------------------------------------

#: 事项编码 and the codes of the other lists: a string of at most 50 characters
Code = Annotated[str, Field(min_length=1, max_length=50)]
#: 国家基本目录编码: 12 characters, digits and capitals without I O Z S V
NationalCode = Annotated[str, Field(pattern=r"^[0-9A-HJ-NPQRTUWXY]{12}$")]
#: 6-digit 行政区划代码
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
#: 18-character 统一社会信用代码 (GB 32100 character set)
Uscc = Annotated[str, Field(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")]
#: 数据元标识: dotted lowercase id such as ``applicant.name``
ElementKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$")]
#: 材料标识: kebab-case id such as ``business-license``
MaterialKey = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
#: a reference to an id defined elsewhere (department, data source, material, element)
Ref = Annotated[str, Field(min_length=1)]


def _whole(value: Any) -> Any:
    """A float without a fraction (``2.0``, ``1e3``) as the integer it is: JSON Schema's
    ``integer`` — and so lint — accepts it, so the models must too."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: the largest count or time limit a catalog may give: a 32-bit integer, so that every sum,
#: mean and percentage of them stays exact in a float (and in the JSON outputs)
MAX_INT = 2_147_483_647

#: an integer (JSON Schema ``integer``: ``2`` or ``2.0``); strict about everything else
Whole = Annotated[int, BeforeValidator(_whole)]
#: an optional integer, the same way (constraints then apply to the integer, as for ``int | None``)
OptionalWhole = Annotated[int | None, BeforeValidator(_whole)]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _parse_day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"应为 YYYY-MM-DD 格式的日期，而不是 {value!r}")


#: a calendar date written ``2025-03-01`` (YAML 1.2 reads it as a string)
Day = Annotated[
    date,
    PlainValidator(_parse_day),
    PlainSerializer(lambda day: day.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date"}),
]

# ---- base model -------------------------------------------------------------------------


class Model(BaseModel):
    """Base of every catalog model: unknown keys are errors, values are immutable and strict.

    An optional key is written or left out; an explicit ``null`` is accepted only for the keys
    named in ``NULLABLE`` (the JSON Schemas say the same).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _reject_null(cls, data: Any) -> Any:
        # most records hold no null at all: one scan in C, then the keys only when one does
        if type(data) is dict and None not in data.values():
            return data
        if isinstance(data, dict):
            for key in _optional_keys(cls):
                if key in data and data[key] is None:
                    raise ValueError(f"“{key}” 不能为空值（null）：请填写或删除该键")
        return data


#: per model class: the keys of its optional fields that may not be null, in field order
#: (reading pydantic's ``model_fields`` for each of 110,000 records was most of the build)
_OPTIONAL_KEYS: dict[type[Model], tuple[str, ...]] = {}


def _optional_keys(cls: type[Model]) -> tuple[str, ...]:
    keys = _OPTIONAL_KEYS.get(cls)
    if keys is None:
        keys = _OPTIONAL_KEYS[cls] = tuple(
            key
            for name, field in cls.model_fields.items()
            if not field.is_required() and (key := field.alias or name) not in cls.NULLABLE
        )
    return keys


def nullable(schema: dict[str, Any]) -> None:
    """Field ``json_schema_extra``: also allow ``null`` for a sub-model field."""
    if "$ref" in schema:
        schema["anyOf"] = [{"$ref": schema.pop("$ref")}, {"type": "null"}]


# ---- small shared sub-models ------------------------------------------------------------


class Basis(Model, title="设定和实施依据"):
    """一条法律、法规、规章或规范性文件依据。"""

    title: str = Field(
        title="依据名称", description="法律法规或文件的名称，如 中华人民共和国食品安全法"
    )
    article: str | None = Field(None, title="条款", description="具体条款，如 第三十五条")
    level: BasisLevel = Field(
        title="依据层级", description="法律、行政法规、国务院决定、地方性法规、规章或规范性文件"
    )


class Copies(Model, title="份数"):
    """材料需提交的原件、复印件份数。"""

    original: Whole = Field(ge=0, le=MAX_INT, title="原件份数", description="需提交的原件份数")
    copy_: Whole = Field(
        ge=0, le=MAX_INT, alias="copy", title="复印件份数", description="需提交的复印件份数"
    )


class Contact(Model, title="办理地点、时间、咨询电话、投诉电话"):
    """事项的办理地点、办理时间、咨询电话和监督投诉电话。"""

    place: str = Field(title="办理地点", description="办理窗口或服务大厅的地址")
    hours: str = Field(title="办理时间", description="窗口的工作时间")
    phone: str = Field(title="咨询电话", description="咨询电话，多个号码用；、, 或 / 分隔")
    complaint_phone: str = Field(title="投诉电话", description="监督投诉电话，应与咨询电话分设")


class Waiver(Model, title="豁免"):
    """对本事项某条规则的有期限豁免：到期前该规则的结论报告为已豁免。"""

    rule: Ref = Field(title="规则", description="被豁免的规则标识，如 filing-basis-level")
    reason: str = Field(title="豁免理由", description="为何暂不满足该规则")
    until: Day = Field(
        title="有效期至", description="豁免截止日期（YYYY-MM-DD），过期后豁免本身成为问题"
    )
    approved_by: str = Field(title="批准人", description="批准豁免的单位或人员")
