"""Pairing the entries of two versions: by code across all lists, then recodes by identity.

An entry whose code is in both versions is the same entry, whichever lists hold it (a move).
Of the rest, an old and a new entry with the same identity are one entry whose code changed
(recoded): for a service item its name, department and type (事项名称、主管部门、事项类型);
for a policy or a scenario its name within its list. Where several share an identity they pair
in code order, so pairing never depends on file or list order and reads the same backwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compiler.diff.snapshot import Entry, code_of, text
from compiler.load.kinds import SERVICE_LISTS

_SERVICE = frozenset(kind.value for kind in SERVICE_LISTS)

Identity = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    old: Entry | None
    new: Entry | None

    @property
    def kind(self) -> str:
        """added, removed, recoded, moved — or "same" (changed or unchanged, by its fields)."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.old.code != self.new.code:
            return "recoded"
        return "moved" if self.old.list != self.new.list else "same"

    @property
    def entry(self) -> Entry:
        """The newest version of the entry."""
        found = self.new or self.old
        assert found is not None
        return found


def identity(entry: Entry) -> Identity | None:
    """What must stay the same for a new code to count as a recode (None: never recoded)."""
    if not entry.name:
        return None
    if entry.list in _SERVICE:
        return ("service", entry.name, entry.department, text(entry.data.get("type")))
    return (entry.list, entry.name)


def match_entries(old: dict[str, Entry], new: dict[str, Entry]) -> list[Pair]:
    pairs = [Pair(old[code], new[code]) for code in sorted(old.keys() & new.keys())]
    gone = [old[code] for code in sorted(old.keys() - new.keys())]
    fresh = [new[code] for code in sorted(new.keys() - old.keys())]
    before, after = _by_identity(gone), _by_identity(fresh)
    paired: set[str] = set()
    for key in sorted(before.keys() & after.keys()):
        for a, b in zip(before[key], after[key], strict=False):
            pairs.append(Pair(a, b))
            paired.update((f"old:{a.code}", f"new:{b.code}"))
    pairs.extend(Pair(a, None) for a in gone if f"old:{a.code}" not in paired)
    pairs.extend(Pair(None, b) for b in fresh if f"new:{b.code}" not in paired)
    return pairs


def _by_identity(entries: Iterable[Entry]) -> dict[Identity, list[Entry]]:
    grouped: dict[Identity, list[Entry]] = {}
    for entry in entries:
        ident = identity(entry)
        if ident is not None:
            grouped.setdefault(ident, []).append(entry)
    return grouped


def recodes_of(pairs: list[Pair]) -> dict[str, str]:
    """Old code → new code for every recoded entry."""
    return {p.old.code: p.new.code for p in pairs if p.old and p.new and p.old.code != p.new.code}


def with_new_codes(data: dict[str, Any], recodes: dict[str, str]) -> dict[str, Any]:
    """An old record whose references to recoded items use their new codes.

    A scenario's ``items``/``situations.adds``, a certificate entry's ``applies_to`` and an
    item's ``parent`` then follow a recode instead of reporting it as a removal and an addition.
    """
    if not recodes:
        return data

    def new_code(value: Any) -> Any:
        return recodes.get(value, value) if isinstance(value, str) else value

    result = dict(data)
    if "parent" in result:
        result["parent"] = new_code(result["parent"])
    if isinstance(result.get("applies_to"), list):
        result["applies_to"] = [new_code(v) for v in result["applies_to"]]
    if isinstance(result.get("items"), list):
        result["items"] = [
            {**item, "code": new_code(code_of(item))} if code_of(item) else item
            for item in result["items"]
        ]
    if isinstance(result.get("situations"), list):
        result["situations"] = [
            {**s, "adds": [new_code(v) for v in s["adds"]]}
            if isinstance(s, dict) and isinstance(s.get("adds"), list)
            else s
            for s in result["situations"]
        ]
    return result
