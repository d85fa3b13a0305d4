"""Findings of the one-file rules, kept per file: after an edit only the edited files are
checked again by them.

Most of lint after a one-item edit was spent re-running rules whose findings in a file depend
on that file alone — the JSON Schema, ``predicate`` (a schema on one record), ``text-pattern``
and ``compare`` (fields of one record) — over the 267 files that did not change. Their
findings are stored by (file name, digest of its bytes) under a salt covering everything else
they can depend on: the definitions of those rules, the schemas, "today", the tool's version
and code. Rules that look across records (references, uniqueness, 同事同标 …) always run on the
whole catalog, so every finding is the one a cold run gives; ``tests/test_cache_invisible.py``
edits files between runs and compares with ``--no-cache``.

Stored with ``marshal`` (plain values only) in one file that holds the current files'
entries; safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.diagnostics import Diagnostic
from compiler.lint.context import LintContext
from compiler.lint.result_cache import LINT_CODE, diagnostic_row, row_diagnostic, rule_row
from compiler.lint.rules import Rule
from compiler.load.fingerprint import code_fingerprint
from compiler.load.replace_file import replace_file
from compiler.load.source import SourceFile

#: checks whose findings in a file are a function of that file's bytes (and the salt) alone
LOCAL_CHECKS = frozenset({"json-schema", "predicate", "text-pattern", "compare"})
_FORMAT = 1

Entry = dict[str, list[tuple[Any, ...]]]  # rule id → rows of its findings in one file


def _key(source: SourceFile) -> str:
    return f"{source.display}\0{source.digest}"


class LocalFindings:
    """The one-file rules of a run: which files they must still see, what the others had."""

    def __init__(self, directory: Path, ctx: LintContext, rules: list[Rule]) -> None:
        self.rules = {rule.id for rule in rules}
        salt = json.dumps(
            [
                _FORMAT, __version__, code_fingerprint(LINT_CODE), ctx.today.isoformat(),
                [rule_row(rule) for rule in rules], ctx.schemas,
            ],
            sort_keys=True, ensure_ascii=False, default=str,
        )
        digest = hashlib.blake2b(salt.encode(), digest_size=16).hexdigest()
        self.path = directory / f"local-{digest}.marshal"
        self.directory = directory
        stored = _load(self.path)
        self._stored = len(stored)
        readable = [s for s in ctx.sources if s.digest and s.readable]
        self.known: dict[str, Entry] = {
            _key(s): stored[_key(s)] for s in readable if _key(s) in stored
        }
        self.fresh = [s for s in readable if _key(s) not in self.known]
        self.others = [s for s in ctx.sources if not (s.digest and s.readable)]
        #: what the one-file rules must still look at: new or changed files (and any file
        #: that could not be keyed, which is never stored)
        self.context = LintContext(
            sources=[*self.fresh, *self.others], today=ctx.today, schemas=ctx.schemas
        )
        self.current = [_key(s) for s in readable]

    def cached(self, rule_id: str) -> list[Diagnostic]:
        return [row_diagnostic(row) for entry in self.known.values() for row in entry.get(rule_id, ())]

    def store(self, by_rule: Mapping[str, list[Diagnostic]]) -> None:
        """Record the fresh files' findings; keep exactly the current files' entries."""
        if not self.fresh and len(self.known) == self._stored:
            return
        fresh: dict[str, Entry] = {_key(s): {} for s in self.fresh}
        names = {s.display: _key(s) for s in self.fresh}
        for rule_id in self.rules:
            for diagnostic in by_rule.get(rule_id, ()):
                key = names.get(diagnostic.file)
                if key is not None:
                    fresh[key].setdefault(rule_id, []).append(diagnostic_row(diagnostic))
        entries = {**self.known, **fresh}
        try:
            payload = marshal.dumps({key: entries[key] for key in self.current})
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in self.directory.glob("local-*.marshal"):
                if old != self.path:
                    old.unlink(missing_ok=True)
            replace_file(self.path, payload)
        except (OSError, ValueError):
            pass  # a read-only checkout, or a value marshal cannot store: no cache


def _load(path: Path) -> dict[str, Entry]:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError, MemoryError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
