"""The effect of a field change for the applicant: improved, regressed or neutral.

Improved (cli-contract.md): fewer materials (a material removed, made exempt or optional),
fewer visits, fewer days (``time_limit.legal``/``promised``, a scenario's ``promised_days`` and
``visits``, a policy's ``delivery.days``), no fee, deeper ``online_depth``, 告知承诺 or 容缺
added (``handling.commitment``, ``handling.tolerance``, an item added to a certificate entry's
``applies_to``), an item newly in center / online / one-visit, a policy turned from 即申即享
into 免申即享. Regressed is the exact opposite; anything else is neutral. Every rule is
antisymmetric, so swapping the versions swaps improved and regressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from compiler.diff.fields import FieldPath, RawChange, lookup, pattern


class Effect(StrEnum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    NEUTRAL = "neutral"

    @property
    def mirror(self) -> Effect:
        """The effect of the same change read backwards."""
        if self is Effect.IMPROVED:
            return Effect.REGRESSED
        return Effect.IMPROVED if self is Effect.REGRESSED else Effect.NEUTRAL


@dataclass(frozen=True, slots=True)
class Side:
    """One version of a record with what its effective values depend on."""

    record: dict[str, Any]
    materials: dict[str, dict[str, Any]] = field(default_factory=dict)  # 材料目录
    city: dict[str, Any] | None = None  # for a 区级实施清单 entry: the city standard it restates


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _order(old: float | None, new: float | None) -> Effect:
    """Lower is better."""
    if old is None or new is None or old == new:
        return Effect.NEUTRAL
    return Effect.IMPROVED if new < old else Effect.REGRESSED


def _flag(value: Any) -> float | None:
    """A yes/no 'the applicant gains this' flag; absent counts as no."""
    if value is None:
        return 0.0
    return float(value) if isinstance(value, bool) else None


def _presence(value: Any) -> float:
    return 0.0 if value is None else 1.0


NECESSITY_BURDEN = {"非必要": 0.0, "容缺后补": 1.0, "必要": 2.0}
MODE_BURDEN = {"免申即享": 0.0, "即申即享": 1.0}


def exempt(element: Any, materials: dict[str, dict[str, Any]]) -> bool:
    """Whether the applicant is spared submitting a material (catalog-format.md §5 ``exempt``)."""
    if not isinstance(element, dict):
        return False
    if isinstance(element.get("exempt"), bool):
        return bool(element["exempt"])
    entry = materials.get(element["material"]) if isinstance(element.get("material"), str) else None
    return bool(entry and (entry.get("e_license") or entry.get("shared_by")))


def burden(element: Any, materials: dict[str, dict[str, Any]]) -> float:
    """What a material costs the applicant: 0 when absent, exempt or optional."""
    if not isinstance(element, dict) or exempt(element, materials):
        return 0.0
    return NECESSITY_BURDEN.get(str(element.get("necessity")), 2.0)


Rule = Callable[[RawChange, Side, Side], Effect]


def _value(change: RawChange, side: Side, value: Any) -> Any:
    """A 区级 entry that leaves a field out keeps the city's value."""
    if value is None and side.city is not None:
        return lookup(side.city, change.path)
    return value


def _lower(c: RawChange, o: Side, n: Side) -> Effect:
    return _order(_number(_value(c, o, c.old)), _number(_value(c, n, c.new)))


def _higher(c: RawChange, o: Side, n: Side) -> Effect:
    return _lower(c, o, n).mirror


def _gained(c: RawChange, o: Side, n: Side) -> Effect:
    return _order(_flag(c.new), _flag(c.old))


def _charged(c: RawChange, o: Side, n: Side) -> Effect:
    both = isinstance(c.old, bool) and isinstance(c.new, bool)
    return _order(float(c.old), float(c.new)) if both else Effect.NEUTRAL


def _element_added(c: RawChange, o: Side, n: Side) -> Effect:
    return _order(_presence(c.new), _presence(c.old))


def _material(c: RawChange, o: Side, n: Side) -> Effect:
    return _order(burden(c.old, o.materials), burden(c.new, n.materials))


def _material_part(c: RawChange, o: Side, n: Side) -> Effect:
    old, new = lookup(o.record, c.path[:2]), lookup(n.record, c.path[:2])
    if c.path[-1] == "exempt":
        return _order(float(not exempt(old, o.materials)), float(not exempt(new, n.materials)))
    if exempt(old, o.materials) and exempt(new, n.materials):
        return Effect.NEUTRAL
    return _order(NECESSITY_BURDEN.get(str(c.old)), NECESSITY_BURDEN.get(str(c.new)))


def _mode(c: RawChange, o: Side, n: Side) -> Effect:
    return _order(MODE_BURDEN.get(str(c.old)), MODE_BURDEN.get(str(c.new)))


RULES: dict[str, Rule] = {
    "time_limit.legal": _lower,
    "time_limit.promised": _lower,
    "handling.visits": _lower,
    "promised_days": _lower,  # 一件事
    "visits": _lower,  # 一件事
    "delivery.days": _lower,  # 免申即享
    "handling.online_depth": _higher,
    "fee.charged": _charged,
    "handling.commitment": _gained,
    "handling.in_center.value": _gained,
    "handling.online.value": _gained,
    "handling.one_visit.value": _gained,
    "handling.tolerance[]": _element_added,
    "applies_to[]": _element_added,  # 告知承诺: a certificate entry now covers the item
    "materials[]": _material,
    "materials[].necessity": _material_part,
    "materials[].exempt": _material_part,
    "mode": _mode,
}


def classify(change: RawChange, old: Side, new: Side) -> Effect:
    rule = RULES.get(pattern(change.path))
    return rule(change, old, new) if rule is not None else Effect.NEUTRAL


def classify_material_entry(change: RawChange, old: dict[str, Any], new: dict[str, Any]) -> Effect:
    """A 材料目录 entry: gaining ``e_license`` or ``shared_by`` makes it exempt by default.

    When both change at once the effect is carried by ``e_license`` alone, counted once.
    """
    path: FieldPath = change.path
    if path not in (("e_license",), ("shared_by",)):
        return Effect.NEUTRAL
    if path == ("shared_by",) and old.get("e_license") != new.get("e_license"):
        return Effect.NEUTRAL

    def locked(entry: dict[str, Any]) -> float:
        return float(not (entry.get("e_license") or entry.get("shared_by")))

    return _order(locked(old), locked(new))
