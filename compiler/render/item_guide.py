"""办事指南 of one service item: the item with everything a guide shows resolved to text.

Templates read an ``ItemGuide`` and decide nothing about the catalog: which material is
免提交 and why, which may be replaced by a 告知承诺, which is 容缺, what each district does
differently, all is settled here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.model.handling import HandlingFlag
from compiler.model.items import MaterialEntry, ServiceItem
from compiler.render import paths
from compiler.render.context import FieldRow, Link, SiteContext


@dataclass(frozen=True, slots=True)
class MaterialRow:
    name: str
    origin: str
    issued_by: str  # the issuing department's name, or ""
    necessity: str
    original: int
    copy: int
    form: str
    note: str
    exempt: str  # 免提交: why (电子证照 … / 共享数据源 …); "" when it must be submitted
    commitments: tuple[tuple[str, str], ...]  # 可告知承诺: (certificate name, 承诺内容)
    tolerance: bool  # 容缺: may be supplied after acceptance


@dataclass(frozen=True, slots=True)
class FlagRow:
    """进驻 / 网办 / 一次办, and when not, the negative list with its reason."""

    title: str
    value: bool
    negative_list: str
    reason: str
    detail: str
    basis: str


@dataclass(frozen=True, slots=True)
class DistrictRow:
    """One district's local elements; "" where it follows the city standard."""

    district: str
    place: str
    hours: str
    phone: str
    complaint_phone: str
    promised: int | None
    tolerance: tuple[str, ...]


@dataclass(frozen=True)
class ItemGuide:
    item: ServiceItem
    page: str
    list_title: str
    department: str
    depth: str
    materials: tuple[MaterialRow, ...]
    fields: tuple[FieldRow, ...]
    flags: tuple[FlagRow, ...]
    districts: tuple[DistrictRow, ...]
    tolerance: tuple[str, ...]  # 容缺受理材料, by name
    checks: tuple[str, ...]  # 监管核查要点: material names or condition texts
    scenarios: tuple[Link, ...]
    parent: Link | None

    @property
    def compression(self) -> int:
        """How much shorter the promised time is than the legal one, in percent."""
        legal, promised = self.item.time_limit.legal, self.item.time_limit.promised
        return 0 if legal == 0 else round(100 * (legal - promised) / legal)


_FLAGS = (
    ("in_center", "进驻政务服务中心", "进驻事项负面清单"),
    ("online", "网上办理", "网上办负面清单"),
    ("one_visit", "一次办", "一次办负面清单"),
)
_DEPTHS = {1: "Ⅰ 事项公开", 2: "Ⅱ 在线预审", 3: "Ⅲ 在线办理", 4: "Ⅳ 全程网办"}


def build_item_guide(context: SiteContext, code: str, suffix: str = ".html") -> ItemGuide:
    """The guide of one item for its ``suffix`` page; the HTML and Markdown pages of an item
    are built one after the other, and share everything but the page and its links."""
    page = paths.item_page(code, suffix)
    item = context.catalog.items[code]
    shared: ItemGuide | None = context.memo.get(_LAST_GUIDE)
    if shared is None or shared.item is not item:
        shared = context.memo[_LAST_GUIDE] = _page_free_guide(context, code)
    return replace(
        shared,
        page=page,
        parent=context.item_link(item.parent, page) if item.parent else None,
        scenarios=tuple(
            context.scenario_link(s, page) for s in context.scenarios_by_item.get(code, ())
        ),
    )


_LAST_GUIDE = "item guide"


def _page_free_guide(context: SiteContext, code: str) -> ItemGuide:
    catalog = context.catalog
    item = catalog.items[code]
    flags = []
    for attribute, title, negative_list in _FLAGS:
        flag: HandlingFlag = getattr(item.handling, attribute)
        flags.append(
            FlagRow(
                title,
                flag.value,
                negative_list,
                flag.reason or "",
                flag.detail or "",
                flag.basis or "",
            )
        )
    fields = tuple(
        context.field_row(entry, True)
        if isinstance(entry, str)
        else context.field_row(entry.element, entry.required)
        for entry in item.form
    )
    return ItemGuide(
        item=item,
        page="",
        list_title=catalog.list_of[code].label,
        department=context.department(item.department),
        depth=_DEPTHS.get(item.handling.online_depth, str(item.handling.online_depth)),
        materials=tuple(_material_row(context, item, entry) for entry in item.materials),
        fields=fields,
        flags=tuple(flags),
        districts=_district_rows(context, code),
        tolerance=tuple(_material_names(context, item.handling.tolerance)),
        checks=tuple(_material_names(context, item.supervision.checks if item.supervision else [])),
        scenarios=(),
        parent=None,
    )


def _material_row(context: SiteContext, item: ServiceItem, entry: MaterialEntry) -> MaterialRow:
    catalog = context.catalog
    material = catalog.material_of(entry)
    exempt = ""
    if catalog.is_exempt(entry):
        reasons = []
        if material.e_license:
            reasons.append(f"电子证照：{material.e_license}")
        if material.shared_by:
            reasons.append(f"共享数据源：{context.source(material.shared_by)}")
        exempt = "；".join(reasons) or "按规定免于提交"
    commitments = tuple(
        (certificate.name, certificate.commitment)
        for certificate in catalog.certificates_for(item.code)
        if material.key is not None and certificate.material == material.key
    )
    tolerance = entry.necessity == "容缺后补" or material.ref in item.handling.tolerance
    copies = entry.copies
    return MaterialRow(
        name=material.name,
        origin=material.origin,
        issued_by=context.department(material.issued_by) if material.issued_by else "",
        necessity=entry.necessity,
        original=copies.original if copies else 0,
        copy=copies.copy_ if copies else 0,
        form=entry.form or "",
        note=entry.note or "",
        exempt=exempt,
        commitments=commitments,
        tolerance=tolerance,
    )


def _district_rows(context: SiteContext, code: str) -> tuple[DistrictRow, ...]:
    rows = []
    for district, entry in context.districts_by_item.get(code, ()):
        contact, limit = entry.contact, entry.time_limit
        tolerance = (entry.handling or {}).get("tolerance") or []
        rows.append(
            DistrictRow(
                district=district,
                place=(contact.place or "") if contact else "",
                hours=(contact.hours or "") if contact else "",
                phone=(contact.phone or "") if contact else "",
                complaint_phone=(contact.complaint_phone or "") if contact else "",
                promised=limit.promised if limit else None,
                tolerance=tuple(_material_names(context, tolerance)),
            )
        )
    return tuple(rows)


def _material_names(context: SiteContext, refs: object) -> list[str]:
    """Names for material keys or inline names (容缺受理材料), as the item's list calls them."""
    if not isinstance(refs, list):
        return [str(refs)] if refs else []
    return [context.material_name(str(ref)) for ref in refs]
