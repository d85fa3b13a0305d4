"""Catalog files → SourceFile values: plain data, load problems, positions on demand."""

from __future__ import annotations

import gc
import hashlib
import os
import stat
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
    anchors: dict[str, list[int]] = field(default_factory=dict)  # entry start lines
    _locator: Locator | None = None

    def locate(self, pointer: Pointer) -> Spot:
        if self._locator is None:
            self._locator = Locator(_read_text(self.path), self.anchors)
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
    """Every YAML file of a catalog, sorted, with its kind (None: not where the format puts
    files, or not to be read at all — see :func:`refusal`). Symlinked folders are listed
    too (with kind None), never entered."""
    root = catalog.resolve()
    for dirpath, dirnames, filenames in os.walk(catalog, followlinks=False):
        here = Path(dirpath)
        visible = sorted(d for d in dirnames if not d.startswith("."))
        dirnames[:] = [d for d in visible if not (here / d).is_symlink()]
        linked = [d for d in visible if d not in dirnames]
        for name in sorted([*filenames, *linked]):
            if name.startswith(".") or (name not in linked and not name.endswith(YAML_SUFFIXES)):
                continue
            path = here / name
            rel = path.relative_to(catalog)
            yield path, None if name in linked else _kind_of(rel, path, root)


def refusal(path: Path, catalog: Path) -> str | None:
    """Why a discovered path is not read, or None: a symlinked folder, a symlink leading out
    of the catalog, anything but a regular file (a FIFO would block, a device never ends)."""
    try:
        if path.is_symlink():
            if path.is_dir():
                return "是指向文件夹的符号链接，其中的文件不会被读取"
            if not path.resolve().is_relative_to(catalog.resolve()):
                return "是指向目录之外的符号链接，出于安全未读取"
        if not stat.S_ISREG(path.stat().st_mode):
            return "不是普通文件，未读取"
    except (OSError, RuntimeError):  # a dangling or looping symlink
        return "无法读取（符号链接无效）"
    return None


def _kind_of(rel: Path, path: Path, root: Path) -> FileKind | None:
    if path.is_symlink():
        try:
            path.resolve().relative_to(root)
        except (ValueError, OSError, RuntimeError):
            return None
    parts = rel.parts
    stem = Path(parts[-1]).stem
    if len(parts) == 1:
        return ROOT_FILES.get(stem)
    if len(parts) == 2:
        return FOLDERS.get(parts[0])
    return None


def read_file(path: Path, kind: FileKind | None, limits: Limits) -> tuple[SourceFile, bytes | None]:
    """The file's bytes and digest, or a SourceFile that already says why it can't be read."""
    source = SourceFile(path=path, display=display_path(path), kind=kind)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limits.max_bytes else handle.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes or size > limits.max_bytes:  # even if it grew meanwhile
            source.readable = False
            source.problems.append(
                YamlProblem(
                    "file-too-large",
                    f"文件大小 {max(size, len(raw))} 字节，超过上限 {limits.max_bytes} 字节，未解析",
                    1,
                    1,
                )
            )
            return source, None
    except OSError as err:
        source.readable = False
        source.problems.append(YamlProblem("yaml-syntax", f"无法读取文件：{err.strerror}", 1, 1))
        return source, None
    source.digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return source, raw


def parse_bytes(source: SourceFile, raw: bytes, limits: Limits) -> SourceFile:
    """Decode and parse: fills data, problems and readable."""
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
    source.anchors = parsed.anchors
    source.problems.extend(parsed.problems)
    source.readable = parsed.ok
    return source


def load_file(path: Path, kind: FileKind | None, limits: Limits) -> SourceFile:
    source, raw = read_file(path, kind, limits)
    return source if raw is None else parse_bytes(source, raw, limits)


def read_catalog(catalog: Path, limits: Limits) -> Iterator[tuple[SourceFile, bytes | None]]:
    """Every catalog file with its bytes, unparsed; a file refused unread (a symlink out of
    the catalog, a device) comes with None and the finding that says why."""
    for path, kind in discover(catalog):
        refused = refusal(path, catalog)
        if refused is not None:
            source = SourceFile(path=path, display=display_path(path), kind=None)
            source.readable = False
            source.problems.append(YamlProblem("yaml-syntax", f"{path.name} {refused}", 1, 1))
            yield source, None
            continue
        yield read_file(path, kind, limits)


def load_catalog(
    catalog: Path,
    limits: Limits | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> list[SourceFile]:
    """Load every file of a catalog; one broken file never stops the others.

    Files whose bytes were parsed before come from the parse cache (``cache_dir``); large
    batches of the rest are parsed by several processes. Same result, same order, either way.
    """
    from compiler.load.cache import ParseCache
    from compiler.load.parallel import parse_all

    limits = limits or Limits()
    cache = ParseCache(cache_dir, limits) if cache_dir is not None else None
    enabled = gc.isenabled()
    gc.disable()  # large parsed trees: the cyclic collector only costs time here
    try:
        sources: list[SourceFile] = []
        todo: list[tuple[int, bytes]] = []
        for source, raw in read_catalog(catalog, limits):
            sources.append(source)
            if raw is not None and not (cache is not None and cache.fill(source)):
                todo.append((len(sources) - 1, raw))
        for index, parsed in parse_all([(sources[i], raw) for i, raw in todo], limits, jobs):
            sources[todo[index][0]] = parsed
        if cache is not None:
            cache.save(sources)
        return sources
    finally:
        if enabled:
            gc.enable()
