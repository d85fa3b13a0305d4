"""implementations/ — 区级实施清单: one file per district, restating only local differences.

An entry names the item by ``code`` and may restate any item key: only ``contact.*``,
``time_limit.promised`` and ``handling.tolerance`` may differ locally, which the
``uniform-elements`` rule checks. So entries allow extra keys; the local ones are typed.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from compiler.model.common import MAX_INT, Code, Model, OptionalWhole, Ref


class LocalContact(Model, title="本区办理地点、时间、咨询电话、投诉电话"):
    """本区的办理地点、时间和电话；只写与全市标准不同的。"""

    place: str | None = Field(None, title="办理地点", description="本区办理窗口的地址")
    hours: str | None = Field(None, title="办理时间", description="本区窗口的工作时间")
    phone: str | None = Field(None, title="咨询电话", description="本区咨询电话")
    complaint_phone: str | None = Field(None, title="投诉电话", description="本区监督投诉电话")


class LocalTimeLimit(Model, title="本区办结时限"):
    """本区承诺办结时限（不得高于全市标准）；其他键由一致性规则检查。"""

    model_config = ConfigDict(extra="allow")

    promised: OptionalWhole = Field(
        None,
        ge=0,
        le=MAX_INT,
        title="承诺办结时限",
        description="本区承诺办结时限（工作日），不得高于全市标准",
    )


class ImplementationEntry(Model, title="区级实施事项"):
    """区级实施清单中的一个事项：编码及与全市标准不同之处；可写任何事项要素。"""

    model_config = ConfigDict(extra="allow")

    code: Code = Field(title="事项编码", description="全市标准中的事项编码，须加引号")
    contact: LocalContact | None = Field(
        None, title="办理地点、时间、咨询电话、投诉电话", description="本区的办理地点、时间和电话"
    )
    time_limit: LocalTimeLimit | None = Field(
        None, title="办结时限", description="本区承诺办结时限"
    )
    handling: dict[str, Any] | None = Field(
        None,
        title="办理方式",
        description="本区办理方式；只有容缺受理材料（tolerance）可与全市不同",
    )


class Implementation(Model, title="区级实施清单"):
    """implementations/*.yaml：一个区的实施清单。"""

    district: str = Field(min_length=1, title="所属区", description="catalog.yaml 中所辖区的名称")
    agency: Ref = Field(title="实施机构", description="本区实施机构（如政务服务办）的部门标识")
    items: list[ImplementationEntry] = Field(
        title="实施事项", description="本区与全市标准不同的事项要素"
    )
