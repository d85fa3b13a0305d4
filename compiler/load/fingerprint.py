"""Fingerprints the caches are keyed by, importable without the loader: a warm lint computes
them before anything else, so this module imports nothing heavy (profile of the warm path:
reaching ``code_fingerprint`` through ``compiler.load.cache`` imported the loader, ≈11 ms)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import zlib
from pathlib import Path

#: the parts of the package a parse depends on
LOADER_CODE = ("__init__.py", "load")
#: libraries whose code makes output bytes (templates, workbooks, models, parsed values)
LIBRARIES = ("jinja2", "markupsafe", "openpyxl", "pydantic", "pydantic_core", "yaml")


def code_fingerprint(parts: tuple[str, ...] = LOADER_CODE) -> str:
    """Size and mtime of every module in ``parts`` of the package (files or folders): caches
    never outlive a change of the code they depend on, and nothing else invalidates them."""
    root = Path(__file__).resolve().parent.parent
    found = []
    for part in parts:
        base = root / part
        paths = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return stable("\n".join(found))


def stable(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def library_fingerprint() -> str:
    """Python, zlib and where each of LIBRARIES lives with its module's size and mtime (an
    upgrade changes them), found without importing any of them."""
    parts = [sys.version, zlib.ZLIB_RUNTIME_VERSION]
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        parts.append(f"{name}:{origin}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
    return "\n".join(parts)
