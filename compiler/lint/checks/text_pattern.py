"""``text-pattern``: texts at ``paths`` tested against a regular expression.

Parameters (besides ``select``/``files``/``where``, and ``cases``):

- ``paths``: where the texts are (``contact.phone``, ``conditions[*]``, ``materials[*].name``);
- ``forbid`` *or* ``require``: the regular expression a text must not / must match;
- ``match``: ``full`` (the whole text, the default) or ``partial`` (anywhere in it);
- ``split``: a regular expression that cuts a text into parts tested one by one (e.g. several
  phone numbers separated by ``；、,/``); empty parts are skipped;
- ``strip``: remove surrounding white space before testing (default true).

A number is tested as its text. An empty value — null, an empty list, an empty mapping — is
tested as the empty text, so ``forbid: '^$|无|…'`` also catches ``conditions: []``. A missing key
is never a hit (the ``schema`` rule reports it). Each hit carries ``value`` (the offending text or
part) and ``field`` (the key's Chinese title).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from compiler.lint.checks import Hit, hit, register
from compiler.lint.checks.selection import cases, selected
from compiler.lint.paths import walker
from compiler.lint.rules import RulebookError
from compiler.lint.schema_messages import title_at

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RulebookError(f"规则参数中的正则表达式 {pattern!r} 无效：{err}") from err


def as_text(value: Any) -> str | None:
    """The text a value is tested as; None for values that are not texts (non-empty lists…)."""
    if value is None or (isinstance(value, (list, dict)) and not value):
        return ""
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        return None
    return str(value)


def parts(text: str, split: str | None, strip: bool) -> list[str]:
    pieces = _compiled(split).split(text) if split else [text]
    if strip:
        pieces = [piece.strip() for piece in pieces]
    if split:
        pieces = [piece for piece in pieces if piece]
    return pieces


def offends(text: str, case: Mapping[str, Any]) -> bool:
    """Whether one text breaks the case's ``forbid``/``require`` expression."""
    full = str(case.get("match", "full")) == "full"
    if "forbid" in case:
        pattern = _compiled(str(case["forbid"]))
        return bool(pattern.fullmatch(text) if full else pattern.search(text))
    pattern = _compiled(str(case["require"]))
    return not (pattern.fullmatch(text) if full else pattern.search(text))


def _tester(case: Mapping[str, Any]) -> Callable[[str], bool]:
    """``offends`` for one case, with its expression compiled once."""
    full = str(case.get("match", "full")) == "full"
    forbid = "forbid" in case
    pattern = _compiled(str(case["forbid"] if forbid else case["require"]))
    test = pattern.fullmatch if full else pattern.search
    if forbid:
        return lambda text: test(text) is not None
    return lambda text: test(text) is None


@register("text-pattern")
def check(ctx: LintContext, rule: Rule) -> Iterator[Hit]:
    for case in cases(rule.params):
        if ("forbid" in case) == ("require" in case):
            raise RulebookError(f"规则 {rule.id}：text-pattern 须给出 forbid 或 require 之一")
        split = str(case["split"]) if case.get("split") else None
        strip = bool(case.get("strip", True))
        offending = _tester(case)
        walkers = [walker(str(path)) for path in case.get("paths", [case.get("path")])]
        for record in selected(ctx, case):
            for run in walkers:
                for rel, value in run(record.data):
                    if type(value) is str and split is None:  # the common case, inline
                        pieces = [value.strip() if strip else value]
                    else:
                        text = as_text(value)
                        if text is None:
                            continue
                        pieces = parts(text, split, strip)
                    for part in pieces:
                        if offending(part):
                            schema = dict(ctx.schemas.get(record.kind.schema_file, {}))
                            field = title_at(schema, (*record.pointer, *rel))
                            yield hit(record, rel, value=part, field=field)
                            break
