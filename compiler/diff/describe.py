"""Raw changes → FieldChange values: the stable path, the effect, a Chinese label."""

from __future__ import annotations

from compiler.diff.effects import Effect, Side, classify
from compiler.diff.fields import RawChange, format_path
from compiler.diff.labels import Names, path_title
from compiler.diff.model import FieldChange
from compiler.diff.snapshot import Snapshot


def field_changes(raw: list[RawChange], old: Side, new: Side, names: Names) -> list[FieldChange]:
    return [describe(change, classify(change, old, new), names) for change in raw]


def describe(change: RawChange, effect: Effect, names: Names) -> FieldChange:
    return FieldChange(
        path=format_path(change.path),
        old=change.old,
        new=change.new,
        effect=effect,
        label=path_title(change.path, names),
    )


def name_lookup(old: Snapshot, new: Snapshot) -> Names:
    """Readable names for identities in paths: departments, materials, elements, codes."""
    found: dict[str, str] = {}
    for snapshot in (old, new):  # the new version's names win
        found.update(snapshot.departments)
        found.update({k: str(v.get("name", k)) for k, v in snapshot.materials.items()})
        found.update({k: str(v.get("label", k)) for k, v in snapshot.elements.items()})
        found.update({code: e.name for code, e in snapshot.entries.items() if e.name})
    return found.get
