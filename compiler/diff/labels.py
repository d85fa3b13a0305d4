"""Chinese words for the diff: lists, kinds of change, effects, field paths and values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler.diff.fields import IDENTITY_KEYS, FieldPath, Ident, format_path
from compiler.load.kinds import FileKind

LIST_TITLES: dict[str, str] = {kind.value: kind.label for kind in FileKind}
LIST_TITLES["scenarios"] = "“高效办成一件事”场景清单"

KIND_TITLES = {
    "added": "新增",
    "removed": "取消",
    "changed": "变更",
    "recoded": "编码调整",
    "moved": "调整清单",
    "unchanged": "未变",
}

EFFECT_TITLES = {"improved": "改进", "regressed": "退步", "neutral": "中性"}
EFFECT_MARKS = {"improved": "▲ 改进", "regressed": "▼ 退步", "neutral": "· 中性"}

#: whole paths with a name of their own
PATH_TITLES = {
    "time_limit.legal": "法定办结时限",
    "time_limit.promised": "承诺办结时限",
    "handling.kind": "办件类型",
    "handling.visits": "到办事现场次数",
    "handling.online_depth": "网上办理深度",
    "handling.commitment": "告知承诺审批",
    "handling.in_center.value": "进驻政务服务中心",
    "handling.online.value": "可网上办理",
    "handling.one_visit.value": "可一次办",
    "fee.charged": "是否收费",
    "fee.items": "收费项目",
    "promised_days": "整体承诺时限",
    "delivery.days": "兑现时限",
}

#: one key (catalog-format.md tables)
KEY_TITLES = {
    "national_code": "国家基本目录编码", "name": "名称", "parent": "主项编码", "type": "类型",
    "department": "主管部门", "levels": "行使层级", "basis": "设定和实施依据",
    "conditions": "受理条件", "materials": "申请材料", "process": "办理流程",
    "time_limit": "办结时限", "legal": "法定", "promised": "承诺", "note": "备注",
    "fee": "收费", "charged": "是否收费", "result": "办理结果", "electronic": "电子证照",
    "handling": "办理", "kind": "类型", "online_depth": "网上办理深度",
    "visits": "到办事现场次数", "visit_reason": "必须现场办理原因", "channels": "办理形式",
    "in_center": "进驻政务服务中心", "online": "可网上办理", "one_visit": "可一次办",
    "commitment": "承诺", "tolerance": "容缺受理材料", "scope": "通办范围",
    "same_standard": "京津冀同事同标", "contact": "联系方式", "place": "办理地点",
    "hours": "办理时间", "phone": "咨询电话", "complaint_phone": "投诉电话", "form": "申请表",
    "supervision": "监管实施细则", "filing_timing": "备案类别", "status": "事项状态",
    "tags": "标签", "necessity": "必要性", "copies": "份数", "original": "原件",
    "copy": "复印件", "exempt": "免提交", "value": "是否", "reason": "原因", "detail": "说明",
    "material": "对应材料", "applies_to": "所涉事项", "domain": "所属领域",
    "issuer": "开具单位", "verification": "核查", "method": "方式", "days": "天数",
    "liability": "不实承诺责任", "document": "政策文件", "target": "对象", "mode": "兑现方式",
    "eligibility": "享受条件", "data_sources": "数据来源", "benefit": "政策内容",
    "content": "内容", "standard": "标准", "delivery": "兑现", "valid": "有效期", "from": "起",
    "to": "止", "lead": "牵头部门", "partners": "配合部门", "items": "所含事项",
    "situations": "情形引导", "question": "问题", "adds": "增加事项",
    "promised_days": "整体承诺时限", "required": "必填", "when": "条件", "label": "名称",
    "options": "可选值", "max_length": "最大长度", "source": "共享来源", "origin": "来源渠道",
    "issued_by": "出具单位", "e_license": "电子证照", "shared_by": "共享来源",
    "certificate": "证明事项", "title": "名称", "article": "条款", "level": "层级",
    "agency": "编制单位", "district": "区",
}  # fmt: skip

Names = Callable[[str], str | None]


def path_title(path: FieldPath, names: Names) -> str:
    """``materials[business-license].necessity`` → 申请材料「营业执照」·必要性."""
    parts: list[str] = []
    for index, segment in enumerate(path):
        prefix = format_path(path[: index + 1])
        if prefix in PATH_TITLES:
            parts = [PATH_TITLES[prefix]]
        elif isinstance(segment, Ident):
            shown = names(segment.value.split("#")[0]) or segment.value
            parts = [*parts[:-1], f"{parts[-1] if parts else ''}「{shown}」"]
        else:
            parts.append(KEY_TITLES.get(segment, segment))
    return "·".join(parts)


def show(value: Any, limit: int = 80) -> str:
    """A value as people read it: 是/否, lists joined with 、, null as —."""
    shown = _show(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_show(v) for v in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{KEY_TITLES.get(k, k)}：{_inner(v)}" for k, v in _described(value))
    return str(value)


def _inner(value: Any) -> str:
    if isinstance(value, dict):
        return "、".join(f"{KEY_TITLES.get(k, k)} {_show(v)}" for k, v in value.items())
    return _show(value)


def _described(value: dict[str, Any]) -> list[tuple[str, Any]]:
    """A list element's keys without the one that names it (the path already shows it)."""
    named = next((k for k in IDENTITY_KEYS if isinstance(value.get(k), (str, int))), None)
    rest = [(k, v) for k, v in value.items() if k != named]
    return rest or list(value.items())
