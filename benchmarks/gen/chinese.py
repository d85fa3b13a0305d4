"""Chinese numerals and the titles of laws."""

from __future__ import annotations

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
