"""scenarios/ — “高效办成一件事” 场景: one scenario per file."""

from __future__ import annotations

from pydantic import Field

from compiler.model.common import MAX_INT, Code, Model, OptionalWhole, Ref, ScenarioKind


class ScenarioItem(Model, title="场景事项"):
    """一件事中的一个事项：是否必办，及可选事项的触发情形。"""

    code: Code = Field(title="事项编码", description="所含政务服务事项的编码，须加引号")
    required: bool = Field(True, title="是否必办", description="是否每个申请人都须办理（缺省为是）")
    when: str | None = Field(
        None, title="办理情形", description="可选事项在何种情形下办理，如 是否申领社会保障卡"
    )


class Situation(Model, title="情形引导"):
    """情形引导中的一个问题，及回答“是”时增加的事项。"""

    question: str = Field(title="问题", description="向申请人提出的问题")
    adds: list[Code] = Field(
        min_length=1, title="增加事项", description="回答“是”时增加办理的事项编码"
    )


class Scenario(Model, title="一件事"):
    """一个“高效办成一件事”场景：牵头和配合部门、所含事项、情形引导、整体时限和跑动次数。"""

    code: Code = Field(title="场景编码", description="一件事场景编码，如 YJS-XSECS")
    name: str = Field(title="场景名称", description="如 新生儿出生一件事")
    kind: ScenarioKind = Field(title="服务对象", description="个人或企业")
    lead: Ref = Field(title="牵头部门", description="牵头部门标识")
    partners: list[Ref] = Field(default_factory=list, title="配合部门", description="配合部门标识")
    items: list[ScenarioItem] = Field(title="所含事项", description="一件事所含的政务服务事项")
    situations: list[Situation] = Field(
        default_factory=list, title="情形引导", description="引导申请人确定所需事项的问题"
    )
    promised_days: OptionalWhole = Field(
        None,
        ge=0,
        le=MAX_INT,
        title="整体承诺时限",
        description="一件事整体承诺时限（工作日）；不写则取各事项的最大值",
    )
    visits: OptionalWhole = Field(
        None,
        ge=0,
        le=MAX_INT,
        title="到现场次数",
        description="一件事整体到现场次数；不写则取各事项的最大值",
    )
