"""Tests run from the repository root so that relative paths in findings are stable."""

from __future__ import annotations

import os
from pathlib import Path

os.chdir(Path(__file__).resolve().parent.parent)
