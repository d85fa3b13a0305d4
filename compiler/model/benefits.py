"""no-application-benefits/ — 免申即享政策清单."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from compiler.model.common import MAX_INT, BenefitMode, Code, Day, ElementKey, Model, Ref, Whole


class BenefitContent(Model, title="享受内容"):
    """政策兑现的内容和标准数额。"""

    content: str = Field(
        title="兑现内容", description="兑现的具体内容，如 返还上年度实际缴纳失业保险费的60%"
    )
    standard: str | None = Field(None, title="标准数额", description="具体的标准或数额，如 60%")


class Delivery(Model, title="兑现方式"):
    """政策的兑现方式和时限。"""

    method: str = Field(title="兑现方式", description="如 直接拨付")
    days: Whole = Field(ge=0, le=MAX_INT, title="兑现时限", description="兑现的工作日数")


class Validity(Model, title="有效期"):
    """政策的有效期；无截止日期的可不写 to。"""

    valid_from: Day = Field(
        alias="from", title="起始日期", description="政策生效日期（YYYY-MM-DD）"
    )
    valid_to: Day | None = Field(
        None, alias="to", title="截止日期", description="政策失效日期（YYYY-MM-DD）；长期有效的不写"
    )


class Benefit(Model, title="免申即享政策"):
    """一项免申即享（或即申即享）政策：依据文件、受益对象、资格条件、数据来源和兑现方式。"""

    code: Code = Field(title="编码", description="政策编码，如 MSJX-2025-001")
    name: str = Field(title="政策名称", description="政策的名称，如 失业保险稳岗返还")
    document: str | None = Field(
        None, title="政策文件", description="政策文件文号，如 津人社规〔2025〕1号"
    )
    department: Ref = Field(title="主管部门", description="负责兑现的部门标识")
    target: str | None = Field(None, title="受益对象", description="如 企业、个人")
    mode: BenefitMode = Field(
        title="兑现模式", description="免申即享；或 即申即享（依法须申请，生成预填申请表）"
    )
    eligibility: dict[str, Any] = Field(
        title="资格条件",
        description="以数据元标识为属性名的 JSON Schema（draft 2020-12），描述谁符合条件",
    )
    data_sources: list[Ref] = Field(
        title="数据来源", description="提供资格条件所用数据元的共享数据源标识"
    )
    benefit: BenefitContent = Field(title="享受内容", description="兑现的内容和标准数额")
    delivery: Delivery = Field(title="兑现方式", description="兑现方式和时限")
    valid: Validity | None = Field(None, title="有效期", description="政策的起止日期")
    form: list[ElementKey] = Field(
        default_factory=list, title="申请表", description="仅即申即享：预填申请表的数据元标识"
    )


class BenefitList(Model, title="免申即享政策清单"):
    """no-application-benefits/*.yaml：免申即享政策清单。"""

    items: list[Benefit] = Field(title="政策", description="本文件中的免申即享政策")
