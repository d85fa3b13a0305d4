"""Column headings (列标题) of the usual government spreadsheets → catalog keys.

``COLUMNS`` is the item sheet in export order: each column's canonical heading, the synonyms
staff sheets use for it, where its value goes in an item and how its cells are read. Columns
with ``export=False`` are understood on import only (实施编码, 基本编码, 是否支持物流快递 …).
``MATERIAL_COLUMNS`` is the 申请材料 sheet: one row per material of an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.workflow import xlsx_codecs as c
from compiler.workflow.xlsx_codecs import Codec

Path = tuple[str, ...]

#: paths that are not catalog keys but steer the import
DEPARTMENT_ID: Path = ("@department_id",)
COURIER: Path = ("@courier",)
BASIC_CODE: Path = ("@basic_code",)  # 基本编码: the code, or national_code next to 实施编码
MATERIAL_INDEX: Path = ("@index",)
ITEM_NAME: Path = ("@item_name",)
ROW_NUMBER: Path = ("@row",)
RAW: Path = ("@raw",)
#: columns that only a 申请材料 sheet has
MATERIAL_DETAIL: tuple[Path, ...] = (
    ("material",), ("origin",), ("necessity",), ("copies", "original"), ("copies", "copy"),
    ("form",), ("note",), ("exempt",),
)


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    path: Path
    codec: Codec
    synonyms: tuple[str, ...] = ()
    export: bool = True


def _flag(key: str, yes: str, no: str, synonyms: tuple[str, ...]) -> list[Column]:
    base = ("handling", key)
    return [
        Column(yes, (*base, "value"), c.FLAG, synonyms),
        Column(f"{no}原因", (*base, "reason"), c.REASON),
        Column(f"{no}具体说明", (*base, "detail"), c.TEXT),
        Column(f"{no}依据", (*base, "basis"), c.TEXT),
    ]


COLUMNS: tuple[Column, ...] = (
    Column("序号", ROW_NUMBER, c.TEXT, ("行号",), export=False),  # the sheet's own numbering
    Column("事项编码", ("code",), c.TEXT, ("事项代码", "事项编号", "编码", "TASK_CODE")),
    Column("实施编码", ("code",), c.TEXT, ("业务办理项编码", "实施清单编码"), export=False),
    Column("基本编码", BASIC_CODE, c.TEXT, ("地方基本编码", "基本目录编码", "CATAID"), export=False),
    Column("事项名称", ("name",), c.TEXT, ("事项名", "名称", "事项标准名称", "实施清单名称", "TASK_NAME")),
    Column("事项类型", ("type",), c.ITEM_TYPE, ("事项类别", "权力类型", "职权类型", "类型", "事项类型代码", "TASK_TYPE_TEXT")),
    Column("主管部门", ("department",), c.TEXT,
           ("实施机关", "实施主体", "实施部门", "主管单位", "责任部门", "办理部门", "部门",
            "实施主体名称", "实施机关名称", "DEPT_NAME")),
    Column("主管部门标识", DEPARTMENT_ID, c.TEXT, ("部门标识",)),
    Column("对应国家基本目录编码", ("national_code",), c.TEXT,
           ("国家基本目录编码", "国家事项编码", "国家基本编码", "关联国家事项编码")),
    Column("主项编码", ("parent",), c.TEXT, ("父项编码", "所属主项编码")),
    Column("行使层级", ("levels",), c.LEVELS, ("层级", "实施层级", "事项层级", "matter_level")),
    Column("设定依据", ("basis",), c.BASIS, ("设定和实施依据", "法律依据", "实施依据", "设立依据", "依据")),
    Column("受理条件", ("conditions",), c.TEXTS, ("申请条件", "办理条件", "受理标准", "accept_standard")),
    Column("申请材料", ("materials",), c.LIST,
           ("材料", "申请材料目录", "所需材料", "申报材料", "提交材料", "材料名称", "material_intro")),
    Column("办理流程", ("process",), c.TEXTS, ("办理程序", "办事流程", "流程")),
    Column("法定办结时限", ("time_limit", "legal"), c.DAYS,
           ("法定时限", "法定期限", "法定办理时限", "handle_time")),
    Column("承诺办结时限", ("time_limit", "promised"), c.DAYS,
           ("承诺时限", "承诺期限", "承诺办理时限", "handle_time_limit")),
    Column("时限说明", ("time_limit", "note"), c.TEXT, ("办结时限说明",)),
    Column("是否收费", ("fee", "charged"), c.BOOL, ("收费情况", "收费与否")),
    Column("收费标准", ("fee", "items"), c.FEES,
           ("收费项目", "收费项目及标准", "收费依据及标准", "收费标准及依据")),
    Column("办理结果", ("result", "name"), c.TEXT, ("结果名称", "审批结果", "审批结果名称", "办理结果名称")),
    Column("结果类型", ("result", "type"), c.RESULT_TYPE, ("审批结果类型", "办理结果类型")),
    Column("结果是否电子化", ("result", "electronic"), c.BOOL,
           ("是否电子证照", "电子证照", "办理结果是否电子化", "是否出具电子证照")),
    Column("办件类型", ("handling", "kind"), c.KIND, ("办件类别",)),
    Column("网上办理深度", ("handling", "online_depth"), c.DEPTH, ("网办深度", "网上办理深度等级")),
    Column("到办事现场次数", ("handling", "visits"), c.COUNT,
           ("到现场次数", "跑动次数", "最多跑动次数", "到现场办理次数", "visit_number")),
    Column("必须现场办理原因", ("handling", "visit_reason"), c.TEXT,
           ("到现场原因", "必须到现场原因", "到现场办理原因")),
    Column("办理形式", ("handling", "channels"), c.CHANNELS, ("办理渠道", "办理方式")),
    Column("是否支持物流快递", COURIER, c.BOOL, ("物流快递", "是否支持快递", "courier_service"), export=False),
    *_flag("in_center", "进驻政务服务中心", "不进驻",
           ("是否进驻政务服务中心", "是否进驻大厅", "进驻大厅", "是否进驻")),
    *_flag("online", "可网上办理", "不可网上办理", ("是否可网上办理", "是否网上办理", "是否网办")),
    *_flag("one_visit", "可一次办", "不可一次办", ("是否可一次办", "是否一次办", "一次办")),
    Column("告知承诺审批", ("handling", "commitment"), c.BOOL,
           ("是否实行告知承诺", "是否告知承诺", "告知承诺", "是否实行告知承诺审批", "告知承诺制")),
    Column("容缺受理材料", ("handling", "tolerance"), c.LIST, ("容缺材料", "容缺后补材料")),
    Column("通办范围", ("handling", "scope"), c.SCOPE, ("通办类型",)),
    Column("京津冀同事同标", ("handling", "same_standard"), c.BOOL, ("是否京津冀同事同标",)),
    Column("办理地点", ("contact", "place"), c.PLACE, ("受理地点", "办公地点", "办理地址", "handle_location")),
    Column("办理时间", ("contact", "hours"), c.TEXT, ("受理时间", "办公时间", "窗口办理时间")),
    Column("咨询电话", ("contact", "phone"), c.TEXT, ("咨询方式", "咨询电话号码", "consult_phone")),
    Column("监督投诉电话", ("contact", "complaint_phone"), c.TEXT,
           ("投诉电话", "监督投诉方式", "投诉方式", "监督电话", "complain_phone")),
    Column("申请表", ("form",), c.FORM, ("申请表字段", "申请表数据元", "表单字段")),
    Column("监管实施细则", ("supervision",), c.NONE, ("有无监管实施细则",)),
    Column("监管对象", ("supervision", "object"), c.TEXT),
    Column("监管主体", ("supervision", "subject"), c.TEXT),
    Column("监管方式", ("supervision", "method"), c.TEXT),
    Column("监管内容", ("supervision", "content"), c.TEXT),
    Column("检查标准", ("supervision", "inspection_standard"), c.TEXT),
    Column("处理措施", ("supervision", "penalty"), c.TEXT),
    Column("核查要点", ("supervision", "checks"), c.LIST),
    Column("备案类别", ("filing_timing",), c.FILING, ("备案类型", "备案时序")),
    Column("事项状态", ("status",), c.STATUS, ("状态",)),
    Column("标签", ("tags",), c.LIST),
    Column("豁免", ("waivers",), c.WAIVERS, ("规则豁免",)),
    #: whatever the columns above cannot carry exactly (misspelt keys, values of another shape)
    Column("其他字段（YAML）", RAW, c.RAW, ("其他字段",)),
)

MATERIALS_SHEET = "申请材料"

MATERIAL_COLUMNS: tuple[Column, ...] = (
    Column("事项编码", ("code",), c.TEXT, ("事项代码", "编码", "实施编码")),
    Column("事项名称", ITEM_NAME, c.TEXT, ("事项",)),  # for reading; the item sheet names items
    Column("序号", MATERIAL_INDEX, c.TEXT, ("材料序号",)),
    Column("材料名称", ("name",), c.TEXT, ("申请材料", "材料")),
    Column("材料标识", ("material",), c.TEXT, ("材料目录标识",)),
    Column("来源渠道", ("origin",), c.ORIGIN, ("材料来源", "来源")),
    Column("必要性", ("necessity",), c.NECESSITY, ("是否必要", "材料必要性")),
    Column("原件份数", ("copies", "original"), c.COPIES, ("原件数量", "原件")),
    Column("复印件份数", ("copies", "copy"), c.COPIES, ("复印件数量", "复印件")),
    Column("材料形式", ("form",), c.MATERIAL_FORM, ("材料形态", "介质要求")),
    Column("填报说明", ("note",), c.TEXT, ("备注", "填报须知", "材料说明", "要求")),
    Column("是否免提交", ("exempt",), c.BOOL, ("免提交",)),
)


def normalize(heading: str) -> str:
    """Headings compare without spaces, asterisks (必填 marks) and ASCII case."""
    text = re.sub(r"[\s*＊:：]", "", heading).replace("(", "（").replace(")", "）")
    return text.lower()


def _index(columns: tuple[Column, ...]) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in columns:
        for name in (column.heading, *column.synonyms):
            table.setdefault(normalize(name), column)
    return table


_ITEM_INDEX = _index(COLUMNS)
_MATERIAL_INDEX = _index(MATERIAL_COLUMNS)


def find_column(heading: str, materials: bool = False) -> Column | None:
    """The column a heading names; a trailing unit such as "（工作日）" is ignored."""
    table = _MATERIAL_INDEX if materials else _ITEM_INDEX
    key = normalize(heading)
    if key in table:
        return table[key]
    bare = re.sub(r"（[^（）]*）$", "", key)
    return table.get(bare) if bare else None
