"""Write a file whole or not at all: bytes go to a temporary file in the same folder, which
then replaces the target in one rename. A reader (another zwfw, a crash halfway) sees the old
file or the new one, never a part; a failed write leaves no temporary file behind. Every cache
of zwfw writes its entries this way."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (raises OSError)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
