"""materials.yaml — 材料目录: reusable materials and certificates, defined once."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from compiler.model.common import MaterialKey, Model, Origin, Ref

GOV_ISSUED = "政府部门核发"

#: issued_by (出具单位) is required iff the origin is 政府部门核发
_ISSUER_IFF_GOV_ISSUED = {
    "allOf": [
        {
            "if": {"properties": {"origin": {"const": GOV_ISSUED}}, "required": ["origin"]},
            "then": {"required": ["issued_by"]},
            "else": {"properties": {"issued_by": False}},
        }
    ]
}


class Material(Model, title="材料", json_schema_extra=_ISSUER_IFF_GOV_ISSUED):
    """材料目录中的一种材料或证照；政府部门核发的须写明出具单位。"""

    key: MaterialKey = Field(
        title="材料标识", description="以连字符分隔的小写标识，如 id-card、business-license"
    )
    name: str = Field(title="材料名称", description="材料的规范名称，如 营业执照")
    origin: Origin = Field(
        title="来源渠道", description="申请人自备、政府部门核发、中介机构出具或其他"
    )
    issued_by: Ref | None = Field(
        None,
        title="出具单位",
        description="核发该材料的部门标识（来源为政府部门核发时必填，否则不填）",
    )
    e_license: str | None = Field(
        None, title="电子证照名称", description="对应的电子证照名称；有电子证照的材料可免提交"
    )
    shared_by: Ref | None = Field(
        None, title="共享来源", description="可共享核验该材料的数据源标识；可共享核验的材料可免提交"
    )
    certificate: bool = Field(
        False, title="是否证明事项", description="是否为证明材料（可由告知承诺制证明事项替代）"
    )

    @model_validator(mode="after")
    def _issuer_iff_gov_issued(self) -> Self:
        if self.origin == GOV_ISSUED and self.issued_by is None:
            raise ValueError("来源为“政府部门核发”的材料须填写 issued_by（出具单位）")
        if self.origin != GOV_ISSUED and self.issued_by is not None:
            raise ValueError(f"来源为“{self.origin}”的材料不得填写 issued_by（出具单位）")
        return self


class MaterialsDocument(Model, title="材料目录"):
    """materials.yaml：可复用的材料和证照，每种只定义一次。"""

    materials: list[Material] = Field(title="材料", description="材料列表，每种材料定义一次")
