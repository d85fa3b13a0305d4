"""`zwfw import xlsx` / `zwfw export xlsx`: cell formats, headings, in-place merge, round trips,
and imports of real published data (广东 guide records, 广安区 codes)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from cli import app
from compiler.workflow.xlsx_cells import parse_bool, parse_count, parse_days, parse_depth
from compiler.workflow.xlsx_export import ExportSettings, export_xlsx, list_items
from compiler.workflow.xlsx_headings import find_column
from compiler.workflow.xlsx_lists import parse_basis, parse_fees, split_list

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "workflow"
# shared/ stands beside the repository (CI clones main with shared/ next to it)
REALDATA = next(
    (
        path
        for path in (
            Path(__file__).resolve().parents[2] / "shared" / "realdata",
            Path("/work/shared/realdata"),
        )
        if path.is_dir()
    ),
    Path("/work/shared/realdata"),
)
GD_CSV = REALDATA / "gd-zwfw-2021-qakg" / "derived_flat.csv"
GA_CSV = REALDATA / "sc-guangan-catalog" / "derived_items.csv"


def workbook(path: Path, headings: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "事项") -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---- cell formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "reported"),
    [
        ("30(工作日)", 30, False), ("30（工作日）", 30, False), ("20个工作日", 20, False),
        ("20工作日", 20, False), ("即办", 0, False), ("当场办结", 0, False), ("15", 15, False),
        ("三十个工作日", 30, False), ("90(自然日)", "90(自然日)", True), ("3个月", "3个月", True),
        ("详见附件", "详见附件", True), ("abc", "abc", True),
    ],
)
def test_days(text: str, value: Any, reported: bool) -> None:
    cell = parse_days(text)
    assert (cell.value, bool(cell.problems)) == (value, reported)


def test_placeholders_in_typed_columns_mean_absent_and_other_formats() -> None:
    assert not parse_days("无").present and not parse_days("/").present
    assert parse_count("1次").value == 1 and parse_count("零跑动").value == 0
    assert parse_count("最多跑一次").value == 1 and parse_count("若干").problems
    assert [parse_depth(t).value for t in ("4", "Ⅳ级", "三级", "全程网办", "在线预审")] == [4, 4, 3, 4, 2]
    assert [parse_bool(t).value for t in ("是", "否", "√", "不支持", "无")] == [True, False, True, False, False]
    assert parse_bool("也许").problems == ["“也许”不是“是”或“否”"]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("1. 甲\n2. 乙", ["甲", "乙"]),
        ("1、甲；含分号\n2、乙", ["甲；含分号", "乙"]),
        ("（1）甲\n（2）乙\n续行", ["甲", "乙\n续行"]),
        ("申请人应当符合下列条件：\n1.甲\n2.乙", ["申请人应当符合下列条件：", "甲", "乙"]),
        ("1.甲；2.乙；3.丙", ["甲", "乙", "丙"]),
        ("甲；乙;丙", ["甲", "乙", "丙"]),
        ("营业执照 | 申请书", ["营业执照", "申请书"]),
        ("甲\n乙", ["甲", "乙"]),
        ("占地面积1.5万平方米以上", ["占地面积1.5万平方米以上"]),
    ],
)
def test_list_cells(text: str, entries: list[str]) -> None:
    assert split_list(text) == entries


def test_basis_and_fee_cells() -> None:
    assert parse_basis("1. 《中华人民共和国食品安全法》第三十五条（法律）\n2. 食品经营许可管理办法第十条").value == [
        {"title": "中华人民共和国食品安全法", "article": "第三十五条", "level": "法律"},
        {"title": "食品经营许可管理办法", "article": "第十条"},
    ]
    assert parse_basis("无").value == []
    assert parse_fees("不收费").value == []
    assert parse_fees("工本费：每本10元（依据：价格文件）").value == [
        {"name": "工本费", "standard": "每本10元", "basis": "价格文件"}
    ]


@pytest.mark.parametrize(
    ("heading", "path"),
    [
        ("事项名称", ("name",)), ("实施机关", ("department",)), ("实施主体", ("department",)),
        ("法定办结时限（工作日）", ("time_limit", "legal")), ("承诺时限", ("time_limit", "promised")),
        ("*受理条件", ("conditions",)), ("咨询方式", ("contact", "phone")),
        ("投诉电话", ("contact", "complaint_phone")), ("到现场次数", ("handling", "visits")),
        ("网上办理深度", ("handling", "online_depth")), ("办件类型", ("handling", "kind")),
        ("收费标准", ("fee", "items")), ("是否收费", ("fee", "charged")), ("备案类别", ("filing_timing",)),
        ("TASK_CODE", ("code",)), ("handle_time_limit", ("time_limit", "promised")),
    ],
)
def test_heading_synonyms(heading: str, path: tuple[str, ...]) -> None:
    column = find_column(heading)
    assert column is not None and column.path == path


# ---- import: reports, merge in place, departments ---------------------------------------

REPORT_HEADINGS = ["事项编码", "事项名称", "主管部门", "法定办结时限", "承诺办结时限", "行使层级",
                   "网上办理深度", "备注", ""]


def test_every_unmappable_cell_is_reported_and_the_rest_is_written(tmp_path: Path) -> None:
    rows = [
        ["000117003000", "甲事项", "市市场监管委", "详见附件", "20个工作日", "市级、省级", "Ⅳ", "说明", None],
        [117004000, "乙事项", "市市场监管委", "30(工作日)", "即办", "区级", "五级", None, "孤立值"],
        [None, "丙事项", "市市场监管委", "10", "5", "区级", "3", None, None],
        ["000117003000", "甲事项（重复）", "市市场监管委", "10", "5", "区级", "3", None, None],
        [None, None, None, None, None, None, None, None, None],
        ["x" * 56, "长编码事项", "市市场监管委", "无", "无", "区级", "1", None, None],
    ]
    sheet = workbook(tmp_path / "甲.xlsx", REPORT_HEADINGS, rows)
    catalog = tmp_path / "catalog"
    code, out, err = run("import", "xlsx", str(sheet), "--list", "licensing", "--catalog", str(catalog))
    assert code == 1
    assert err.splitlines() == [
        "事项!D2: 办结时限“详见附件”不是工作日数（应为整数，如 20、“20个工作日”、“30(工作日)”或“即办”）",
        "事项!F2: “省级”不是有效的行使层级（可选：市级、区级、街道级、村级）",
        "事项!H2: 列标题“备注”无法识别，此单元格未导入",
        "事项!A3: 编码“117004000”是数字格式的单元格，前导零可能已丢失：请设为文本格式后重新填写",
        "事项!G3: 网上办理深度“五级”无法识别（应为 1–4，或 事项公开、在线预审、在线办理、全程网办）",
        "事项!I3: 此列没有列标题，此单元格未导入",
        "事项!A4: 本行没有事项编码，无法按编码合并，本行未导入",
        "事项!A7: 编码长 56 个字符，超过 50 个字符的上限（已原样写入，未截断）",
        "zwfw: 8 个单元格无法映射（见上），其余内容已写入",
    ]
    assert "新增 4 个事项" in out
    written = list_items(catalog, "licensing")
    # a code twice: both rows are kept (nothing dropped); lint's unique-code names the pair
    assert [i["name"] for i in written if i["code"] == "000117003000"] == ["甲事项", "甲事项（重复）"]
    items = {item["code"]: item for item in written[::-1]}
    assert items["000117003000"]["time_limit"] == {"legal": "详见附件", "promised": 20}
    assert items["000117003000"]["levels"] == ["市级", "省级"]  # kept as written, lint names it
    assert items["117004000"]["time_limit"] == {"legal": 30, "promised": 0}
    assert items["x" * 56]["code"] == "x" * 56 and "time_limit" not in items["x" * 56]
    meta = (catalog / "catalog.yaml").read_text("utf-8")
    assert "- {id: dept-001, name: 市市场监管委}" in meta


def test_phone_typed_as_a_number_is_reported_when_its_leading_zero_is_gone(tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "p.xlsx", ["事项编码", "咨询电话", "投诉电话"],
                     [["000117001000", 2258581234, 12345], ["000117002000", "022-58581234", 13800138000]])
    code, _, err = run("import", "xlsx", str(sheet), "--list", "licensing", "--catalog", str(tmp_path / "c"))
    assert code == 1
    assert err.splitlines()[0] == "事项!B2: 电话“2258581234”是数字格式的单元格，区号前的 0 可能已丢失：请设为文本格式后重新填写"
    assert len(err.splitlines()) == 2
    assert list_items(tmp_path / "c", "licensing")[0]["contact"] == {"phone": "2258581234", "complaint_phone": "12345"}


LICENSING = """\
# yaml-language-server: $schema=../../schemas/licensing.schema.json
# 行政许可事项清单 —— 市市场监管委
items:
  # 食品经营许可：2024 年起实行告知承诺
  - code: "000117001000"
    name: 食品经营许可
    type: 行政许可
    department: scjgw
    levels: [区级]
    time_limit: {legal: 20, promised: 10}  # 2024 年压减
    contact:
      place: 天津市政务服务中心一楼
      phone: 022-12345678   # 咨询
      complaint_phone: '12345'
    status: 在用

  - code: "000117002000"
    name: 食品生产许可
    department: scjgw
    status: 在用
"""

CATALOG_YAML = """\
# 目录元数据
region: 天津市
departments:
  # 市级部门
  - {id: scjgw, name: 市市场监管委, level: 市级}
"""


def test_import_updates_in_place_keeping_comments_and_appends_new_items(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "licensing").mkdir(parents=True)
    (catalog / "licensing" / "scjgw.yaml").write_text(LICENSING, "utf-8")
    (catalog / "catalog.yaml").write_text(CATALOG_YAML, "utf-8")
    sheet = workbook(
        tmp_path / "scjgw.xlsx",
        ["事项编码", "事项名称", "实施机关", "承诺办结时限（工作日）", "办理时间", "咨询电话", "行使层级"],
        [
            ["000117001000", "食品经营许可", "市市场监管委", "8个工作日", "工作日 9:00-17:00", "022-12345678", "区级"],
            ["000117009000", "小餐饮登记", "市民政局", "即办", None, "022-1", "街道级"],
        ],
    )
    code, _, err = run("import", "xlsx", str(sheet), "--list", "licensing", "--catalog", str(catalog))
    assert (code, err) == (0, "")
    assert (catalog / "licensing" / "scjgw.yaml").read_text("utf-8") == LICENSING.replace(
        "promised: 10}  # 2024", "promised: 8}   # 2024"  # the comment keeps its column
    ).replace(
        "      place: 天津市政务服务中心一楼\n",
        "      place: 天津市政务服务中心一楼\n      hours: 工作日 9:00-17:00\n",
    ) + (
        "\n"
        "  - code: \"000117009000\"\n"
        "    name: 小餐饮登记\n"
        "    department: dept-001\n"
        "    levels: [街道级]\n"
        "    time_limit: {promised: 0}\n"
        "    contact:\n"
        "      phone: 022-1\n"
    )
    assert (catalog / "catalog.yaml").read_text("utf-8") == CATALOG_YAML + "  - {id: dept-001, name: 市民政局}\n"
    # importing the same sheet again changes nothing and writes nothing
    before = {p: p.stat().st_mtime_ns for p in catalog.rglob("*.yaml")}
    assert run("import", "xlsx", str(sheet), "--list", "licensing", "--catalog", str(catalog))[0] == 0
    assert {p: p.stat().st_mtime_ns for p in catalog.rglob("*.yaml")} == before


def test_new_file_for_new_items_and_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    sheet = workbook(tmp_path / "民政.xlsx", ["基本编码", "事项名称", "事项类型"], [["000107001000", "甲", "01"]])
    assert run("import", "xlsx", str(sheet), "--list", "non-licensing", "--catalog", str(catalog))[0] == 0
    text = (catalog / "non-licensing" / "民政.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/non-licensing.schema.json\nitems:\n")
    assert '  - code: "000107001000"\n    name: 甲\n    type: 行政许可\n' in text
    for args in (
        [str(tmp_path / "absent.xlsx"), "--list", "licensing"],
        [str(sheet), "--list", "licenses"],
        [str(sheet), "--list", "licensing", "--sheet", "没有这个表"],
    ):
        code, _, err = run("import", "xlsx", *args, "--catalog", str(catalog))
        assert code == 2 and err.startswith("zwfw: ") and "Traceback" not in err
    no_code = workbook(tmp_path / "no-code.xlsx", ["事项名称"], [["甲"]])
    code, _, err = run("import", "xlsx", str(no_code), "--list", "licensing", "--catalog", str(catalog))
    assert code == 2 and "事项编码列" in err


def test_a_staff_workbook_with_title_row_numbering_and_a_material_sheet(tmp_path: Path) -> None:
    book = Workbook()
    items = book.active
    items.title = "许可事项"
    items.append(["天津市行政许可事项清单（2025年版）"])
    items.append(["序号", "事项编码", "事项名称", "设定依据", "申请材料", "是否收费", "收费标准",
                  "办理形式", "是否进驻政务服务中心", "网上办理深度", "办件类型"])
    items.append([1, "000117001000", "食品经营许可", "《中华人民共和国食品安全法》第三十五条（法律）",
                  "1.营业执照；2.申请书", "否", "不收费", "窗口、网上、快递", "是", "Ⅳ级", "承诺件"])
    items.append([2, "000117002000", "食品生产许可", "食品生产许可管理办法第十条", "营业执照",
                  None, "工本费：每证10元（依据：津价〔2020〕1号）", "窗口办理", "否（需现场勘验）", "3", "即办"])
    materials = book.create_sheet("材料清单")
    materials.append(["事项编码", "事项名称", "材料名称", "必要性", "来源渠道", "原件份数", "复印件份数"])
    materials.append(["000117001000", "食品经营许可", "营业执照", "必须", "政府核发", "0", "1份"])
    materials.append(["000117001000", "食品经营许可", "食品经营许可申请书", "必要", "申请人自备", 1, 0])
    materials.append(["000117009000", "未知事项", "身份证", "必要", "自备", 1, 0])
    book.save(tmp_path / "市场监管.xlsx")
    catalog = tmp_path / "catalog"
    (catalog).mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "base" / "materials.yaml", catalog / "materials.yaml")
    code, _, err = run("import", "xlsx", str(tmp_path / "市场监管.xlsx"), "--list", "licensing",
                       "--catalog", str(catalog))
    assert code == 1
    assert err.splitlines()[:-1] == [
        "许可事项!E3: 与“材料清单”工作表所列材料不一致，已以该工作表为准",
        "材料清单!A4: 事项编码 000117009000 不在“许可事项”工作表中，本行未导入",
    ]
    first, second = list_items(catalog, "licensing")
    assert first["basis"] == [{"title": "中华人民共和国食品安全法", "article": "第三十五条", "level": "法律"}]
    assert first["materials"] == [  # from the material sheet, with every column it has
        {"name": "营业执照", "origin": "政府部门核发", "necessity": "必要", "copies": {"original": 0, "copy": 1}},
        {"name": "食品经营许可申请书", "origin": "申请人自备", "necessity": "必要", "copies": {"original": 1, "copy": 0}},
    ]
    assert first["fee"] == {"charged": False, "items": []}
    assert first["handling"] == {"kind": "承诺件", "online_depth": 4, "channels": ["窗口办理", "网上办理", "快递申请"],
                                 "in_center": {"value": True}}
    assert second["materials"] == [{"material": "business-license"}]  # named as in materials.yaml
    assert second["fee"] == {"charged": True, "items": [{"name": "工本费", "standard": "每证10元", "basis": "津价〔2020〕1号"}]}
    assert second["handling"]["in_center"] == {"value": False, "reason": "需现场勘验"}
    assert second["handling"]["kind"] == "即办件"


# ---- export → import round trips ----------------------------------------------------------


def _round_trip(source: Path, list_name: str, tmp_path: Path) -> None:
    sheet = tmp_path / f"{list_name}.xlsx"
    export_xlsx(ExportSettings(list_name, source, sheet))
    empty = tmp_path / "empty"
    code, _, err = run("import", "xlsx", str(sheet), "--list", list_name, "--catalog", str(empty))
    assert (code, err) == (0, "")
    assert list_items(empty, list_name) == list_items(source, list_name)
    again = tmp_path / "again"  # and into the catalog it came from: not a byte changes
    shutil.copytree(source, again)
    assert run("import", "xlsx", str(sheet), "--list", list_name, "--catalog", str(again))[0] == 0
    for path in (source / list_name).glob("*.yaml"):
        assert (again / list_name / path.name).read_bytes() == path.read_bytes(), path


SAMPLES = [
    (catalog, kind)
    for catalog in (ROOT / "catalog", ROOT / "tests" / "fixtures" / "base")
    for kind in ("licensing", "non-licensing", "filing")
    if any((catalog / kind).glob("*.yaml"))
]


@pytest.mark.parametrize(("catalog", "list_name"), SAMPLES, ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_export_then_import_reproduces_the_sample_lists(catalog: Path, list_name: str, tmp_path: Path) -> None:
    _round_trip(catalog, list_name, tmp_path)


def test_export_is_deterministic_with_the_usual_headings(tmp_path: Path) -> None:
    base = ROOT / "tests" / "fixtures" / "base"
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    code, out, _ = run("export", "xlsx", "--list", "licensing", "--catalog", str(base), "--out", str(first))
    assert code == 0 and "已导出 1 个事项" in out
    export_xlsx(ExportSettings("licensing", base, second))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()
    from openpyxl import load_workbook

    book = load_workbook(first)
    headings = [cell.value for cell in book.worksheets[0][1]]
    for usual in ("事项编码", "事项名称", "事项类型", "主管部门", "设定依据", "受理条件", "申请材料",
                  "法定办结时限", "承诺办结时限", "是否收费", "办理地点", "咨询电话", "监督投诉电话", "到办事现场次数"):
        assert usual in headings
    assert book.sheetnames == ["行政许可事项清单", "申请材料"]


# ---- hypothesis: any item set survives export → import ------------------------------------

_CHARS = "申请人营业执照食品经营许可证明条件材料审查决定送达窗口网上办理地点时间电话天津区甲乙丙、，（）；|0123456789abcXYZ-— "
TEXT = st.text(st.sampled_from(_CHARS), min_size=1, max_size=8).map(str.strip).filter(bool)
DAY = st.dates().map(lambda d: d.isoformat())


def _some(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with any subset of the fields (at least one), in the order given."""
    return st.fixed_dictionaries({}, optional=fields).filter(bool).map(
        lambda d: {k: d[k] for k in fields if k in d}
    )


def _fixed(required: dict[str, st.SearchStrategy[Any]], **optional: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    order = [*required, *optional]
    return st.fixed_dictionaries(required, optional=optional).map(lambda d: {k: d[k] for k in order if k in d})


def _enums(*values: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True)


FLAG = _fixed({"value": st.booleans()}, reason=st.sampled_from(["场地限制", "其他", "法律法规另有规定"]),
              detail=TEXT, basis=TEXT)
MATERIAL = st.one_of(
    _fixed({"material": st.sampled_from(["id-card", "business-license"]), "necessity": st.sampled_from(["必要", "非必要"])},
           copies=_fixed({"original": st.integers(0, 3), "copy": st.integers(0, 3)}), note=TEXT, exempt=st.booleans()),
    _fixed({"name": TEXT, "origin": st.sampled_from(["申请人自备", "其他"]), "necessity": st.sampled_from(["必要", "容缺后补"])},
           copies=_fixed({"original": st.integers(0, 3), "copy": st.integers(0, 3)}),
           form=st.sampled_from(["纸质", "电子", "纸质或电子"]), note=TEXT),
)
ITEM = st.builds(
    lambda code, rest: {"code": code, **rest},
    st.integers(0, 10**6).map(lambda n: f"00011{n:07d}"),
    _fixed(
        {},
        national_code=st.just("000117001000"), name=TEXT, parent=st.just("00011700300Y"),
        type=st.sampled_from(["行政许可", "公共服务"]), department=st.sampled_from(["scjgw", "gaj", "xyz"]),
        levels=_enums("市级", "区级", "街道级", "村级"),
        basis=st.lists(_fixed({"title": TEXT}, article=TEXT, level=st.sampled_from(["法律", "部门规章"])), max_size=2),
        conditions=st.lists(TEXT, min_size=1, max_size=3), materials=st.lists(MATERIAL, max_size=3),
        process=st.lists(TEXT, min_size=1, max_size=3),
        time_limit=_fixed({"legal": st.integers(0, 60), "promised": st.integers(0, 60)}, note=TEXT),
        fee=_fixed({"charged": st.booleans()}, items=st.lists(_fixed({"name": TEXT, "standard": TEXT}, basis=TEXT), max_size=2)),
        result=_fixed({"name": TEXT, "electronic": st.booleans()}, type=st.sampled_from(["证照", "批文"])),
        handling=_some(kind=st.sampled_from(["即办件", "承诺件"]), online_depth=st.integers(1, 4),
                       visits=st.integers(0, 3), visit_reason=TEXT, channels=_enums("窗口办理", "网上办理", "快递申请"),
                       in_center=FLAG, online=FLAG, one_visit=FLAG, commitment=st.booleans(),
                       tolerance=st.lists(TEXT, max_size=2), scope=st.sampled_from(["不通办", "全市通办"]),
                       same_standard=st.booleans()),
        contact=_some(place=TEXT, hours=TEXT, phone=TEXT, complaint_phone=st.just("12345")),
        form=st.lists(st.one_of(st.sampled_from(["applicant.name", "enterprise.uscc"]),
                                _fixed({"element": st.just("business.address"), "required": st.booleans()})), max_size=3),
        supervision=_some(object=TEXT, subject=TEXT, method=TEXT, content=TEXT, inspection_standard=TEXT,
                          penalty=TEXT, checks=st.lists(TEXT, max_size=2)),
        filing_timing=st.sampled_from(["事前备案", "事后备案"]), status=st.sampled_from(["在用", "暂停"]),
        tags=st.lists(TEXT, max_size=2),
        waivers=st.lists(_fixed({"rule": st.sampled_from(["filing-no-fee", "no-empty-element"]), "reason": TEXT,
                                 "until": DAY, "approved_by": TEXT}), max_size=2),
    ),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(ITEM, min_size=1, max_size=4, unique_by=lambda item: item["code"]))
def test_round_trip_of_generated_items(tmp_path: Path, items: list[dict[str, Any]]) -> None:
    from compiler.workflow.xlsx_merge import item_flow
    from compiler.workflow.yaml_emit import emit_items

    work = Path(tmp_path) / f"case-{abs(hash(json.dumps(items, ensure_ascii=False))) % 10**12}"
    shutil.rmtree(work, ignore_errors=True)
    source = work / "source"
    (source / "licensing").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "base" / "catalog.yaml", source / "catalog.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "base" / "materials.yaml", source / "materials.yaml")
    (source / "licensing" / "a.yaml").write_text("items:\n" + emit_items(items, item_flow), "utf-8")
    assert list_items(source, "licensing") == items  # the emitter writes what YAML 1.2 reads back
    _round_trip(source, "licensing", work)


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), TEXT, st.just(""), st.just("否（需实物查验）"),
    st.lists(TEXT, max_size=2), st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["vists", "kind", "legal", "名称"]), st.one_of(TEXT, st.integers(0, 9)), max_size=2),
)
MESSY = st.builds(
    lambda item, junk: {**item, **junk},
    ITEM,
    st.dictionaries(st.sampled_from(["name", "levels", "basis", "conditions", "materials", "time_limit", "fee",
                                     "handling", "contact", "form", "supervision", "department", "procss", "tags"]),
                    JUNK, max_size=3),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(MESSY, min_size=1, max_size=3))
def test_round_trip_of_items_that_break_the_format(tmp_path: Path, items: list[dict[str, Any]]) -> None:
    """Misspelt keys, values of the wrong type, empty texts, a code twice: still the same items
    (what no column can carry travels in 其他字段（YAML）)."""
    from compiler.workflow.xlsx_merge import item_flow
    from compiler.workflow.yaml_emit import emit_items

    work = Path(tmp_path) / f"messy-{abs(hash(repr(items))) % 10**12}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "source" / "licensing").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "base" / "catalog.yaml", work / "source" / "catalog.yaml")
    (work / "source" / "licensing" / "a.yaml").write_text("items:\n" + emit_items(items, item_flow), "utf-8")
    assert list_items(work / "source", "licensing") == items
    _round_trip(work / "source", "licensing", work)


def test_invalid_values_and_repeated_codes_survive_export_and_import(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "filing").mkdir(parents=True)
    (source / "filing" / "a.yaml").write_text(
        "items:\n"
        "  - code: 117001000\n"  # unquoted: a number
        "    name: 甲\n"
        "    levels: 区级\n"  # a text where a list belongs
        "    time_limit: {legal: 二十, promised: 5, unit: 工作日}\n"
        "    conditions: []\n"
        "    handling: {visits: '1', online: {value: 否（需实物查验）}}\n"
        "    contact: {place: '办理地点：一楼', phone: ''}\n"
        "    procss: [申请, 受理]\n"
        "    fee: {items: [{name: 工本费, standard: 10元}]}\n"
        "    supervision: 无\n"
        "  - code: \"000117002000\"\n"
        "    name: 乙\n"
        "    materials: [{name: 申请书, origin: 申请人自备, necessity: 必要}]\n"
        "  - code: \"000117002000\"\n"
        "    name: 乙（重复）\n"
        "    materials: [{material: id-card, necessity: 必要, name: 身份证}]\n"
        "    filing_timing: 事后\n",
        "utf-8",
    )
    _round_trip(source, "filing", tmp_path)


# ---- real published data ------------------------------------------------------------------

GD_HEADINGS = {  # the Guangdong fields under the headings a 广东 guide sheet uses
    "TASK_CODE": "实施编码", "CATAID": "基本编码", "TASK_NAME": "事项名称", "TASK_TYPE_TEXT": "事项类型",
    "DEPT_NAME": "实施机关", "handle_time": "法定办结时限", "handle_time_limit": "承诺办结时限",
    "accept_standard": "受理条件", "material_intro": "申请材料", "handle_location": "办理地点",
    "consult_phone": "咨询电话", "complain_phone": "监督投诉电话", "visit_number": "到办事现场次数",
    "courier_service": "是否支持物流快递", "service_object_name": "服务对象",
}
NUMERIC = {"handle_time", "handle_time_limit"}


def _gd_rows() -> list[dict[str, str]]:
    with GD_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _expected_findings(rows: list[dict[str, str]], sheet: str) -> set[str]:
    """An independent reading of which cells cannot be mapped."""
    import re

    letters = {field: chr(ord("A") + index) for index, field in enumerate(GD_HEADINGS)}
    expected = set()
    for number, row in enumerate(rows, start=2):
        for field in NUMERIC:
            if row[field] != "无" and not re.fullmatch(r"\d+\(工作日\)", row[field]):
                expected.add(f"{sheet}!{letters[field]}{number}")
        if row["service_object_name"]:
            expected.add(f"{sheet}!{letters['service_object_name']}{number}")
    return expected


needs_realdata = pytest.mark.skipif(not GD_CSV.is_file(), reason="real data not available")


@needs_realdata
def test_guangdong_guides_import_with_a_finding_per_unmappable_cell_and_sound_lint(tmp_path: Path) -> None:
    rows = _gd_rows()[::7]  # 324 records of every type
    rows[3] = {**rows[3], "handle_time": "详见附件"}  # garbage in a numeric column
    rows[5] = {**rows[5], "handle_time_limit": "按规定时限"}
    catalog = tmp_path / "gd"
    catalog.mkdir()
    shutil.copy(FIXTURES / "gd_catalog.yaml", catalog / "catalog.yaml")
    for list_name, wanted in (("licensing", True), ("non-licensing", False)):
        part = [row for row in rows if (row["TASK_TYPE_TEXT"] == "行政许可") is wanted]
        sheet = workbook(tmp_path / f"{list_name}.xlsx", list(GD_HEADINGS.values()),
                         [[row[field] for field in GD_HEADINGS] for row in part])
        code, _, err = run("import", "xlsx", str(sheet), "--list", list_name, "--catalog", str(catalog))
        assert code == 1
        reported = {line.split(":", 1)[0] for line in err.splitlines() if not line.startswith("zwfw:")}
        assert reported == _expected_findings(part, "事项")
    items = {item["code"]: item for name in ("licensing", "non-licensing") for item in list_items(catalog, name)}
    assert len(items) == len(rows)
    first = items[rows[0]["TASK_CODE"]]  # "30(工作日)", "7(工作日)" parse; materials by name
    assert first["time_limit"] == {"legal": 30, "promised": 7}
    assert first["national_code"] == rows[0]["CATAID"]
    assert first["materials"] == [{"name": "提价申报申请报告"}]
    assert "basis" not in first  # the sheet has no 设定依据: left for lint, never invented

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["lint", "gd", "--format", "json", "--no-cache"])
    finally:
        os.chdir(cwd)
    findings = json.loads(result.stdout)["diagnostics"]

    def about(rule: str, code: str) -> list[str]:
        return [f["message"] for f in findings if f["rule"] == rule and f["item"] in (code, None)
                and (f["item"] == code or f"“{items[code]['name']}”" in f["message"])]

    no_conditions = next(r["TASK_CODE"] for r in rows if r["accept_standard"] == "无")
    assert any("受理条件" in m and "“无”" in m for m in about("no-empty-element", no_conditions))
    one_visit = next(r["TASK_CODE"] for r in rows if r["visit_number"] == "1")
    assert about("visit-reason-required", one_visit)
    bad_phone = next(r["TASK_CODE"] for r in rows if r["consult_phone"].startswith("省厅："))
    assert about("contact-format", bad_phone)
    messages = [f["message"] for f in findings if f["rule"] == "schema"]
    assert "缺少必填项 basis（设定和实施依据）" in messages  # no 设定依据 in the sheet
    assert "缺少必填项 origin（来源渠道）" in messages  # materials named, channel not stated
    assert "缺少必填项 level（部门层级）" in messages  # departments added from the sheet
    assert any("应为整数" in m and "详见附件" in m for m in messages)  # kept as written, not invented
    assert not [f for f in findings if f["rule"] == "list-type-mismatch"]


@needs_realdata
def test_all_guangdong_guides_import_without_crashing(tmp_path: Path) -> None:
    rows = _gd_rows()
    sheet = workbook(tmp_path / "gd.xlsx", list(GD_HEADINGS.values())[:-1],
                     [[row[field] for field in list(GD_HEADINGS)[:-1]] for row in rows])
    (tmp_path / "gd").mkdir()
    shutil.copy(FIXTURES / "gd_catalog.yaml", tmp_path / "gd" / "catalog.yaml")
    code, out, err = run("import", "xlsx", str(sheet), "--list", "non-licensing", "--catalog", str(tmp_path / "gd"))
    assert code == 1 and "新增 2262 个事项" in out
    assert all("自然日" in line for line in err.splitlines()[:-1])
    assert len(list_items(tmp_path / "gd", "non-licensing")) == 2262


@needs_realdata
def test_guangan_codes_longer_than_50_are_reported_not_truncated(tmp_path: Path) -> None:
    with GA_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sheet = workbook(tmp_path / "guangan.xlsx", ["实施主体", "事项名称", "实施编码", "事项类型"],
                     [[r["department"], r["name"], r["itemCode"], r["taskType"]] for r in rows])
    catalog = tmp_path / "ga"
    code, _, err = run("import", "xlsx", str(sheet), "--list", "non-licensing", "--catalog", str(catalog))
    long = {f"事项!C{n}: 编码长 {len(r['itemCode'])} 个字符，超过 50 个字符的上限（已原样写入，未截断）"
            for n, r in enumerate(rows, start=2) if len(r["itemCode"]) > 50}
    assert code == 1 and len(long) > 1000
    assert set(err.splitlines()[:-1]) == long
    written = {item["code"] for item in list_items(catalog, "non-licensing")}
    assert written == {r["itemCode"] for r in rows}
