"""The lint result cache: when no input changed, the previous findings are the answer.

The key covers everything a finding depends on — the bytes of every catalog file, rule file and
schema, the configuration, the options, "today", the working directory (paths in findings are
relative to it) and the tool version — so a cached answer is byte-for-byte the answer a cold
run would give. Stored with ``marshal`` (plain values only); safe to delete.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.diagnostics import Diagnostic, LintResult, Location, Severity


def _digest_files(hasher: Any, paths: Iterable[Path], base: Path) -> None:
    for path in sorted(paths):
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b"\0unreadable"
        name = os.path.relpath(path, base)
        hasher.update(f"{name}\0{len(raw)}\0".encode())
        hasher.update(raw)


def cache_key(
    catalog: Path,
    rule_dirs: Iterable[Path],
    schemas: Path,
    settings_text: str,
) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    from compiler.load.cache import code_fingerprint

    hasher.update(f"{__version__}\0{code_fingerprint()}\0{os.getcwd()}\0{catalog}\0{settings_text}\0".encode())
    files = [p for p in catalog.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    _digest_files(hasher, files, catalog)
    for directory in rule_dirs:
        _digest_files(hasher, directory.glob("*.yaml"), directory)
    _digest_files(hasher, schemas.glob("*.json"), schemas)
    return hasher.hexdigest()


def _path(directory: Path, key: str) -> Path:
    return directory / f"lint-{key}.marshal"


def load(directory: Path, key: str) -> LintResult | None:
    try:
        files, items, rows = marshal.loads(_path(directory, key).read_bytes())
        diagnostics = [
            Diagnostic(
                rule=r[0], severity=Severity(r[1]), message=r[2], file=r[3], line=r[4],
                column=r[5], basis=r[6], title=r[7], item=r[8], waived=r[9],
                related=tuple(Location(*loc) for loc in r[10]), pointer=r[11],
            )
            for r in rows
        ]
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None
    return LintResult(diagnostics=diagnostics, files=files, items=items)


def store(directory: Path, key: str, result: LintResult) -> None:
    rows = [
        (
            d.rule, d.severity.value, d.message, d.file, d.line, d.column, d.basis, d.title,
            d.item, d.waived, [(r.file, r.line, r.column) for r in d.related], d.pointer,
        )
        for d in result.diagnostics
    ]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("lint-*.marshal"):
            old.unlink(missing_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".lint-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((result.files, result.items, rows)))
        os.replace(temp, _path(directory, key))
    except OSError:
        pass  # a read-only checkout still lints
