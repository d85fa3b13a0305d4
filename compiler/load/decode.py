"""Bytes to text: UTF-8 (with or without BOM) only, and a precise word on anything else.

Staff often save files from Excel or WPS as GBK; we recognise that and say so in Chinese
instead of failing with a codec traceback.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    message: str
    line: int
    column: int


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _looks_chinese(text: str) -> bool:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han > 0 and "\ufffd" not in text


def decode(raw: bytes) -> tuple[str | None, DecodeProblem | None]:
    """Return the text of a catalog file, or the reason it cannot be read."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, DecodeProblem("文件是 UTF-16 编码，请另存为 UTF-8（无 BOM）", 1, 1)
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line, column = _position(raw, offset)
        return None, DecodeProblem("文件含空字节（NUL），不是文本文件或已损坏", line, column)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line, column = _position(raw, err.start)
        bad = raw[err.start : err.start + 2].hex(" ").upper()
        try:
            as_gb = raw.decode("gb18030")
        except UnicodeDecodeError:
            as_gb = ""
        if as_gb and _looks_chinese(as_gb):
            try:
                raw.decode("gbk")
                name = "GBK"
            except UnicodeDecodeError:
                name = "GB18030"
            return None, DecodeProblem(
                f"文件似乎是 {name} 编码，请另存为 UTF-8（第 {line} 行起出现非 UTF-8 字节 {bad}）",
                line,
                column,
            )
        return None, DecodeProblem(
            f"文件不是有效的 UTF-8 编码（字节 {bad}），请另存为 UTF-8", line, column
        )
