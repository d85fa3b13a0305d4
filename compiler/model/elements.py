"""data-elements.yaml — 数据元目录: every form field, defined once (一数一源一标准)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from compiler.model.common import MAX_INT, ElementKey, ElementType, Model, OptionalWhole, Ref

#: options (可选值) are required iff the type is 枚举, in the JSON Schema as in the validator
_OPTIONS_IFF_ENUM = {
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "枚举"}}, "required": ["type"]},
            "then": {"required": ["options"]},
            "else": {"properties": {"options": False}},
        }
    ]
}


class DataElement(Model, title="数据元", json_schema_extra=_OPTIONS_IFF_ENUM):
    """一个数据元（表单字段）：标识、名称、类型；枚举类型须给出可选值。"""

    key: ElementKey = Field(
        title="数据元标识", description="以点分隔的小写标识，如 applicant.name、enterprise.uscc"
    )
    label: str = Field(title="名称", description="数据元的中文名称，如 申请人姓名")
    type: ElementType = Field(title="类型", description="数据元的取值类型")
    options: list[str] | None = Field(
        None,
        min_length=1,
        title="可选值",
        description="枚举类型的可选值（类型为枚举时必填，其他类型不得填写）",
    )
    max_length: OptionalWhole = Field(
        None, ge=1, le=MAX_INT, title="最大长度", description="取值的最大字符数"
    )
    source: Ref | None = Field(
        None,
        title="共享来源",
        description="提供该数据的共享数据源标识；有来源的字段可预填（免填写）",
    )

    @model_validator(mode="after")
    def _options_iff_enum(self) -> Self:
        if self.type == "枚举" and self.options is None:
            raise ValueError("类型为“枚举”的数据元须填写 options（可选值）")
        if self.type != "枚举" and self.options is not None:
            raise ValueError(f"类型为“{self.type}”的数据元不得填写 options（可选值）")
        return self


class DataElementsDocument(Model, title="数据元目录"):
    """data-elements.yaml：全部数据元，每个只定义一次。"""

    elements: list[DataElement] = Field(
        title="数据元", description="数据元列表，每个表单字段定义一次"
    )
