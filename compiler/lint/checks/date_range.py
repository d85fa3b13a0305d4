"""``date-range``: a record's date range must cover a reference date.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``from`` / ``to``: paths of the range's first and last day (``valid.from``, ``valid.to``);
  an absent end is open (长期有效); a record with neither is not judged;
- ``date``: ``effective-date`` (the catalog's 生效日期, or the run's today where catalog.yaml
  has none) or ``today`` (``--today``);
- ``open_end``: the text shown for an absent end (``长期``), optional;
- ``reasons``: ``{before, after}`` — the hit's ``reason`` text when the range starts after the
  date (尚未生效) and when it ends before it (已失效).

A hit is at the offending end; it carries ``date`` (the reference date), ``from``, ``to`` (as
written) and ``reason``. A value that is not a date is left to the ``schema`` rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import walk
from compiler.lint.rules import RulebookError

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@register("date-range")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    from compiler.lint.context import as_date

    for case in cases(rule.params):
        which = str(case.get("date", "effective-date"))
        if which not in ("effective-date", "today") or ("from" not in case and "to" not in case):
            raise RulebookError(
                f"规则 {rule.id}：date-range 须给出 from 或 to，date 为 effective-date 或 today"
            )
        date = ctx.today if which == "today" else (ctx.effective_date or ctx.today)
        reasons = case.get("reasons") or {}
        for record in selected(ctx, case):
            ends = {}
            for end in ("from", "to"):
                found = next(iter(walk(record.data, str(case[end]))), None) if end in case else None
                ends[end] = found
            start, stop = ends["from"], ends["to"]
            written = {end: (spot[1] if spot is not None else None) for end, spot in ends.items()}
            open_end = case.get("open_end")
            fields = {
                "date": date.isoformat(),
                "from": written["from"] if written["from"] is not None else open_end,
                "to": written["to"] if written["to"] is not None else open_end,
            }
            first_day = as_date(start[1]) if start is not None else None
            last_day = as_date(stop[1]) if stop is not None else None
            if start is not None and first_day is not None and first_day > date:
                yield hit(record, start[0], **fields, reason=reasons.get("before", ""))
            elif stop is not None and last_day is not None and last_day < date:
                yield hit(record, stop[0], **fields, reason=reasons.get("after", ""))
