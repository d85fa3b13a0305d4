"""The peers a user would otherwise run, in a virtual environment of their own.

check-jsonschema and yamllint are installed into ``benchmarks/.venv`` (created on first use,
ignored by git), never into the project's dependencies:

    python3 -m venv benchmarks/.venv
    benchmarks/.venv/bin/pip install check-jsonschema yamllint
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"
PACKAGES = ("check-jsonschema", "yamllint")


@dataclass(frozen=True, slots=True)
class Peers:
    check_jsonschema: Path
    yamllint: Path

    def versions(self) -> dict[str, str]:
        found = {}
        for name, tool in (("check-jsonschema", self.check_jsonschema), ("yamllint", self.yamllint)):
            done = subprocess.run([str(tool), "--version"], capture_output=True, text=True)
            found[name] = (done.stdout or done.stderr).strip().splitlines()[0] if done else "?"
        return found


def ensure_peers(venv: Path = VENV) -> Peers:
    """The peers' executables, installing them into ``venv`` when they are missing."""
    check = venv / "bin" / "check-jsonschema"
    yamllint = venv / "bin" / "yamllint"
    if not (check.exists() and yamllint.exists()):
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *PACKAGES], check=True
        )
    return Peers(check, yamllint)
