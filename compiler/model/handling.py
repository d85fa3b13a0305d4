"""办理方式 (handling) of a service item: kind, online depth, visits and the negative lists."""

from __future__ import annotations

from pydantic import Field

from compiler.model.common import (
    MAX_INT,
    Channel,
    HandlingKind,
    Model,
    NegativeReason,
    Scope,
    Whole,
)


class HandlingFlag(Model, title="负面清单要素"):
    """进驻政务服务中心、可网上办理或可一次办：是否，及否时的原因（负面清单）。"""

    value: bool = Field(title="是否", description="是否满足（否则列入相应负面清单）")
    reason: NegativeReason | None = Field(
        None, title="原因", description="不满足时的原因，须为允许的负面清单原因之一"
    )
    detail: str | None = Field(None, title="具体说明", description="原因为“其他”时的具体说明")
    basis: str | None = Field(
        None, title="依据", description="原因为“法律法规另有规定”时的法律法规依据"
    )


class Handling(Model, title="办理方式"):
    """办件类型、网上办理深度、到现场次数、办理形式、负面清单要素、告知承诺、容缺受理和通办范围。"""

    kind: HandlingKind = Field(title="办件类型", description="即办件或承诺件")
    online_depth: Whole = Field(
        ge=1,
        le=4,
        title="网上办理深度",
        description="1 事项公开、2 在线预审、3 在线办理、4 全程网办",
    )
    visits: Whole = Field(ge=0, le=MAX_INT, title="到办事现场次数", description="申请人须到办事现场的次数")
    visit_reason: str | None = Field(
        None, title="必须现场办理原因", description="到现场次数大于 0 时，必须到现场的原因"
    )
    channels: list[Channel] = Field(
        title="办理形式", description="窗口、网上、移动端、快递或自助终端办理"
    )
    in_center: HandlingFlag = Field(
        title="进驻政务服务中心", description="是否进驻政务服务中心；否时列入进驻事项负面清单"
    )
    online: HandlingFlag = Field(
        title="可网上办理", description="是否可网上办理；否时列入网上办负面清单"
    )
    one_visit: HandlingFlag = Field(
        title="可一次办", description="是否可一次办；否时列入一次办负面清单"
    )
    commitment: bool = Field(title="告知承诺审批", description="是否实行告知承诺审批")
    tolerance: list[str] = Field(
        default_factory=list,
        title="容缺受理材料",
        description="可容缺受理、后补的材料（材料标识或就地材料名称）",
    )
    scope: Scope = Field(
        title="通办范围", description="不通办、全区通办、全市通办、京津冀通办或跨省通办"
    )
    same_standard: bool | None = Field(
        None, title="京津冀同事同标", description="是否纳入京津冀同事同标"
    )
