"""views/ — 专项清单: named selections of service items published as their own lists."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from compiler.model.common import ItemLevel, ItemType, Model, Ref, ServiceList

_AT_LEAST_ONE = {"minProperties": 1}


class ViewSelection(Model, title="选取条件", json_schema_extra=_AT_LEAST_ONE):
    """专项清单的选取条件：各条件同时满足，同一条件内的多个值满足其一即可。"""

    tags: list[str] | None = Field(
        None, min_length=1, title="标签", description="事项带有其中任一标签"
    )
    lists: list[ServiceList] | None = Field(
        None,
        min_length=1,
        title="清单",
        description="事项属于其中任一清单：licensing、non-licensing、filing",
    )
    departments: list[Ref] | None = Field(
        None, min_length=1, title="部门", description="事项的主管部门为其中之一"
    )
    types: list[ItemType] | None = Field(
        None, min_length=1, title="事项类型", description="事项类型为其中之一"
    )
    levels: list[ItemLevel] | None = Field(
        None, min_length=1, title="行使层级", description="事项的行使层级包含其中之一"
    )

    @model_validator(mode="after")
    def _at_least_one(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("select（选取条件）至少须给出一个条件")
        return self


class View(Model, title="专项清单"):
    """views/*.yaml：一个专项清单的名称和选取条件。"""

    name: str = Field(
        min_length=1, title="清单名称", description="专项清单名称，如 天开高教科创园服务事项清单"
    )
    select: ViewSelection = Field(
        title="选取条件", description="按标签、清单、部门、事项类型或行使层级选取事项"
    )
