"""Two snapshots → a DiffReport: entries paired, fields compared, effects and reach attached."""

from __future__ import annotations

from compiler.diff.describe import field_changes, name_lookup
from compiler.diff.effects import Side
from compiler.diff.fields import compare
from compiler.diff.labels import Names
from compiler.diff.local import compare_dictionaries, compare_implementations
from compiler.diff.match import Pair, match_entries, recodes_of, with_new_codes
from compiler.diff.model import SUMMARY_KINDS, Change, DiffReport, FieldChange, ScenarioRef
from compiler.diff.snapshot import LISTS, SCENARIOS, Snapshot, code_of

#: not compared: the code is the identity; waivers are lint bookkeeping, not the item
SKIP = frozenset({"code", "waivers"})


class _Reach:
    """Which districts and scenarios (一件事) an item touches, in either version."""

    def __init__(self, old: Snapshot, new: Snapshot) -> None:
        self.order = {**old.district_codes, **new.district_codes}
        self.districts = [_districts(old), _districts(new)]
        self.scenarios = [_scenarios(old), _scenarios(new)]

    def of(self, pair: Pair) -> tuple[list[str], list[ScenarioRef]]:
        districts: set[str] = set()
        scenarios: dict[str, str] = {}
        for side, entry in enumerate((pair.old, pair.new)):
            if entry is None or entry.list == SCENARIOS:
                continue
            districts.update(self.districts[side].get(entry.code, ()))
            scenarios.update(self.scenarios[side].get(entry.code, {}))
        ordered = sorted(districts, key=lambda d: (self.order.get(d) or "~", d))
        return ordered, [ScenarioRef(c, scenarios[c]) for c in sorted(scenarios)]


def _districts(snapshot: Snapshot) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for district, entries in snapshot.implementations.items():
        for code in entries:
            found.setdefault(code, []).append(district)
    return found


def _scenarios(snapshot: Snapshot) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for entry in snapshot.entries.values():
        if entry.list != SCENARIOS:
            continue
        items = entry.data.get("items")
        for item in items if isinstance(items, list) else []:
            code = code_of(item)
            if code is not None:
                found.setdefault(code, {})[entry.code] = entry.name
    return found


def _change(
    pair: Pair, old: Snapshot, new: Snapshot, recodes: dict[str, str], names: Names
) -> Change | None:
    entry = pair.entry
    fields: list[FieldChange] = []
    if pair.old is not None and pair.new is not None:
        before = with_new_codes(pair.old.data, recodes)
        raw = compare(before, pair.new.data, SKIP)
        fields = field_changes(
            raw, Side(before, old.materials), Side(pair.new.data, new.materials), names
        )
    kind = pair.kind
    if kind == "same":
        if not fields:
            return None
        kind = "changed"
    department = entry.department
    moved_from = pair.old.list if pair.old and pair.new and pair.old.list != pair.new.list else None
    return Change(
        list_name=entry.list,
        code=entry.code,
        name=entry.name,
        kind=kind,
        fields=fields,
        old_code=pair.old.code if kind == "recoded" and pair.old else None,
        old_list=moved_from,
        department=department,
        department_name=new.departments.get(department) or old.departments.get(department, ""),
    )


def compare_snapshots(old: Snapshot, new: Snapshot) -> DiffReport:
    names = name_lookup(old, new)
    reach = _Reach(old, new)
    summary: dict[str, dict[str, int]] = {name: dict.fromkeys(SUMMARY_KINDS, 0) for name in LISTS}
    changes: list[Change] = []
    pairs = match_entries(old.entries, new.entries)
    recodes = recodes_of(pairs)
    for pair in pairs:
        change = _change(pair, old, new, recodes, names)
        counts = summary.setdefault(pair.entry.list, dict.fromkeys(SUMMARY_KINDS, 0))
        if change is None:
            counts["unchanged"] += 1
            continue
        counts[change.kind] += 1
        change.districts, change.scenarios = reach.of(pair)
        changes.append(change)
    changes.sort(key=lambda c: (c.list_name, c.code))
    return DiffReport(
        old_version=old.version,
        new_version=new.version,
        summary=summary,
        changes=changes,
        dictionaries=compare_dictionaries(old, new, names),
        implementations=compare_implementations(old, new, recodes, names),
        region=new.region or old.region,
    )
