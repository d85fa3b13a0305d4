"""The lint result cache: when no input changed, the previous findings are the answer.

The key covers everything a finding depends on — the bytes of every catalog file, rule file and
schema, the configuration, the options, "today", the working directory (paths in findings are
relative to it), the tool version and its code — so a cached answer is byte-for-byte the answer
a cold run would give. The rules travel with the findings, so a warm run parses nothing.

Two keys lead to one entry: the content key (a digest of every input byte) and, to skip reading
the bytes at all, a stat key (every input's name, size, mtime, ctime and inode) that points to it. As
in git's index, a stat key is only recorded when every input's mtime is older than
``RACY_SECONDS``, so an edit in the same clock tick as the previous run can never hide behind
equal stats (and the ctime in the key catches an mtime set back by hand). Stored
with ``marshal`` (plain values only); the directory is safe to delete.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.diagnostics import Diagnostic, LintResult, Location, Severity
from compiler.lint.rules import Rule
from compiler.load.input_keys import InputKeys, input_files
from compiler.load.replace_file import replace_file

#: the parts of the package findings depend on (model: schemas generated as a last resort)
LINT_CODE = ("__init__.py", "config.py", "diagnostics.py", "lint", "load", "model")
_FORMAT = 3


def _inputs(catalog: Path, rule_dirs: Iterable[Path], schema_dirs: Iterable[Path]) -> list[str]:
    files = input_files(catalog, (".yaml", ".yml"))
    for directory in rule_dirs:
        files.extend(sorted(str(p) for p in directory.glob("*.yaml")))
    for directory in schema_dirs:
        files.extend(sorted(str(p) for p in directory.glob("*.json")))
    return files


class Probe:
    """The cache entry of one lint run's inputs: looked up before anything is parsed."""

    def __init__(
        self,
        directory: Path,
        catalog: Path,
        rule_dirs: Iterable[Path],
        schema_dirs: Iterable[Path],
        options: str,
    ) -> None:
        from compiler.load.fingerprint import code_fingerprint

        self.directory = directory
        self.keys = InputKeys(
            f"{_FORMAT}\0{__version__}\0{code_fingerprint(LINT_CODE)}\0{os.getcwd()}\0{catalog}\0{options}\0",
            _inputs(catalog, rule_dirs, schema_dirs),
        )
        self.stat_key = self.keys.stat_key

    @property
    def content_key(self) -> str:
        return self.keys.content_key

    def load(self) -> tuple[LintResult, list[Rule]] | None:
        """The cached result and rules, or None when these inputs were not linted before."""
        try:
            pointed = (self.directory / f"lint-stat-{self.stat_key}").read_text("ascii")
        except OSError:
            pointed = ""
        for key in (pointed, self.content_key) if pointed else (self.content_key,):
            found = _read(self.directory / f"lint-{key}.marshal")
            if found is not None:
                if key != pointed:
                    self._point()
                return found
        return None

    def store(self, result: LintResult, rules: Iterable[Rule]) -> None:
        payload = marshal.dumps((result.files, result.items, _rows(result), _rule_rows(rules)))
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in self.directory.glob("lint-*"):
                old.unlink(missing_ok=True)
            _write(self.directory / f"lint-{self.content_key}.marshal", payload)
        except OSError:
            return  # a read-only checkout still lints
        self._point()

    def _point(self) -> None:
        """Record the stat key, unless an input may still change within its clock tick."""
        if not self.keys.settled:
            return
        try:
            _write(self.directory / f"lint-stat-{self.stat_key}", self.content_key.encode())
        except OSError:
            pass


_write = replace_file


def diagnostic_row(d: Diagnostic) -> tuple[Any, ...]:
    """A finding as plain values (marshal stores nothing else)."""
    return (
        d.rule, d.severity.value, d.message, d.file, d.line, d.column, d.basis, d.title,
        d.item, d.waived, [(r.file, r.line, r.column) for r in d.related], d.pointer,
    )


def row_diagnostic(r: Any) -> Diagnostic:
    return Diagnostic(
        rule=r[0], severity=Severity(r[1]), message=r[2], file=r[3], line=r[4],
        column=r[5], basis=r[6], title=r[7], item=r[8], waived=r[9],
        related=tuple(Location(*loc) for loc in r[10]), pointer=r[11],
    )


def rule_row(r: Rule) -> tuple[Any, ...]:
    return (
        r.id, r.title, r.severity.value, r.group, r.group_title, r.basis, r.check,
        dict(r.params), r.message, r.rationale, dict(r.examples), r.source,
    )


def _rows(result: LintResult) -> list[tuple[Any, ...]]:
    return [diagnostic_row(d) for d in result.diagnostics]


def _rule_rows(rules: Iterable[Rule]) -> list[tuple[Any, ...]]:
    return [rule_row(r) for r in rules]


def _read(path: Path) -> tuple[LintResult, list[Rule]] | None:
    try:
        files, items, rows, rule_rows = marshal.loads(path.read_bytes())
        diagnostics = [row_diagnostic(r) for r in rows]
        rules = [
            Rule(
                id=r[0], title=r[1], severity=Severity(r[2]), group=r[3], group_title=r[4],
                basis=r[5], check=r[6], params=r[7], message=r[8], rationale=r[9],
                examples=r[10], source=r[11],
            )
            for r in rule_rows
        ]
    except (OSError, EOFError, ValueError, TypeError, IndexError, MemoryError):
        return None
    return LintResult(diagnostics=diagnostics, files=files, items=items), rules
