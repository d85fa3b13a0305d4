"""Fingerprints the caches are keyed by, importable without the loader: a warm lint computes
them before anything else, so this module imports nothing heavy (profile of the warm path:
reaching ``code_fingerprint`` through ``compiler.load.cache`` imported the loader, ≈11 ms)."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: the parts of the package a parse depends on
LOADER_CODE = ("__init__.py", "load")


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
