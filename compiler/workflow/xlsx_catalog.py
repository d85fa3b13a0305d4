"""What an import needs from the rest of the catalog: departments and the material dictionary.

Departments a sheet names but catalog.yaml lacks are added there with a generated id
(``dept-001``, ``dept-002`` … — stable, never reused, free of pinyin guesses) and the sheet's
name; their level is left for staff to fill in (``zwfw lint`` asks for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from compiler.load.yaml12 import parse
from compiler.workflow import yaml_write

SCHEMA_HEADER = "# yaml-language-server: $schema=../schemas/catalog.schema.json\n"


class CatalogUnusable(Exception):
    """A catalog file the import must read or update cannot be read (exit 2)."""


def read_plain(path: Path, strict: bool = True) -> Any:
    """A catalog file as plain data through the project's YAML 1.2 loader; None if absent.

    ``strict``: a file that will be rewritten must have no problem at all (a duplicate key
    would silently lose a value); a file only read needs only to be readable."""
    if not path.is_file():
        return None
    try:
        parsed = parse(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogUnusable(f"{path} 无法读取：{err}") from None
    if not parsed.ok or (strict and parsed.problems):
        problem = parsed.problems[0] if parsed.problems else None
        where = f"第 {problem.line} 行：{problem.message}" if problem else "无法解析"
        raise CatalogUnusable(f"{path} 无法读取（{where}），请先修复（zwfw lint 可定位问题）")
    return parsed.data


@dataclass(slots=True)
class Departments:
    """catalog.yaml's departments, and those this import adds."""

    path: Path
    by_name: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    added: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, catalog: Path) -> Departments:
        found = cls(catalog / "catalog.yaml")
        data = read_plain(found.path)
        entries = data.get("departments") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("id") is not None:
                found.ids.add(str(entry["id"]))
                if isinstance(entry.get("name"), str):
                    found.by_name.setdefault(entry["name"], str(entry["id"]))
        return found

    def resolve(self, name: str | None, given_id: str | None) -> str:
        """The id of a department named by the sheet; unknown ones are added."""
        if given_id:
            if given_id not in self.ids:
                self._add(given_id, name)
            return given_id
        assert name
        if name in self.by_name:
            return self.by_name[name]
        if name in self.ids:
            return name
        numbers = [int(m.group(1)) for i in self.ids if (m := re.fullmatch(r"dept-(\d+)", i))]
        new_id = f"dept-{max(numbers, default=0) + 1:03d}"
        self._add(new_id, name)
        return new_id

    def _add(self, new_id: str, name: str | None) -> None:
        entry = {"id": new_id} | ({"name": name} if name else {})
        self.added.append(entry)
        self.ids.add(new_id)
        if name:
            self.by_name.setdefault(name, new_id)

    def write(self) -> bool:
        """Append the added departments to catalog.yaml, keeping everything else."""
        if not self.added:
            return False
        doc = yaml_write.load(self.path) if self.path.is_file() else CommentedMap()
        if doc is None:
            doc = CommentedMap()
        if not isinstance(doc, CommentedMap) or not isinstance(
            doc.setdefault("departments", CommentedSeq()), CommentedSeq
        ):
            raise CatalogUnusable(f"{self.path} 的 departments 不是列表，无法补充部门")
        for entry in self.added:
            doc["departments"].append(yaml_write.node(entry, ("departments", "*"), lambda _: True))
        text = yaml_write.dump(doc)
        if not self.path.is_file():
            text = SCHEMA_HEADER + text
        yaml_write.write_atomic(self.path, text)
        return True


@dataclass(slots=True)
class MaterialDictionary:
    """materials.yaml: key ↔ name, for turning a material's name into its key."""

    names: dict[str, str] = field(default_factory=dict)  # key → name
    keys_by_name: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, catalog: Path) -> MaterialDictionary:
        found = cls()
        data = read_plain(catalog / "materials.yaml", strict=False)
        entries = data.get("materials") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                name = str(entry.get("name", ""))
                found.names[entry["key"]] = name
                found.keys_by_name.setdefault(name, []).append(entry["key"])
        return found

    def entry(self, name: str) -> dict[str, Any]:
        """A material named in a list cell: a dictionary reference when the name is unique there."""
        keys = self.keys_by_name.get(name, [])
        if len(keys) == 1:
            return {"material": keys[0]}
        if name in self.names:
            return {"material": name}
        return {"name": name}

    def name_of(self, entry: dict[str, Any]) -> str:
        if "material" in entry:
            return self.names.get(str(entry["material"])) or str(entry["material"])
        return str(entry.get("name", ""))
