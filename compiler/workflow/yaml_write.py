"""Round-trip YAML for tools that edit catalog files: comments, quotes and layout are kept.

One ruamel.yaml set-up (YAML 1.2, round-trip, quotes preserved, no line folding, the catalog's
indentation), building nodes in the house style (small mappings and short lists in flow style,
codes double-quoted), setting a key at its schema position, and writing files atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from compiler.load.yaml12 import resolve_plain

Path_ = tuple[str, ...]
#: decides, for the path of a new mapping or sequence, whether it is written in flow style
FlowRule = Callable[[Path_], bool]


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def round_trip() -> YAML:
    """The one ruamel set-up for catalog files."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def load(path: Path) -> Any:
    return round_trip().load(path.read_text("utf-8-sig"))


def dump(data: Any) -> str:
    stream = io.StringIO()
    round_trip().dump(data, stream)
    return stream.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write a text file (UTF-8, LF) atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it over the target:
    a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def quoted(text: str) -> DoubleQuotedScalarString:
    result: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return result


def scalar(value: Any) -> Any:
    """A string that YAML 1.2 would read as a number, bool or null is double-quoted."""
    if isinstance(value, str) and not isinstance(value, DoubleQuotedScalarString):
        if value and not isinstance(resolve_plain(value), str):
            return quoted(value)
    return value


def node(value: Any, path: Path_, flow: FlowRule) -> Any:
    """Plain data → ruamel nodes in the house style."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = node(item, (*path, key), flow)
        if flow(path):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(node(item, (*path, "*"), flow) for item in value)
        if flow(path):
            sequence.fa.set_flow_style()
        return sequence
    return scalar(value)


def plain(value: Any) -> Any:
    """ruamel nodes → plain dicts, lists and scalars (for comparison)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def same(old: Any, new: Any) -> bool:
    """Equal as data, with 1 ≠ true and 1 ≠ 1.0 (YAML tells them apart); a date equals its
    ISO text (the catalog loader reads YAML 1.2, where 2025-03-01 is a string)."""
    if isinstance(old, dt.date):
        old = old.isoformat()
    if isinstance(new, dt.date):
        new = new.isoformat()
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return type(old) is type(new) and bool(old == new)


def set_key(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> bool:
    """Set ``mapping[key]`` unless it already holds an equal value; a new key goes where the
    schema order puts it. Returns whether anything changed."""
    if key in mapping:
        old = mapping[key]
        if same(plain(old), plain(value)):
            return False
        if isinstance(old, (CommentedMap, CommentedSeq)) and isinstance(
            value, (CommentedMap, CommentedSeq)
        ):
            value.fa._flow_style = old.fa.flow_style()  # keep the file's own layout
        mapping[key] = value
        return True
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if rank.get(str(existing), len(order)) > mine:
            position = index
            break
    mapping.insert(position, key, value)
    return True
