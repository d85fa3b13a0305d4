"""Baseline (基线): adopt zwfw on a legacy catalog gradually.

``zwfw lint --write-baseline FILE`` records the findings of the run; ``zwfw lint --baseline FILE``
then fails only on findings that are not in it.

- **Identity.** A finding is recorded by :attr:`Diagnostic.fingerprint` — rule, file, item code
  and JSON pointer, never line numbers, so editing other parts of a file keeps the baseline
  valid. The file is taken relative to the baseline file's folder, so the baseline holds
  wherever zwfw is run from. Several findings with one fingerprint are counted.
- **What is recorded.** Every finding that is not waived (a waived finding needs no baseline; once
  its waiver expires it is new).
- **The file.** JSON, sorted, one entry per fingerprint:
  ``{"version": 1, "findings": [{"rule", "file", "item", "pointer", "count"}]}``.
- **How known findings are shown.** They stay in the report, marked: ``waived`` is true (so
  they never fail the run, and SARIF / GitHub / JUnit show them as suppressed) and the message
  starts with ``［基线］``. ``summary.waived`` counts them with the waived ones.
- **What no longer occurs.** Baseline entries without a finding are reported: in the text report
  as 提示 lines after the findings, in the JSON report under an extra top-level key
  ``"baseline": {"file", "known", "new", "absent": [{"rule", "file", "item", "pointer",
  "count"}]}`` (``diagnostics`` and ``summary`` are unchanged). Other formats carry the marks only.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.diagnostics import Diagnostic, LintResult, Severity

VERSION = 1
MARK = "［基线］"


class BaselineError(Exception):
    """The baseline file cannot be read (exit 2)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded fingerprint and how many findings carried it."""

    rule: str
    file: str
    item: str | None
    pointer: str
    count: int = 1

    @property
    def fingerprint(self) -> str:
        return _probe(self.rule, self.file, self.item, self.pointer).fingerprint

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "file": self.file,
            "item": self.item,
            "pointer": self.pointer,
            "count": self.count,
        }


def _probe(rule: str, file: str, item: str | None, pointer: str) -> Diagnostic:
    return Diagnostic(rule, Severity.INFO, "", file, 0, 0, item=item, pointer=pointer)


def _relative(file: str, folder: Path) -> str:
    """A finding's file (relative to the current directory) relative to the baseline's folder."""
    try:
        return Path(os.path.relpath(os.path.abspath(file), os.path.abspath(folder))).as_posix()
    except ValueError:  # another drive
        return Path(file).as_posix()


def entries_of(diagnostics: Iterable[Diagnostic], folder: Path) -> list[Entry]:
    counts: Counter[tuple[str, str, str | None, str]] = Counter()
    for d in diagnostics:
        if not d.waived:
            counts[(d.rule, _relative(d.file, folder), d.item, d.pointer)] += 1
    entries = [Entry(*key, count=count) for key, count in counts.items()]
    return sorted(entries, key=lambda e: (e.fingerprint, e.count))


def write_baseline(path: Path, result: LintResult) -> int:
    """Record the run's findings; the number of findings recorded."""
    entries = entries_of(result.diagnostics, path.parent)
    document = {"version": VERSION, "findings": [e.as_json() for e in entries]}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    try:
        path.write_text(text, "utf-8")
    except OSError as err:
        raise BaselineError(f"无法写入基线文件 {path}：{err.strerror or err}") from err
    return sum(e.count for e in entries)


def read_baseline(path: Path) -> list[Entry]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as err:
        raise BaselineError(f"基线文件不存在：{path}（先用 --write-baseline 生成）") from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BaselineError(f"无法读取基线文件 {path}：{err}") from err
    findings = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(findings, list) or document.get("version") != VERSION:
        raise BaselineError(
            f"{path} 不是 zwfw 基线文件（应为 version {VERSION}，含 findings 列表）"
        )
    entries: list[Entry] = []
    for number, raw in enumerate(findings, start=1):
        try:
            item = raw.get("item")
            entries.append(
                Entry(
                    rule=str(raw["rule"]),
                    file=str(raw["file"]),
                    item=None if item is None else str(item),
                    pointer=str(raw.get("pointer", "")),
                    count=int(raw.get("count", 1)),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            raise BaselineError(f"{path}：第 {number} 条记录缺少 rule 或 file（{err}）") from err
    return entries


@dataclass(slots=True)
class BaselineOutcome:
    """A lint result seen through a baseline."""

    file: str
    result: LintResult
    known: int = 0
    new: int = 0
    absent: list[Entry] = field(default_factory=list)
    recorded: int | None = None  # findings written by --write-baseline

    def report(self, text: str, format: str) -> str:
        """The reporter's output with what the baseline adds to it (text and json)."""
        if format == "json":
            document = json.loads(text)
            document["baseline"] = {
                "file": self.file,
                "known": self.known,
                "new": self.new,
                "absent": [e.as_json() for e in self.absent],
            }
            return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if format == "text":
            return text + self.summary_lines()
        return text

    def summary_lines(self) -> str:
        lines = [
            f"基线 {self.file}：{self.known} 个已知问题（标为{MARK}，不计入失败），{self.new} 个新问题"
        ]
        if self.absent:
            gone = sum(e.count for e in self.absent)
            lines.append(
                f"提示：基线中有 {gone} 个问题已不再出现，可用 --write-baseline 更新基线："
            )
            for e in self.absent:
                where = f"{e.file} {e.pointer}".rstrip()
                times = f" ×{e.count}" if e.count > 1 else ""
                lines.append(f"  {e.rule}  {where}  {e.item or ''}{times}".rstrip())
        return "\n".join(lines) + "\n"


def apply_baseline(result: LintResult, entries: list[Entry], path: Path) -> BaselineOutcome:
    """Mark the findings the baseline knows; list the entries that no longer occur."""
    remaining: Counter[str] = Counter()
    by_print: dict[str, Entry] = {}
    for entry in entries:
        remaining[entry.fingerprint] += entry.count
        by_print.setdefault(entry.fingerprint, entry)
    folder = path.parent
    outcome = BaselineOutcome(file=path.as_posix(), result=result)
    marked: list[Diagnostic] = []
    for d in result.diagnostics:
        if d.waived:
            marked.append(d)
            continue
        key = _probe(d.rule, _relative(d.file, folder), d.item, d.pointer).fingerprint
        if remaining[key] > 0:
            remaining[key] -= 1
            outcome.known += 1
            marked.append(dataclasses.replace(d, waived=True, message=f"{MARK}{d.message}"))
        else:
            outcome.new += 1
            marked.append(d)
    outcome.result = LintResult(diagnostics=marked, files=result.files, items=result.items)
    outcome.absent = [
        dataclasses.replace(by_print[key], count=count)
        for key, count in sorted(remaining.items())
        if count > 0
    ]
    return outcome


def through_baseline(
    result: LintResult, baseline: Path | None, write: Path | None
) -> BaselineOutcome | None:
    """``--write-baseline`` records the run; the result is then seen through ``--baseline``, or
    through the baseline just written (every finding known: the run passes)."""
    recorded = write_baseline(write, result) if write is not None else None
    path = baseline or write
    if path is None:
        return None
    outcome = apply_baseline(result, read_baseline(path), path)
    outcome.recorded = recorded
    return outcome
