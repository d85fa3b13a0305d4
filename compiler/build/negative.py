"""The three negative lists (负面清单) and the views (专项清单), each as Markdown and CSV.

A negative list holds every service item whose ``handling.in_center`` / ``online`` /
``one_visit`` value is false, with its reason, detail and basis, in code order. A view selects
items by tags, lists, departments, types and levels: every given criterion must hold (AND), and
within one criterion any of its values will do (OR).
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.build.lists import department_name
from compiler.build.memo import Memo
from compiler.build.output import safe_name
from compiler.build.tables import Table, table_files
from compiler.model.catalog import Catalog
from compiler.model.handling import Handling, HandlingFlag
from compiler.model.items import ServiceItem
from compiler.model.views import View, ViewSelection

#: file stem → (title, the flag of an item's handling it lists)
NEGATIVE_LISTS: dict[str, tuple[str, Callable[[Handling], HandlingFlag]]] = {
    "negative-in-center": ("进驻事项负面清单", lambda h: h.in_center),
    "negative-online": ("网上办负面清单", lambda h: h.online),
    "negative-one-visit": ("一次办负面清单", lambda h: h.one_visit),
}

NEGATIVE_HEADINGS = ("事项名称", "事项编码", "事项类型", "主管部门", "原因", "具体说明", "依据")
VIEW_HEADINGS = ("事项名称", "事项编码", "事项类型", "所属清单", "主管部门", "行使层级",
                 "承诺办结时限", "网上办理深度", "到办事现场次数", "办理地点",
                 "咨询电话")  # fmt: skip


def negative_items(catalog: Catalog, flag: Callable[[Handling], HandlingFlag]) -> list[ServiceItem]:
    """The items whose flag is false, in code order."""
    return [item for item in catalog.items.values() if not flag(item.handling).value]


def negative_list(catalog: Catalog, title: str, flag: Callable[[Handling], HandlingFlag]) -> Table:
    rows = []
    for item in negative_items(catalog, flag):
        value = flag(item.handling)
        rows.append(
            (
                item.name,
                item.code,
                item.type,
                department_name(catalog, item.department),
                value.reason,
                value.detail,
                value.basis,
            )
        )
    return Table(title, NEGATIVE_HEADINGS, tuple(rows), note=f"共 {len(rows)} 项。")


def selects(catalog: Catalog, selection: ViewSelection, item: ServiceItem) -> bool:
    """Whether a view's selection takes the item: AND across criteria, OR within one."""
    kind = catalog.list_of.get(item.code)
    criteria = (
        selection.tags is None or bool(set(selection.tags) & set(item.tags)),
        selection.lists is None or (kind is not None and kind.value in selection.lists),
        selection.departments is None or item.department in selection.departments,
        selection.types is None or item.type in selection.types,
        selection.levels is None or bool(set(selection.levels) & set(item.levels)),
    )
    return all(criteria)


def view_list(catalog: Catalog, view: View) -> Table:
    rows = []
    for item in catalog.items.values():
        if not selects(catalog, view.select, item):
            continue
        kind = catalog.list_of.get(item.code)
        rows.append(
            (
                item.name,
                item.code,
                item.type,
                kind.label if kind is not None else "",
                department_name(catalog, item.department),
                "、".join(item.levels),
                item.time_limit.promised,
                item.handling.online_depth,
                item.handling.visits,
                item.contact.place,
                item.contact.phone,
            )
        )
    return Table(view.name, VIEW_HEADINGS, tuple(rows), note=f"共 {len(rows)} 项。")


def negative_and_view_files(catalog: Catalog, memo: Memo | None = None) -> dict[str, bytes]:
    """lists/negative-*.{md,csv} and lists/views/<view>.{md,csv} (with a memo, each table's
    files are remembered by its values)."""
    files: dict[str, bytes] = {}
    for stem, (title, flag) in NEGATIVE_LISTS.items():
        table = negative_list(catalog, title, flag)
        files |= table_files(f"lists/{stem}", table, ("md", "csv"), memo)
    for stem, view in catalog.views.items():
        table = view_list(catalog, view)
        files |= table_files(f"lists/views/{safe_name(stem)}", table, ("md", "csv"), memo)
    return files
