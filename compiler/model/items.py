"""Service items (政务服务事项): one model for licensing/, non-licensing/ and filing/.

The three lists share ``ServiceItem``; they differ only in 备案类别 (``filing_timing``), which
the filing list requires and the other two do not allow. Which *type* belongs in which list is
the ``list-type-mismatch`` rule, not schema.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from compiler.load.kinds import FileKind
from compiler.model.common import (
    MAX_INT,
    Basis,
    Code,
    Contact,
    Copies,
    ElementKey,
    FilingTiming,
    ItemLevel,
    ItemStatus,
    ItemType,
    MaterialForm,
    MaterialKey,
    Model,
    NationalCode,
    Necessity,
    Origin,
    Ref,
    ResultType,
    Waiver,
    Whole,
    nullable,
)
from compiler.model.handling import Handling

#: an entry names a materials.yaml key, or is inline with name and origin — never both
_DICTIONARY_OR_INLINE = {
    "allOf": [
        {
            "if": {"required": ["material"]},
            "then": {"properties": {"name": False, "origin": False}},
            "else": {"required": ["name", "origin"]},
        }
    ]
}


class MaterialEntry(Model, title="申请材料", json_schema_extra=_DICTIONARY_OR_INLINE):
    """事项的一项申请材料：引用材料目录（material），或就地写明名称和来源渠道（name + origin）。"""

    material: MaterialKey | None = Field(
        None, title="材料标识", description="材料目录（materials.yaml）中的材料标识"
    )
    name: str | None = Field(
        None, title="材料名称", description="未收入材料目录的材料名称（与 origin 同用）"
    )
    origin: Origin | None = Field(
        None, title="来源渠道", description="未收入材料目录的材料的来源渠道"
    )
    necessity: Necessity = Field(title="必要性", description="必要、非必要或容缺后补")
    copies: Copies | None = Field(None, title="份数", description="原件和复印件份数")
    form: MaterialForm | None = Field(None, title="材料形式", description="纸质、电子或纸质或电子")
    note: str | None = Field(None, title="填报说明", description="对材料的补充说明或要求")
    exempt: bool | None = Field(
        None,
        title="是否免提交",
        description="申请人是否免于提交；缺省时有电子证照或共享来源的目录材料为是，否则为否",
    )

    @model_validator(mode="after")
    def _dictionary_or_inline(self) -> Self:
        if self.material is not None:
            if self.name is not None or self.origin is not None:
                raise ValueError("引用材料目录（material）的材料不得再写 name 或 origin")
        elif self.name is None or self.origin is None:
            raise ValueError("申请材料须写 material（材料标识），或同时写 name 和 origin")
        return self


class TimeLimit(Model, title="办结时限"):
    """法定和承诺办结时限，单位为工作日。"""

    legal: Whole = Field(ge=0, le=MAX_INT, title="法定办结时限", description="法律法规规定的办结时限（工作日）")
    promised: Whole = Field(ge=0, le=MAX_INT, title="承诺办结时限", description="本地承诺的办结时限（工作日）")
    note: str | None = Field(
        None, title="时限说明", description="对时限的补充说明，如 不含专家评审时间"
    )


class FeeItem(Model, title="收费项目"):
    """一个收费项目及其标准和依据。"""

    name: str = Field(title="收费项目名称", description="收费项目的名称")
    standard: str = Field(title="收费标准", description="收费标准，如 每件 50 元")
    basis: str | None = Field(None, title="收费依据", description="收费的政策文件依据")


class Fee(Model, title="收费"):
    """是否收费及收费项目。"""

    charged: bool = Field(title="是否收费", description="办理该事项是否收费")
    items: list[FeeItem] = Field(
        default_factory=list, title="收费项目", description="收费时列出各收费项目、标准和依据"
    )


class Result(Model, title="办理结果"):
    """办理结果的名称、类型和是否有电子版。"""

    name: str = Field(title="结果名称", description="办理结果的名称，如 食品经营许可证")
    type: ResultType | None = Field(None, title="结果类型", description="证照、批文或其他")
    electronic: bool = Field(title="是否电子化", description="是否出具电子证照或电子批文")


class FormField(Model, title="申请表字段"):
    """申请表中的一个数据元及其是否必填。"""

    element: ElementKey = Field(title="数据元标识", description="数据元目录中的数据元标识")
    required: bool = Field(
        True, title="是否必填", description="申请人是否必须填写该字段（缺省为是）"
    )


class Supervision(Model, title="监管实施细则"):
    """告知承诺审批事项的事中事后监管实施细则。"""

    object: str | None = Field(None, title="监管对象", description="接受监管的对象")
    subject: str | None = Field(None, title="监管主体", description="实施监管的部门")
    method: str | None = Field(None, title="监管方式", description="如 双随机一公开抽查、重点监管")
    content: str | None = Field(None, title="监管内容", description="核查的承诺内容")
    inspection_standard: str | None = Field(
        None, title="检查标准", description="判定是否符合承诺的标准"
    )
    penalty: str | None = Field(
        None, title="处理措施", description="发现虚假承诺或不符合条件时的处理"
    )
    checks: list[str] = Field(
        default_factory=list, title="核查要点", description="所核查的材料标识或受理条件原文"
    )


class ServiceItem(Model, title="政务服务事项"):
    """一个政务服务事项：实施清单的全部要素。"""

    NULLABLE: ClassVar[frozenset[str]] = frozenset({"supervision"})

    code: Code = Field(
        title="事项编码", description="12 位国家基本编码或不超过 50 字符的本地编码，须加引号"
    )
    national_code: NationalCode | None = Field(
        None, title="对应国家基本目录编码", description="本地编码事项关联的 12 位国家基本目录编码"
    )
    name: str = Field(title="事项名称", description="事项的规范名称")
    parent: Code | None = Field(
        None, title="主项编码", description="本事项为子项时，所属主项的编码"
    )
    type: ItemType = Field(title="事项类型", description="行政许可、行政备案或其他非许可类事项类型")
    department: Ref = Field(title="主管部门", description="主管部门标识（catalog.yaml 中的部门）")
    levels: list[ItemLevel] = Field(
        min_length=1, title="行使层级", description="市级、区级、街道级、村级"
    )
    basis: list[Basis] = Field(
        min_length=1, title="设定和实施依据", description="设定和实施本事项的依据"
    )
    conditions: list[str] = Field(
        min_length=1, title="受理条件", description="申请人应当具备的条件"
    )
    materials: list[MaterialEntry] = Field(title="申请材料", description="申请时需要的材料")
    process: list[str] = Field(
        min_length=1, title="办理流程", description="办理环节，如 申请、受理、审查、决定、送达"
    )
    time_limit: TimeLimit = Field(title="办结时限", description="法定和承诺办结时限（工作日）")
    fee: Fee = Field(title="收费", description="是否收费及收费项目")
    result: Result = Field(title="办理结果", description="办理结果的名称、类型和是否电子化")
    handling: Handling = Field(
        title="办理方式", description="办件类型、网办深度、跑动次数、负面清单要素等"
    )
    contact: Contact = Field(
        title="办理地点、时间、咨询电话、投诉电话",
        description="办理地点、办理时间、咨询电话和投诉电话",
    )
    form: list[ElementKey | FormField] = Field(
        title="申请表",
        description="申请表字段：数据元标识，或 {element, required}；无申请表的可为空",
    )
    supervision: Supervision | None = Field(
        None,
        title="监管实施细则",
        description="事中事后监管实施细则；实行告知承诺审批的事项须填写",
        json_schema_extra=nullable,
    )
    filing_timing: FilingTiming | None = Field(
        None, title="备案类别", description="事前备案或事后备案（仅行政备案事项清单，且必填）"
    )
    status: ItemStatus = Field(title="事项状态", description="在用、暂停或取消")
    tags: list[str] = Field(
        default_factory=list, title="标签", description="专项清单使用的标签，如 天开园"
    )
    waivers: list[Waiver] = Field(
        default_factory=list, title="豁免", description="对本事项某些规则的有期限豁免"
    )


class ItemList(Model):
    """A file of one service-item list; ``LIST`` says which one (备案类别 only in filing)."""

    LIST: ClassVar[FileKind]

    items: list[ServiceItem] = Field(title="事项", description="本文件中的政务服务事项")

    @model_validator(mode="after")
    def _filing_timing_only_in_filing(self) -> Self:
        for index, item in enumerate(self.items):
            if self.LIST is FileKind.FILING and item.filing_timing is None:
                raise ValueError(f"items[{index}]：行政备案事项须填写 filing_timing（备案类别）")
            if self.LIST is not FileKind.FILING and item.filing_timing is not None:
                raise ValueError(f"items[{index}]：filing_timing（备案类别）只用于行政备案事项清单")
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        document = handler.resolve_ref_schema(json_schema)
        item: dict[str, Any] = handler.resolve_ref_schema(document["properties"]["items"]["items"])
        if cls.LIST is FileKind.FILING:
            item["required"] = sorted({*item["required"], "filing_timing"})
        else:
            item["properties"].pop("filing_timing", None)
        return json_schema


class LicensingList(ItemList, title="行政许可事项清单"):
    """licensing/*.yaml：行政许可事项清单。"""

    LIST = FileKind.LICENSING


class NonLicensingList(ItemList, title="非许可类政务服务事项目录"):
    """non-licensing/*.yaml：非许可类政务服务事项目录。"""

    LIST = FileKind.NON_LICENSING


class FilingList(ItemList, title="行政备案事项清单"):
    """filing/*.yaml：行政备案事项清单。"""

    LIST = FileKind.FILING
