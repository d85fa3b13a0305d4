"""The published site: a page per item, scenario and policy with what a person must read;
golden pages; every link lands on a page; deterministic; overridable templates."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from compiler.render import paths
from compiler.render.site import render_site
from tests.test_render_support import (
    FOOD,
    HYGIENE,
    broken_links,
    load_fixture,
    merged_scenarios,
    render_fixture,
)

GOLDEN = Path(__file__).parent / "golden" / "render"


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render_fixture()


def text(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


def visible(html: str) -> str:
    """The page's text as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_page_for_every_item_scenario_and_policy(site: dict[str, bytes]) -> None:
    catalog = load_fixture()
    expected = {
        paths.INDEX,
        *(f"guides/assets/{a}" for a in ("style.css", "search.js", "favicon.svg")),
    }
    for code in catalog.items:
        expected |= {paths.item_page(code), paths.item_page(code, ".md")}
    for code in catalog.scenarios:
        expected |= {paths.scenario_page(code), paths.form_page(code)}
    expected |= {paths.benefit_page(code) for code in catalog.benefits}
    assert set(site) == expected
    assert list(site) == sorted(site)


def test_item_guide_shows_every_element(site: dict[str, bytes]) -> None:
    page = visible(text(site, paths.item_page(HYGIENE)))
    for shown in [
        "公共场所卫生许可",
        HYGIENE,
        "行政许可",
        "天津市卫生健康委员会",
        "区级",
        "公共场所卫生管理条例",
        "第八条",
        "行政法规",  # 设定依据
        "卫生设施和布局符合卫生标准",  # 受理条件
        "免提交 电子证照：营业执照电子证照；共享数据源：市场主体登记库",
        "可告知承诺 可以书面承诺代替无犯罪记录证明：",
        "本人承诺无犯罪记录",
        "容缺 可先行受理，后补本材料",
        "原件 1 份",
        "复印件 1 份",
        "申请 受理 现场核查 决定 送达",  # 办理流程
        "法定办结时限 20 个工作日",
        "承诺办结时限 5 个工作日",
        "时限压缩 75%",
        "不含现场核查时间",
        "卫生检测费",
        "每次 200 元",
        "津价费〔2020〕1号",  # 收费与依据
        "公共场所卫生许可证",
        "Ⅲ 在线办理",
        "1 次（需现场核查经营场所卫生条件）",
        "窗口办理、网上办理",
        "列入一次办负面清单：需现场勘验；须现场核查卫生设施",
        "全区通办",
        "京津冀同事同标 是",
        "天津市政务服务中心二楼",
        "工作日 9:00-17:00",
        "022-23456789",
        "12345",
        "申请人姓名",
        "免填写 由统一身份认证平台提供",
        "选填",  # 申请表
        "双随机一公开抽查",
        "核查要点：无犯罪记录证明",  # 监管
        "开办食品店一件事",  # 所属一件事
    ]:
        assert shown in page, shown


def test_item_guide_district_variants_and_negative_list_basis(site: dict[str, bytes]) -> None:
    food = visible(text(site, paths.item_page(FOOD)))
    assert (
        "东丽区 东丽区政务服务中心二楼 同全市 022-24000000 同全市 8 个工作日 经营场所使用证明"
        in food
    )
    assert "和平区 同全市 工作日 8:30-17:30" in food
    assert "容缺受理材料 经营场所使用证明" in food
    birth = visible(text(site, paths.item_page("002001001000")))
    assert "即办件（当场办结）" in birth
    assert "列入进驻事项负面清单：法律法规另有规定（依据：出生医学证明管理办法）" in birth
    assert "备案类别 事后备案" in visible(text(site, paths.item_page("000120001000")))


def test_scenario_guide(site: dict[str, bytes]) -> None:
    page = visible(text(site, paths.scenario_page("YJS-SPD")))
    for shown in [
        "一次告知",
        "共 6 项，其中 3 项由共享数据自动填入，只需填写 3 项",
        "申请表字段 10 项 6 项 ↓ 40%",
        "申请材料 6 份 4 份 ↓ 33%",
        "到现场次数 1 次 1 次 —",
        "办理时限 15 个工作日 10 个工作日 ↓ 33%",
        "统一社会信用代码 统一社会信用代码 必填 免填写 由市场主体登记库提供 食品经营许可、公共场所卫生许可",
        "经营场所使用证明 必要 复印件 1 份 容缺",
        "告知承诺书 必要 原件 1 份 告知承诺 一份承诺书代替 无犯罪记录证明",
        "免提交 营业执照 ：电子证照：营业执照电子证照",
        "无犯罪记录证明 （ZM-0001）：本人承诺无犯罪记录",
    ]:
        assert shown in page, shown
    newborn = visible(text(site, paths.scenario_page("YJS-XSECS")))
    assert "是否申领社会保障卡 是：增加办理 社会保障卡申领" in newborn
    assert "按情形 是否申领社会保障卡" in newborn
    assert "是否申领社会保障卡时填写" in newborn


def test_printable_form(site: dict[str, bytes]) -> None:
    html = text(site, paths.form_page("YJS-SPD"))
    page = visible(html)
    assert "<h1>开办食品店一件事申请表</h1>" in html
    assert "免填写 · 由市场主体登记库自动填入" in page
    assert "□ 食品销售 □ 餐饮服务" in page
    assert "告知承诺书" in page and "承诺人（签字或盖章）" in page
    assert "@page { size: A4" in text(site, "guides/assets/style.css")


def test_policy_guides(site: dict[str, bytes]) -> None:
    page = visible(text(site, paths.benefit_page("MSJX-2025-001")))
    for shown in [
        "失业保险稳岗返还",
        "津人社规〔2025〕1号",
        "无需申请",
        "连续参保月数不少于 12",
        "裁员率不高于 0.055",
        "未列入严重失信主体名单",
        "社会保险参保数据 天津市人力资源和社会保障局",
        "返还上年度实际缴纳失业保险费的60%",
        "直接拨付",
        "30 个工作日",
        "2025-01-01 至 2025-12-31",
    ]:
        assert shown in page, shown
    apply = visible(text(site, paths.benefit_page("MSJX-2025-002")))
    assert "预填申请表" in apply and "企业名称 文本 必填 免填写 由市场主体登记库提供" in apply
    assert "满足以下任一条件：（1）连续参保月数不少于 6；（2）裁员率小于 0.02" in apply
    assert "2025-01-01 起长期有效" in apply


def test_index_lists_everything(site: dict[str, bytes]) -> None:
    html = text(site, paths.INDEX)
    blob = re.search(r'<script id="search-data" type="application/json">(.*?)</script>', html, re.S)
    assert blob is not None
    data = json.loads(blob.group(1))
    catalog = load_fixture()
    codes = {*catalog.items, *catalog.scenarios, *catalog.benefits}
    assert {entry["c"] for entry in data["entries"]} == codes
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    for entry in data["entries"]:
        assert f'href="{entry["h"]}"' in noscript
    assert '<option value="天津市卫生健康委员会">' in html
    assert "https://" not in html and "http://" not in html


def test_every_link_lands_on_a_page(site: dict[str, bytes]) -> None:
    assert broken_links(site) == []


def test_deterministic() -> None:
    first = render_fixture()
    assert render_fixture() == first


def test_refuses_a_scenario_without_its_merge() -> None:
    with pytest.raises(ValueError, match="YJS-SPD"):
        render_site(load_fixture(), {"YJS-XSECS": merged_scenarios()["YJS-XSECS"]})


def test_override_directory(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("body { color: black; }\n", encoding="utf-8")
    (tmp_path / "item.md.j2").write_text("# {{ guide.item.name | md }}\n", encoding="utf-8")
    files = render_site(load_fixture(), merged_scenarios(), templates=tmp_path)
    assert files[paths.item_page(FOOD, ".md")] == "# 食品经营许可\n".encode()
    assert files["guides/assets/style.css"] == b"body { color: black; }\n"
    assert b"<h1>" in files[paths.item_page(FOOD)]  # not overridden: the package's
    (tmp_path / "item.md.j2").write_text("{{ guide.no_such_thing }}", encoding="utf-8")
    with pytest.raises(UndefinedError):
        render_site(load_fixture(), merged_scenarios(), templates=tmp_path)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_golden_item_guide(site: dict[str, bytes], suffix: str) -> None:
    rendered = site[paths.item_page(HYGIENE, suffix)]
    golden = GOLDEN / f"item-{HYGIENE}{suffix}"
    if os.environ.get("ZWFW_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(rendered)
    assert rendered == golden.read_bytes(), "重新生成：ZWFW_UPDATE_GOLDEN=1 pytest，并审阅差异"
