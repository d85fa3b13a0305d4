"""Text: YAML written by hand (every string a JSON string, which is a YAML 1.2
double-quoted scalar), Chinese numerals and the titles of laws."""

from __future__ import annotations

import json
from collections.abc import Iterable

_QUOTED: dict[str, str] = {}


def q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (a JSON string), memoised: most strings repeat."""
    out = _QUOTED.get(text)
    if out is None:
        out = json.dumps(text, ensure_ascii=False)
        if len(_QUOTED) < 500_000:
            _QUOTED[text] = out
    return out


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def flow_map(pairs: Iterable[tuple[str, str]]) -> str:
    """A flow mapping from already-rendered values."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def yes(value: bool) -> str:
    return "true" if value else "false"


def flow_map_some(pairs: Iterable[tuple[str, str]]) -> str:
    """A flow mapping of the pairs whose rendered value is not "" (those are left out)."""
    return flow_map((k, v) for k, v in pairs if v)


def q_some(text: str) -> str:
    """q(text), or "" for an empty text (left out by flow_map_some)."""
    return q(text) if text else ""


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..999 in Chinese numerals, as in 第三十五条."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + (("一" + cn_number(rest)) if rest < 20 else cn_number(rest))


def law_title(level: str, domain: str) -> str:
    return {
        "法律": f"中华人民共和国{domain}法",
        "行政法规": f"{domain}管理条例",
        "国务院决定": "国务院对确需保留的行政审批项目设定行政许可的决定",
        "地方性法规": f"天津市{domain}条例",
        "部门规章": f"{domain}管理办法",
        "地方政府规章": f"天津市{domain}管理规定",
        "规范性文件": f"关于进一步规范{domain}工作的通知",
    }[level]
