"""``zwfw fmt`` as one function: settings in, an FmtResult out.

    paths ──collect──> catalog YAML files (kind from folder / file name)
      └─> for each: read ──decode──> format_text ──> unchanged | changed ──(not --check)──> write

A file is written atomically (a temporary file beside it, then ``os.replace``), keeping its
permissions. A file that cannot be read, decoded, parsed or safely formatted is reported and
left untouched; the others are still formatted.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from compiler.load.decode import decode
from compiler.load.kinds import FOLDERS, ROOT_FILES, FileKind
from compiler.load.parallel import default_jobs
from compiler.load.source import YAML_SUFFIXES, display_path, refusal
from compiler.load.yaml12 import Limits
from compiler.workflow.fmt_order import shape_of
from compiler.workflow.fmt_text import HEADER_PREFIX, FmtProblem, format_text

#: progress(done, total, file): called after each file
Progress = Callable[[int, int, str], None]

#: from this many files on, format on several cores
PARALLEL_MIN_FILES = 8
START_METHOD = "forkserver"


@dataclass(frozen=True, slots=True)
class FmtSettings:
    paths: tuple[Path, ...]
    schemas: Path | None = None  # where the editor header points; None: add no header
    check: bool = False  # report the files that would change, write nothing
    limits: Limits = field(default_factory=Limits)
    progress: Progress | None = None


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    display: str
    changed: bool = False  # formatting changes it (written, unless --check)
    problems: tuple[FmtProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class FmtResult:
    files: tuple[FileOutcome, ...]
    missing: tuple[Path, ...] = ()
    check: bool = False

    @property
    def changed(self) -> tuple[FileOutcome, ...]:
        return tuple(f for f in self.files if f.changed)

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        """Files that could not be read, decoded or parsed (exit 1)."""
        return tuple(f for f in self.files if any(p.fatal for p in f.problems))

    @property
    def kept(self) -> tuple[FileOutcome, ...]:
        """Files fmt left as they are because it could not format them safely (a warning)."""
        return tuple(f for f in self.files if f.problems and not any(p.fatal for p in f.problems))

    @property
    def exit_code(self) -> int:
        if self.missing:
            return 2
        return 1 if self.failed or (self.check and self.changed) else 0


def kind_of(path: Path) -> FileKind | None:
    """A file's kind by where it lives: a list folder, or one of the root files."""
    by_folder = FOLDERS.get(path.parent.name)
    return by_folder if by_folder is not None else ROOT_FILES.get(path.stem)


def collect(paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """The files to format (a named file always; in a folder, catalog YAML files) and the
    paths that do not exist."""
    found: dict[Path, None] = {}
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.update(dict.fromkeys(_walk(path)))
        elif path.is_file():
            found[path] = None
        else:
            missing.append(path)
    return list(found), missing


def _walk(folder: Path) -> Iterator[Path]:
    """Catalog files under ``folder``; never a symlink leading out of it (writing one would
    rewrite a file elsewhere) nor anything but a regular file (lint reports those)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".") and kind_of(path):
                if refusal(path, folder) is None:
                    yield path


def header_for(path: Path, kind: FileKind | None, schemas: Path | None) -> str | None:
    """``# yaml-language-server: $schema=<relative path>`` for the file, if a schema exists."""
    if kind is None or schemas is None or not schemas.is_dir():
        return None
    target = os.path.relpath(schemas.resolve() / kind.schema_file, path.resolve().parent)
    return HEADER_PREFIX + Path(target).as_posix()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path``'s content in one step; its mode is kept (symlinks: the target)."""
    target = path.resolve()
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".zwfw-fmt", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_file(path: Path, settings: FmtSettings) -> FileOutcome:
    """Format one file (or only compare, with ``settings.check``)."""
    display = display_path(path)
    try:
        if path.stat().st_size > settings.limits.max_bytes:
            return FileOutcome(
                path,
                display,
                problems=(FmtProblem(f"文件超过 {settings.limits.max_bytes} 字节，未格式化"),),
            )
        raw = path.read_bytes()
    except OSError as err:
        return FileOutcome(path, display, problems=(FmtProblem(f"无法读取文件：{err.strerror}"),))
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return FileOutcome(
            path, display, problems=(FmtProblem(problem.message, problem.line, problem.column),)
        )
    kind = kind_of(path)
    shape = shape_of(kind) if kind is not None else None
    result = format_text(text, shape, header_for(path, kind, settings.schemas), settings.limits)
    if result.problems:
        return FileOutcome(path, display, problems=result.problems)
    data = result.text.encode("utf-8")
    if data == raw:
        return FileOutcome(path, display)
    if not settings.check:
        try:
            write_atomically(path, data)
        except OSError as err:
            return FileOutcome(
                path, display, problems=(FmtProblem(f"无法写入文件：{err.strerror}"),)
            )
    return FileOutcome(path, display, changed=True)


def _format_all(files: list[Path], settings: FmtSettings) -> Iterator[FileOutcome]:
    """Outcomes in the order of ``files``; many files are formatted on several cores
    (ruamel.yaml is pure Python: about half a millisecond a line). Workers come from a
    fork server, so they never inherit the threads of a progress bar."""
    done = 0
    jobs = default_jobs()
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        plain = replace(settings, progress=None)  # workers get picklable settings
        try:
            context = multiprocessing.get_context(START_METHOD)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                for outcome in pool.map(partial(format_file, settings=plain), files, chunksize=2):
                    done += 1
                    yield outcome
            return
        except (OSError, RuntimeError, ValueError, BrokenProcessPool):
            pass  # no worker processes here: format the rest in this one
    for path in files[done:]:
        yield format_file(path, settings)


def run_fmt(settings: FmtSettings) -> FmtResult:
    """Format (or check) every file under ``settings.paths``."""
    files, missing = collect(settings.paths)
    outcomes: list[FileOutcome] = []
    for outcome in _format_all(files, settings):
        outcomes.append(outcome)
        if settings.progress is not None:
            settings.progress(len(outcomes), len(files), outcome.display)
    return FmtResult(tuple(outcomes), tuple(missing), settings.check)


def report(result: FmtResult, quiet: bool = False) -> tuple[list[str], list[str]]:
    """What fmt tells the user: (lines for stdout, lines for stderr)."""
    out: list[str] = []
    err = [f"{p}：路径不存在" for p in result.missing]
    for outcome in (*result.failed, *result.kept):
        for p in outcome.problems:
            label = "错误" if p.fatal else "警告"
            err.append(f"{outcome.display}:{p.line}:{p.column}: {label}：{p.message}")
    changed = result.changed
    if result.check:
        out.extend(f"需要格式化：{outcome.display}" for outcome in changed)
        if changed:
            out.append(f"{len(changed)} 个文件需要格式化（运行 zwfw fmt）")
        elif not quiet:
            out.append(f"{len(result.files)} 个文件格式均已规范")
    elif not quiet:
        out.extend(f"已格式化：{outcome.display}" for outcome in changed)
        unchanged = len(result.files) - len(changed) - len(result.failed) - len(result.kept)
        out.append(f"已格式化 {len(changed)} 个文件，{unchanged} 个无需改动")
    if result.failed:
        err.append(f"{len(result.failed)} 个文件无法读取或解析，未格式化")
    if result.kept:
        err.append(f"{len(result.kept)} 个文件未能安全格式化，保持原样")
    return out, err
