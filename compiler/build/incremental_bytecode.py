"""Compiled templates kept between compiles: Jinja's bytecode cache in the project's cache.

Compiling the templates a compile renders costs about 0.1 s. Jinja checks a stored template by
its name and the sha1 of its source; everything else that shapes the compiled code (the code of
the package, its environment's code generator among it, Jinja's version, Python's, the options)
is in the page salt (``incremental_pages.salt``), so the folder is named by the salt: any change
of them starts an empty folder, and the folders of other salts are removed. Safe to delete.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

FOLDER = "templates"


def bytecode_cache(cache: Path, salt: str) -> BytecodeCache | None:
    """The bytecode cache of templates compiled under ``salt``; None when it cannot be made."""
    root = cache / FOLDER
    folder = root / salt[:24]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for other in root.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder), "%s.cache")
