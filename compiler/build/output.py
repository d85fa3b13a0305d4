"""The bytes of generated/: safe file names, the JSON serializer, the manifest, and `--check`.

Every output is a relative POSIX path → bytes, computed in memory first. ``compare`` tells how
the directory on disk differs from them (what ``--check`` reports); ``swap.write_output`` puts
them on disk atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class Kept:
    """An output already on disk, standing for its bytes: the file at its path held bytes of
    this ``sha256`` when it had this ``stat`` (size, mtime, ctime, inode), and that stat was
    settled then (``incremental_outputs``), so while the file keeps it, it keeps the bytes."""

    sha256: str
    stat: tuple[int, int, int, int]


#: an output's bytes, or a reference to the same bytes already in the output folder
Output = bytes | Kept


def stat_of(st: os.stat_result) -> tuple[int, int, int, int]:
    """The stat a Kept records: size, mtime, ctime, inode."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


#: longest name safe_name gives, leaving room for suffixes (``.formily.json``) under the
#: 255-byte limit of common file systems
MAX_NAME = 200
#: names Windows gives to devices, whatever the extension (``CON.html`` is the console)
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))]
)


#: a code safe_name leaves as it is: safe ASCII, no leading dot, at most MAX_NAME long
_PLAIN = re.compile(rf"[A-Za-z0-9_-][A-Za-z0-9._-]{{0,{MAX_NAME - 1}}}")


def safe_name(code: str) -> str:
    """A file name for a code: [A-Za-z0-9._-] kept, every other byte of its UTF-8 as %XX.

    The mapping is one-to-one (``%`` itself becomes ``%25``) and never yields ``/``, NUL, an
    absolute path, ``.``/``..`` or a hidden file (a leading dot is encoded as ``%2E``), nor a
    Windows device name (``CON`` becomes ``%43ON``), nor a name longer than ``MAX_NAME``: a
    longer one keeps its beginning and ends in ``%%`` and a digest of the code (``%%`` never
    occurs otherwise, so names stay one-to-one). An empty code has no name (ValueError).
    """
    if _PLAIN.fullmatch(code) and code.split(".")[0].upper() not in _WINDOWS_DEVICES:
        return code  # already a safe name: what the mapping below gives it
    if not code:
        raise ValueError("编码为空，无法生成文件名")
    name = "".join(chr(byte) if byte in _SAFE else f"%{byte:02X}" for byte in code.encode())
    if name.startswith(".") or name.split(".")[0].upper() in _WINDOWS_DEVICES:
        name = f"%{ord(name[0]):02X}" + name[1:]
    if len(name) > MAX_NAME:
        name = name[: MAX_NAME - 18] + "%%" + hashlib.sha256(code.encode()).hexdigest()[:16]
    return name


def to_json(value: Any) -> bytes:
    """The one JSON serializer of compile: sorted keys, UTF-8, indent 2, a trailing newline."""
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_relative(path: str) -> None:
    """Refuse an output path that could leave the output directory (a bug, never user input)."""
    if (
        not path
        or "\x00" in path
        or "\\" in path
        or path.startswith("/")
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise ValueError(f"不安全的输出路径：{path!r}")


def inputs_digest(files: Iterable[tuple[str, bytes | str]]) -> str:
    """sha256 over the sorted (relative path, content digest) pairs of the inputs."""
    digest = hashlib.sha256()
    for path, content in sorted(files):
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest.update(path.encode("utf-8") + b"\x00" + data + b"\n")
    return digest.hexdigest()


def manifest(files: Mapping[str, bytes], inputs: str, version: str) -> bytes:
    """manifest.json: every other output path → sha256, the inputs' digest, the tool version."""
    return manifest_of({path: sha256(data) for path, data in files.items()}, inputs, version)


def manifest_of(hashes: Mapping[str, str], inputs: str, version: str) -> bytes:
    """manifest.json from the outputs' digests (path → sha256)."""
    return to_json(
        {
            "files": dict(sorted(hashes.items())),
            "inputs": inputs,
            "tool": "zwfw",
            "version": version,
        }
    )


@dataclass(frozen=True, slots=True)
class Differences:
    """How an output directory differs from what compile would write (sorted paths)."""

    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)


def files_on_disk(out: Path) -> set[str]:
    """Every file under ``out`` as a relative POSIX path (empty when it does not exist)."""
    found: set[str] = set()
    if not out.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        here = Path(dirpath)
        for name in filenames:
            found.add((here / name).relative_to(out).as_posix())
    return found


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (size first, then the bytes)."""
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def holds(path: Path, kept: Kept) -> bool:
    """Whether the file at ``path`` still has the stat ``kept`` recorded."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat_of(st) == kept.stat


def same_output(path: Path, data: Output) -> bool:
    """Whether the file at ``path`` holds ``data`` (for a Kept: its stat, else its digest)."""
    if not isinstance(data, Kept):
        return same_bytes(path, data)
    if holds(path, data):
        return True
    try:
        return not path.is_symlink() and sha256(path.read_bytes()) == data.sha256
    except OSError:
        return False


def compare(out: Path, files: Mapping[str, Output]) -> Differences:
    """What differs between ``out`` on disk and ``files``; reads only, writes nothing."""
    on_disk = files_on_disk(out)
    changed, missing = [], []
    for path, data in files.items():
        check_relative(path)
        if path not in on_disk:
            missing.append(path)
        elif not same_output(out / path, data):
            changed.append(path)
    extra = on_disk.difference(files)
    return Differences(tuple(sorted(changed)), tuple(sorted(missing)), tuple(sorted(extra)))
