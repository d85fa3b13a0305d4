"""天津市 itself: its departments (read from departments.tsv), districts and data sources."""

from __future__ import annotations

from pathlib import Path

REGION, REGION_CODE = "天津市", "120000"

Department = tuple[str, str, tuple[str, str], tuple[str, ...]]


def _read_departments(path: Path) -> tuple[Department, ...]:
    """Rows of id, name, two legal domains and eight topics (globally unique)."""
    out: list[Department] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        dept, name, domains, topics = line.split("\t")
        first, second = domains.split(",")
        out.append((dept, name, (first, second), tuple(topics.split(","))))
    return tuple(out)


DEPARTMENTS = _read_departments(Path(__file__).with_name("departments.tsv"))
DEPT_INDEX = {d[0]: i for i, d in enumerate(DEPARTMENTS)}
LIST_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "licensing": ("scjgw", "zjw", "sthj", "jtysw", "wjw", "ghzy", "gaj", "whly", "nyncw", "yjj",
                  "sw", "jw", "swj", "gxj"),
    "non-licensing": ("rsj", "mzj", "ybj", "gjj", "tax", "gaj", "wjw", "jw", "tyjrj", "cl", "dag",
                      "sfj", "zscqj", "kjj", "qxj", "czj", "tjj", "srylw"),
    "filing": ("fgw", "sw", "xfjy", "yzglj", "wxb", "xwcbj", "gdj", "lsj"),
}


def department(dept: str) -> Department:
    return DEPARTMENTS[DEPT_INDEX[dept]]


# name, code, file slug, agency id prefix, road
DISTRICTS = (
    ("和平区", "120101", "heping", "hp", "南京路"),
    ("河东区", "120102", "hedong", "hd", "十一经路"),
    ("河西区", "120103", "hexi", "hx", "友谊路"),
    ("南开区", "120104", "nankai", "nk", "长江道"),
    ("河北区", "120105", "hebei", "hb", "金纬路"),
    ("红桥区", "120106", "hongqiao", "hq", "芥园道"),
    ("东丽区", "120110", "dongli", "dl", "先锋路"),
    ("西青区", "120111", "xiqing", "xq", "西青道"),
    ("津南区", "120112", "jinnan", "jn", "津沽路"),
    ("北辰区", "120113", "beichen", "bc", "京津路"),
    ("武清区", "120114", "wuqing", "wq", "雍阳西道"),
    ("宝坻区", "120115", "baodi", "bd", "南环路"),
    ("滨海新区", "120116", "binhai", "bh", "新港二号路"),
    ("宁河区", "120117", "ninghe", "nh", "芦台大街"),
    ("静海区", "120118", "jinghai", "jh", "胜利大街"),
    ("蓟州区", "120119", "jizhou", "jz", "人民西大街"),
)

# id, name, department
DATA_SOURCES = (
    ("tyrz", "统一身份认证平台", "zwfwb"),
    ("dzzz", "电子证照库", "zwfwb"),
    ("sczt", "市场主体登记库", "scjgw"),
    ("rkk", "人口基础信息库", "gaj"),
    ("shbx", "社会保险信息库", "rsj"),
    ("bdc", "不动产登记信息库", "ghzy"),
    ("nsxx", "纳税信息库", "tax"),
    ("ybxx", "医疗保障信息库", "ybj"),
    ("mzjz", "社会救助信息库", "mzj"),
    ("gjjxx", "住房公积金信息库", "gjj"),
    ("cjr", "残疾人信息库", "cl"),
    ("tyjr", "退役军人信息库", "tyjrj"),
    ("xyxx", "公共信用信息库", "fgw"),
)
