"""Codecs: how the values of one kind of column are read from and written to a cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from compiler.model import common
from compiler.workflow import xlsx_lists as lists
from compiler.workflow.xlsx_cells import (
    PLACEHOLDERS,
    Cell,
    parse_bool,
    parse_count,
    parse_days,
    parse_depth,
    parse_enum,
    parse_enums,
)


@dataclass(frozen=True, slots=True)
class Codec:
    """``parse`` reads the (non-empty) text of a cell; ``format`` writes a value back."""

    parse: Callable[[str], Cell]
    format: Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


def _bool_text(value: Any) -> Any:
    return ("是" if value else "否") if isinstance(value, bool) else value


def enum(literal: Any, label: str, synonyms: Mapping[str, str] | None = None) -> Codec:
    allowed = get_args(literal)
    table = dict(synonyms or {})
    return Codec(lambda text: parse_enum(text, allowed, table, label), _as_is)


def enums(literal: Any, label: str, synonyms: Mapping[str, str] | None = None) -> Codec:
    allowed = get_args(literal)
    table = dict(synonyms or {})

    def fmt(values: Any) -> Any:
        return "、".join(map(str, values)) if values else "无"

    return Codec(lambda text: parse_enums(text, allowed, table, label), fmt)


_PLACE_LABEL = re.compile(r"^(?:办理地点|受理地点|地点|地址)\s*[：:]\s*")


def _parse_place(text: str) -> Cell:
    return Cell(_PLACE_LABEL.sub("", text, count=1) or text)


def _parse_flag(text: str) -> Cell:
    """进驻/网办/一次办: 是 / 否, optionally "否（需实物查验）" naming the reason."""
    match = re.fullmatch(r"(.+?)\s*[（(](.+)[）)]", text)
    if match is None:
        return parse_bool(text)
    flag = parse_bool(match.group(1))
    reason = parse_enum(match.group(2), get_args(common.NegativeReason), {}, "负面清单原因")
    if flag.problems or reason.problems:
        return Cell(text, True, [f"“{text}”应为“是”或“否”，可写作“否（需实物查验）”"])
    return Cell({"value": flag.value, "reason": reason.value})


def _parse_none(text: str) -> Cell:
    """监管实施细则 "无": the item has none (``supervision: null``)."""
    if text in PLACEHOLDERS:
        return Cell(None)
    return Cell(text, True, [f"“{text}”：此列只填“无”（没有监管实施细则）；细则内容填在监管对象等列"])


def _parse_raw(text: str) -> Cell:
    """其他字段（YAML）: ``key: value`` lines, a dotted key for a nested one (handling.visits)."""
    from compiler.load.yaml12 import parse

    parsed = parse(text)
    if not parsed.ok or parsed.problems or not isinstance(parsed.data, dict):
        return Cell(None, False, [f"不是有效的 YAML 映射（每行“字段: 值”），未导入：{text[:60]}"])
    return Cell({str(key): value for key, value in parsed.data.items()})


def _format_raw(value: Any) -> Any:
    from compiler.workflow.yaml_emit import flow_lines

    return flow_lines(value) if value else None


TEXT = Codec(Cell, _as_is)
RAW = Codec(_parse_raw, _format_raw)
NONE = Codec(_parse_none, lambda value: "无" if value is None else None)
PLACE = Codec(_parse_place, _as_is)
DAYS = Codec(parse_days, _as_is)
COUNT = Codec(parse_count, _as_is)
COPIES = Codec(lambda text: parse_count(text, "份数"), _as_is)
DEPTH = Codec(parse_depth, _as_is)
BOOL = Codec(parse_bool, _bool_text)
FLAG = Codec(_parse_flag, _bool_text)
#: free texts where "无" is itself a (placeholder) entry: 受理条件, 办理流程
TEXTS = Codec(lambda text: lists.parse_lines(text, True), lambda v: lists.format_lines(v, True))
#: other lists of texts, where "无" means the empty list
LIST = Codec(lambda text: lists.parse_lines(text, False), lambda v: lists.format_lines(v, False))
BASIS = Codec(lists.parse_basis, lists.format_basis)
FEES = Codec(lists.parse_fees, lists.format_fees)
FORM = Codec(lists.parse_form, lists.format_form)
WAIVERS = Codec(lists.parse_waivers, lists.format_waivers)

ITEM_TYPE = enum(
    common.ItemType,
    "事项类型",
    {
        "许可": "行政许可", "给付": "行政给付", "确认": "行政确认", "奖励": "行政奖励",
        "裁决": "行政裁决", "其他权力": "其他行政权力", "其他职权": "其他行政权力",
        "公共服务事项": "公共服务", "备案": "行政备案",
        # 事项类型代码 (national code chars 3–4)
        "01": "行政许可", "1": "行政许可", "05": "行政给付", "5": "行政给付",
        "07": "行政确认", "7": "行政确认", "08": "行政奖励", "8": "行政奖励",
        "09": "行政裁决", "9": "行政裁决", "10": "其他行政权力", "20": "公共服务",
    },
)
LEVELS = enums(
    common.ItemLevel,
    "行使层级",
    {"市": "市级", "区": "区级", "街道": "街道级", "村": "村级", "乡镇级": "街道级",
     "乡镇（街道）级": "街道级", "社区级": "村级", "村（社区）级": "村级"},
)
CHANNELS = enums(
    common.Channel,
    "办理形式",
    {"窗口": "窗口办理", "窗口受理": "窗口办理", "线下办理": "窗口办理", "现场办理": "窗口办理",
     "网上": "网上办理", "网办": "网上办理", "在线办理": "网上办理", "网上申请": "网上办理",
     "移动端": "移动端办理", "掌上办": "移动端办理", "掌上办理": "移动端办理", "手机端": "移动端办理",
     "快递": "快递申请", "邮寄": "快递申请", "邮寄申请": "快递申请", "快递办理": "快递申请",
     "自助": "自助终端", "自助机": "自助终端", "自助办理": "自助终端", "自助终端办理": "自助终端"},
)
KIND = enum(common.HandlingKind, "办件类型", {"即办": "即办件", "承诺": "承诺件"})
SCOPE = enum(common.Scope, "通办范围")
RESULT_TYPE = enum(common.ResultType, "结果类型", {"证件": "证照", "证书": "证照", "批复": "批文"})
REASON = enum(common.NegativeReason, "负面清单原因")
FILING = enum(common.FilingTiming, "备案类别", {"事前": "事前备案", "事后": "事后备案"})
STATUS = enum(common.ItemStatus, "事项状态")
NECESSITY = enum(
    common.Necessity,
    "必要性",
    {"必须": "必要", "必需": "必要", "必交": "必要", "必要材料": "必要", "是": "必要",
     "非必须": "非必要", "非必需": "非必要", "选交": "非必要", "可选": "非必要", "否": "非必要",
     "容缺": "容缺后补", "容缺受理": "容缺后补"},
)
ORIGIN = enum(
    common.Origin,
    "来源渠道",
    {"自备": "申请人自备", "申请人": "申请人自备", "政府核发": "政府部门核发",
     "部门核发": "政府部门核发", "中介": "中介机构出具", "中介机构": "中介机构出具"},
)
MATERIAL_FORM = enum(
    common.MaterialForm, "材料形式", {"纸质/电子": "纸质或电子", "纸质、电子": "纸质或电子"}
)
