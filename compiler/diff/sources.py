"""A diff input — a catalog directory or ``REF:PATH`` in git — as a list of SourceFile values.

Git inputs are read without a checkout: ``git ls-tree`` names the blobs under the tree
``REF:PATH`` and one ``git cat-file --batch`` process hands over their bytes, which go through
the same decoder and YAML 1.2 parser as files on disk.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.load.decode import decode
from compiler.load.kinds import FOLDERS, ROOT_FILES, FileKind
from compiler.load.source import YAML_SUFFIXES, SourceFile, load_catalog
from compiler.load.yaml12 import Limits, YamlProblem, parse


class DiffInputError(Exception):
    """An input that cannot be compared at all (exit 2); the message is Chinese."""


@dataclass(frozen=True, slots=True)
class LoadedInput:
    label: str  # the argument as given: "v2024:catalog", "catalog"
    sources: list[SourceFile]


def load_input(spec: str, cwd: Path, limits: Limits) -> LoadedInput:
    """A directory if one exists at ``spec``, else ``REF:PATH`` read from the git repository.

    PATH is relative to the repository's root, as in ``git show REF:PATH`` (``REF:./PATH`` is
    relative to ``cwd``); an empty PATH is the root itself.
    """
    directory = cwd / spec
    if directory.is_dir():
        return LoadedInput(spec, load_catalog(directory, limits))
    ref, path = git_spec(spec)
    return LoadedInput(spec, _load_git(ref, path, cwd, limits))


def git_spec(spec: str) -> tuple[str, str]:
    """``REF:PATH`` → (REF, PATH without surrounding slashes), or DiffInputError."""
    if ":" not in spec:
        raise DiffInputError(f"目录不存在：{spec}（也可写作 git 引用:路径，例如 v2024:catalog）")
    ref, _, path = spec.partition(":")
    if not ref:
        raise DiffInputError(f"{spec} 缺少 git 引用，应写作 引用:路径，例如 v2024:catalog")
    return ref, path.strip("/")


def kind_of(rel: PurePosixPath) -> FileKind | None:
    """The file kind of a path relative to the catalog root (catalog-format.md §1)."""
    parts = rel.parts
    if len(parts) == 1:
        return ROOT_FILES.get(PurePosixPath(parts[0]).stem)
    if len(parts) == 2:
        return FOLDERS.get(parts[0])
    return None


def source_from_bytes(
    display: str, kind: FileKind | None, raw: bytes, limits: Limits
) -> SourceFile:
    """What ``load_file`` makes of a file on disk, from bytes read elsewhere."""
    source, unparsed = unparsed_from_bytes(display, kind, raw, limits)
    if unparsed is None:
        return source
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        found = YamlProblem("yaml-syntax", problem.message, problem.line, problem.column)
        source.problems.append(found)
        source.readable = False
        return source
    parsed = parse(text, limits)
    source.data = parsed.data
    source.problems.extend(parsed.problems)
    source.readable = parsed.ok
    return source


def unparsed_from_bytes(
    display: str, kind: FileKind | None, raw: bytes, limits: Limits
) -> tuple[SourceFile, bytes | None]:
    """What ``read_file`` makes of a file on disk, from bytes read elsewhere: the SourceFile
    with its digest and the bytes to parse, or None when they are past the size limit."""
    source = SourceFile(path=Path(display), display=display, kind=kind)
    if len(raw) > limits.max_bytes:
        message = f"文件大小 {len(raw)} 字节，超过上限 {limits.max_bytes} 字节，未解析"
        source.problems.append(YamlProblem("file-too-large", message, 1, 1))
        source.readable = False
        return source, None
    source.digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return source, raw


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError as err:
        raise DiffInputError(f"无法运行 git：{err.strerror}") from err


def _load_git(ref: str, path: str, cwd: Path, limits: Limits) -> list[SourceFile]:
    return [
        source_from_bytes(display, kind, raw, limits)
        for display, kind, raw in git_files(ref, path, cwd)
    ]


def git_files(ref: str, path: str, cwd: Path) -> list[tuple[str, FileKind | None, bytes]]:
    """(display path, kind, bytes) of every catalog file under the tree ``REF:PATH``."""
    spec = f"{ref}:{path}"
    if _git(cwd, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise DiffInputError(f"{spec}：当前目录不在 git 仓库中，无法读取 git 引用")
    if _git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise DiffInputError(f"{spec}：找不到 git 引用 {ref}（分支、标签或提交）")
    kind = _git(cwd, "cat-file", "-t", spec)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        raise DiffInputError(f"{spec}：{ref} 中没有目录 {path or '.'}")
    listing = _git(cwd, "ls-tree", "-r", "-z", "--full-tree", spec)
    if listing.returncode != 0:
        raise DiffInputError(f"{spec}：git ls-tree 失败：{listing.stderr.decode(errors='replace')}")
    blobs: list[tuple[PurePosixPath, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, otype, oid = meta.decode().split(" ")
        rel = PurePosixPath(name.decode("utf-8", errors="surrogateescape"))
        if otype != "blob" or mode not in ("100644", "100755"):
            continue  # symlinks and submodules are not catalog files
        if rel.suffix not in YAML_SUFFIXES or any(p.startswith(".") for p in rel.parts):
            continue
        blobs.append((rel, oid))
    blobs.sort(key=lambda blob: blob[0].parts)
    contents = _cat_files(cwd, [oid for _, oid in blobs], spec)
    prefix = f"{spec}/" if path else spec
    return [
        (f"{prefix}{rel.as_posix()}", kind_of(rel), raw)
        for (rel, _), raw in zip(blobs, contents, strict=True)
    ]


def _cat_files(cwd: Path, oids: list[str], spec: str) -> list[bytes]:
    if not oids:
        return []
    batch = _git(cwd, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    if batch.returncode != 0:
        raise DiffInputError(f"{spec}：git cat-file 失败：{batch.stderr.decode(errors='replace')}")
    out, pos, found = batch.stdout, 0, []
    for _ in oids:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split(b" ")[2])
        found.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return found
