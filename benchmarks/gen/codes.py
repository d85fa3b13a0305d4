"""Codes: 统一社会信用代码 of departments and the numbering of service items."""

from __future__ import annotations

from benchmarks.gen.departments import REGION_CODE
from benchmarks.gen.words import TYPE_CODE

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

Counters = dict[str, int]  # type code, "local", "filing", "natl" → last number given


def uscc(org_seq: int) -> str:
    """A valid 统一社会信用代码 of a 机关 (11) in 天津 with a valid 组织机构代码 inside."""
    body = f"{10_000_000 + org_seq * 7919 % 89_999_999:08d}"
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    org = body + ("X" if check == 10 else "0" if check == 11 else str(check))
    code17 = "11" + REGION_CODE + org
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code17, USCC_WEIGHTS, strict=True))
    return code17 + USCC_CHARS[(31 - total % 31) % 31]


def new_counters() -> Counters:
    return {t: 0 for t in (*TYPE_CODE.values(), "local", "filing", "natl")}


def next_code(counters: Counters, type_code: str) -> str:
    """The next 12-digit code of a single item of that type code (two digits)."""
    counters[type_code] += 1
    return f"12{type_code}{counters[type_code]:05d}000"


def next_local_code(counters: Counters, type_code: str) -> str:
    """The next local code (a national_code goes with it unless a defect leaves it out)."""
    counters["local"] += 1
    return f"{REGION_CODE}-{type_code}-{counters['local']:06d}"
