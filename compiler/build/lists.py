"""The five published lists (五张清单) as tables with the government's usual column headings.

lists/licensing, lists/non-licensing and lists/filing share the service-item columns (事项名称,
事项编码, 事项类型, 主管部门, … the headings ``zwfw import xlsx`` reads back); lists/
certificate-exemption and lists/no-application-benefits have their own. Each is written as CSV
and XLSX. Several values in one cell are joined with “；” (levels and channels with “、”).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from compiler.build.memo import Memo
from compiler.build.tables import Cell, Table, table_files
from compiler.load.kinds import FileKind
from compiler.model.catalog import Catalog
from compiler.model.common import Basis
from compiler.model.handling import HandlingFlag
from compiler.model.items import ServiceItem
from compiler.render.eligibility import describe_eligibility

if TYPE_CHECKING:
    from compiler.build.row_memos import ItemRowMemo

ItemColumn = tuple[str, Callable[[Catalog, ServiceItem], Cell]]


def department_name(catalog: Catalog, department: str) -> str:
    found = catalog.departments.get(department)
    return found.name if found is not None else department


def basis_text(basis: list[Basis]) -> str:
    return "；".join(f"《{b.title}》{b.article or ''}" for b in basis)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _flag(flag: HandlingFlag) -> str:
    return yes_no(flag.value) if flag.value else f"否（{flag.reason or '未说明原因'}）"


def _materials(catalog: Catalog, item: ServiceItem) -> str:
    """The names ``catalog.material_of`` resolves, without building each ResolvedMaterial."""
    names = []
    for entry in item.materials:
        if entry.material is None:
            assert entry.name is not None  # the model ensures it
            names.append(entry.name)
        else:
            names.append(catalog.material(entry.material).name)
    return "；".join(names)


def _fees(item: ServiceItem) -> str:
    return "；".join(
        f"{fee.name}：{fee.standard}" + (f"（{fee.basis}）" if fee.basis else "")
        for fee in item.fee.items
    )


ITEM_COLUMNS: tuple[ItemColumn, ...] = (
    ("事项名称", lambda c, i: i.name),
    ("事项编码", lambda c, i: i.code),
    ("事项类型", lambda c, i: i.type),
    ("主管部门", lambda c, i: department_name(c, i.department)),
    ("行使层级", lambda c, i: "、".join(i.levels)),
    ("设定依据", lambda c, i: basis_text(i.basis)),
    ("受理条件", lambda c, i: "；".join(i.conditions)),
    ("申请材料", _materials),
    ("法定办结时限", lambda c, i: i.time_limit.legal),
    ("承诺办结时限", lambda c, i: i.time_limit.promised),
    ("是否收费", lambda c, i: yes_no(i.fee.charged)),
    ("办理地点", lambda c, i: i.contact.place),
    ("咨询电话", lambda c, i: i.contact.phone),
    ("监督投诉电话", lambda c, i: i.contact.complaint_phone),
    ("到办事现场次数", lambda c, i: i.handling.visits),
    ("网上办理深度", lambda c, i: i.handling.online_depth),
    ("对应国家基本目录编码", lambda c, i: i.national_code),
    ("主项编码", lambda c, i: i.parent),
    ("办理流程", lambda c, i: "；".join(i.process)),
    ("时限说明", lambda c, i: i.time_limit.note),
    ("收费标准", lambda c, i: _fees(i)),
    ("办理结果", lambda c, i: i.result.name),
    ("结果类型", lambda c, i: i.result.type),
    ("办件类型", lambda c, i: i.handling.kind),
    ("必须现场办理原因", lambda c, i: i.handling.visit_reason),
    ("办理形式", lambda c, i: "、".join(i.handling.channels)),
    ("进驻政务服务中心", lambda c, i: _flag(i.handling.in_center)),
    ("可网上办理", lambda c, i: _flag(i.handling.online)),
    ("可一次办", lambda c, i: _flag(i.handling.one_visit)),
    ("告知承诺审批", lambda c, i: yes_no(i.handling.commitment)),
    ("容缺受理材料", lambda c, i: "；".join(i.handling.tolerance)),
    ("通办范围", lambda c, i: i.handling.scope),
    ("办理时间", lambda c, i: i.contact.hours),
    ("备案类别", lambda c, i: i.filing_timing),
    ("事项状态", lambda c, i: i.status),
    ("标签", lambda c, i: "；".join(i.tags)),
)


def service_list(catalog: Catalog, kind: FileKind, memo: ItemRowMemo | None = None) -> Table:
    """One of the three service-item lists, items in code order (``memo``: rows remembered
    by their items' records, ``row_memos``)."""
    items = [item for code, item in catalog.items.items() if catalog.list_of.get(code) is kind]
    return Table(
        title=kind.label,
        headings=tuple(heading for heading, _ in ITEM_COLUMNS),
        rows=tuple(_item_row(catalog, item, memo) for item in items),
    )


def _item_row(catalog: Catalog, item: ServiceItem, memo: ItemRowMemo | None) -> tuple[Cell, ...]:
    def make() -> tuple[Cell, ...]:
        return tuple(get(catalog, item) for _, get in ITEM_COLUMNS)

    return make() if memo is None else memo.through(item.code, make)


def certificate_list(catalog: Catalog) -> Table:
    """实行告知承诺制的证明事项清单."""
    rows = tuple(
        (
            entry.code,
            entry.name,
            catalog.materials[entry.material].name
            if entry.material in catalog.materials
            else entry.material,
            "；".join(
                f"{catalog.items[code].name}（{code}）" if code in catalog.items else code
                for code in entry.applies_to
            ),
            entry.domain,
            basis_text(entry.basis),
            department_name(catalog, entry.issuer),
            entry.commitment,
            entry.verification.method,
            entry.verification.days,
            entry.liability,
        )
        for entry in catalog.certificates.values()
    )
    headings = ("证明事项编码", "证明名称", "对应材料", "所涉政务服务事项", "所属领域", "设定依据",
                "开具单位", "承诺内容", "核查方式", "核查时限", "不实承诺的法律责任")  # fmt: skip
    return Table(FileKind.CERTIFICATE_EXEMPTION.label, headings, rows)


def benefit_list(catalog: Catalog) -> Table:
    """免申即享政策清单, eligibility in Chinese words."""
    rows = tuple(
        (
            policy.code,
            policy.name,
            policy.document,
            department_name(catalog, policy.department),
            policy.target,
            policy.mode,
            "；".join(describe_eligibility(policy.eligibility, catalog.elements)),
            "；".join(
                catalog.data_sources[s].name if s in catalog.data_sources else s
                for s in policy.data_sources
            ),
            policy.benefit.content,
            policy.benefit.standard,
            policy.delivery.method,
            policy.delivery.days,
            policy.valid.valid_from.isoformat() if policy.valid else None,
            policy.valid.valid_to.isoformat() if policy.valid and policy.valid.valid_to else None,
        )
        for policy in catalog.benefits.values()
    )
    headings = ("政策编码", "政策名称", "政策文件", "主管部门", "受益对象", "兑现模式",
                "享受条件", "数据来源", "兑现内容", "标准数额", "兑现方式", "兑现时限",
                "有效期起", "有效期止")  # fmt: skip
    return Table(FileKind.NO_APPLICATION_BENEFITS.label, headings, rows)


def list_files(
    catalog: Catalog, memo: Memo | None = None, rows: ItemRowMemo | None = None
) -> dict[str, bytes]:
    """lists/<list>.csv and lists/<list>.xlsx for the five lists (with a memo, each list's
    two files are remembered by its table's values; ``rows``: the service lists' rows)."""
    tables = {
        FileKind.LICENSING: service_list(catalog, FileKind.LICENSING, rows),
        FileKind.NON_LICENSING: service_list(catalog, FileKind.NON_LICENSING, rows),
        FileKind.FILING: service_list(catalog, FileKind.FILING, rows),
        FileKind.CERTIFICATE_EXEMPTION: certificate_list(catalog),
        FileKind.NO_APPLICATION_BENEFITS: benefit_list(catalog),
    }
    files: dict[str, bytes] = {}
    for kind, table in tables.items():
        files |= table_files(f"lists/{kind.value}", table, ("csv", "xlsx"), memo)
    if rows is not None:
        rows.save()
    return files
