"""Catalog files → SourceFile values: plain data, load problems, positions on demand."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load.decode import decode
from compiler.load.kinds import FOLDERS, ROOT_FILES, FileKind
from compiler.load.locate import Locator, Pointer, Spot
from compiler.load.yaml12 import Limits, YamlProblem, parse

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class SourceFile:
    """One catalog file as lint sees it."""

    path: Path
    display: str
    kind: FileKind | None
    digest: str = ""
    data: Any = None
    problems: list[YamlProblem] = field(default_factory=list)
    readable: bool = True  # False: no values could be read (syntax error, encoding, limits)
    _locator: Locator | None = None

    def locate(self, pointer: Pointer) -> Spot:
        if self._locator is None:
            self._locator = Locator(_read_text(self.path))
        return self._locator.find(pointer)

    def release(self) -> None:
        self._locator = None


def _read_text(path: Path) -> str | None:
    try:
        text, _ = decode(path.read_bytes())
    except OSError:
        return None
    return text


def display_path(path: Path) -> str:
    """The path as users see it in findings: relative to the current directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    return Path(rel).as_posix()


def discover(catalog: Path) -> Iterator[tuple[Path, FileKind | None]]:
    """Every YAML file of a catalog, sorted, with its kind (None: not where the format puts files)."""
    root = catalog.resolve()
    for dirpath, dirnames, filenames in os.walk(catalog, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(catalog)
            yield path, _kind_of(rel, path, root)


def _kind_of(rel: Path, path: Path, root: Path) -> FileKind | None:
    if path.is_symlink():
        try:
            path.resolve().relative_to(root)
        except ValueError:
            return None
    parts = rel.parts
    stem = Path(parts[-1]).stem
    if len(parts) == 1:
        return ROOT_FILES.get(stem)
    if len(parts) == 2:
        return FOLDERS.get(parts[0])
    return None


def load_file(path: Path, kind: FileKind | None, limits: Limits) -> SourceFile:
    source = SourceFile(path=path, display=display_path(path), kind=kind)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            source.readable = False
            source.problems.append(
                YamlProblem(
                    "file-too-large",
                    f"文件大小 {size} 字节，超过上限 {limits.max_bytes} 字节，未解析",
                    1,
                    1,
                )
            )
            return source
        raw = path.read_bytes()
    except OSError as err:
        source.readable = False
        source.problems.append(YamlProblem("yaml-syntax", f"无法读取文件：{err.strerror}", 1, 1))
        return source
    source.digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        source.readable = False
        source.problems.append(
            YamlProblem("yaml-syntax", problem.message, problem.line, problem.column)
        )
        return source
    parsed = parse(text, limits)
    source.data = parsed.data
    source.problems.extend(parsed.problems)
    source.readable = parsed.ok
    return source


def load_catalog(catalog: Path, limits: Limits | None = None) -> list[SourceFile]:
    """Load every file of a catalog; one broken file never stops the others."""
    limits = limits or Limits()
    files = list(discover(catalog))
    enabled = gc.isenabled()
    gc.disable()  # large parsed trees: the cyclic collector only costs time here
    try:
        return [load_file(path, kind, limits) for path, kind in files]
    finally:
        if enabled:
            gc.enable()
