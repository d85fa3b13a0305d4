"""The guide index (guides/index.html): every item, scenario and policy as a search entry.

The entries are embedded in the page as JSON (see ``json_for_script``) and searched by
``assets/search.js`` in the browser, so the index works from ``file://`` with no server.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.load.kinds import FileKind
from compiler.render import paths
from compiler.render.context import SiteContext

#: the filter's groups, in the order they are offered
GROUPS: dict[str, str] = {
    FileKind.LICENSING.value: "行政许可",
    FileKind.NON_LICENSING.value: "非许可类政务服务",
    FileKind.FILING.value: "行政备案",
    FileKind.SCENARIOS.value: "高效办成一件事",
    FileKind.NO_APPLICATION_BENEFITS.value: "免申即享",
}


@dataclass(frozen=True, slots=True)
class Entry:
    group: str  # a GROUPS key
    code: str
    name: str
    department: str
    href: str  # relative to guides/index.html
    keywords: str  # type, tags, result, materials, … searched but not shown
    status: str = ""  # 暂停 / 取消 for items no longer in use

    def as_json(self) -> dict[str, str]:
        return {
            "g": self.group,
            "c": self.code,
            "n": self.name,
            "d": self.department,
            "h": self.href,
            "k": self.keywords,
            "s": self.status,
        }


def build_entries(context: SiteContext) -> tuple[Entry, ...]:
    catalog = context.catalog
    entries = []
    for code, item in catalog.items.items():
        words = [item.type, item.result.name, *item.tags, *item.levels, item.handling.scope]
        words += [catalog.material_of(entry).name for entry in item.materials]
        entries.append(
            Entry(
                group=catalog.list_of[code].value,
                code=code,
                name=item.name,
                department=context.department(item.department),
                href=paths.relative(paths.item_page(code), paths.INDEX),
                keywords=" ".join(words),
                status="" if item.status == "在用" else item.status,
            )
        )
    for code, scenario in catalog.scenarios.items():
        words = [scenario.kind, *(context.item_name(e.code) for e in scenario.items)]
        words += [context.department(ref) for ref in scenario.partners]
        words += [situation.question for situation in scenario.situations]
        entries.append(
            Entry(
                group=FileKind.SCENARIOS.value,
                code=code,
                name=scenario.name,
                department=context.department(scenario.lead),
                href=paths.relative(paths.scenario_page(code), paths.INDEX),
                keywords=" ".join(words),
            )
        )
    for code, benefit in catalog.benefits.items():
        words = [
            benefit.mode,
            benefit.document or "",
            benefit.target or "",
            benefit.benefit.content,
        ]
        entries.append(
            Entry(
                group=FileKind.NO_APPLICATION_BENEFITS.value,
                code=code,
                name=benefit.name,
                department=context.department(benefit.department),
                href=paths.relative(paths.benefit_page(code), paths.INDEX),
                keywords=" ".join(word for word in words if word),
            )
        )
    order = list(GROUPS)
    return tuple(sorted(entries, key=lambda e: (order.index(e.group), e.code)))


def departments(entries: tuple[Entry, ...], context: SiteContext) -> tuple[str, ...]:
    """The departments that have an entry, in catalog order (sorted by id)."""
    used = {entry.department for entry in entries}
    names = [context.department(ref) for ref in context.catalog.departments]
    return tuple(dict.fromkeys(name for name in names if name in used)) + tuple(
        sorted(used - set(names))
    )
