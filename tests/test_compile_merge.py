"""一件事 merge on the compile fixture: figures computed by hand, one set of materials, the
merged form, negative lists, views and the uniformity matrix."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.build.consistency import uniformity
from compiler.build.forms import formily_schema, json_schema
from compiler.build.merge import ScenarioError, merge_scenario
from compiler.build.negative import NEGATIVE_LISTS, negative_items, selects
from compiler.load.source import load_catalog
from compiler.model.catalog import Catalog, Document, build_catalog
from compiler.model.implementations import ImplementationEntry
from compiler.model.views import ViewSelection

CATALOG = Path(__file__).parent / "fixtures" / "compile" / "catalog"
A, B, C = "000117001000", "000117002000", "000117003000"
D, E, F = "002000001000", "000700001000", "TJ-BA-0001"


def documents() -> list[Document]:
    return [
        Document(s.kind, s.display, s.data) for s in load_catalog(CATALOG) if s.kind is not None
    ]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build_catalog(documents())


def edited(change: dict[str, Any]) -> Catalog:
    """The fixture with some documents' data replaced: file suffix → function(data) → data."""
    docs = []
    for doc in documents():
        data = copy.deepcopy(doc.data)
        for suffix, edit in change.items():
            if doc.file.endswith(suffix):
                data = edit(data)
        docs.append(Document(doc.kind, doc.file, data))
    return build_catalog(docs)


def test_figures_of_the_restaurant_scenario_computed_by_hand(catalog: Catalog) -> None:
    # A asks 4 fields, B 5, C 4 = 13; distinct: applicant.name, enterprise.uscc,
    # business.address, business.kind, applicant.phone, business.area, sign.text = 7;
    # prefilled: applicant.name (统一身份认证), enterprise.uscc (市场主体登记库) → 5 to fill.
    # Materials 5 + 4 + 3 = 12. After: 营业执照 once (C sets exempt: false), 经营场所使用证明
    # once, 健康证明 once (B is not covered by ZM-0002), three inline forms, and ONE 告知承诺书
    # for 无犯罪记录证明 (A and C) and 健康证明 for A → 1 + 1 + 1 + 3 + 1 = 7.
    figures = merge_scenario(catalog, catalog.scenarios["YJS-KDY"]).figures
    assert (figures.fields_before, figures.fields_after, figures.fields_to_fill) == (13, 7, 5)
    assert (figures.materials_before, figures.materials_after) == (12, 7)
    assert (figures.visits_before, figures.visits_after) == (1, 1)  # no scenario visits: max
    assert (figures.days_before, figures.days_after) == (30, 12)  # promised_days: 12
    assert figures.reduction == {"fields": 46, "materials": 42, "visits": 0, "days": 60}


def test_figures_of_the_hiring_scenario(catalog: Catalog) -> None:
    figures = merge_scenario(catalog, catalog.scenarios["YJS-ZG"]).figures
    assert (figures.fields_before, figures.fields_after, figures.fields_to_fill) == (8, 5, 2)
    # 营业执照 and 身份证 exempt; 劳动合同 once; the inline 参保登记表 → 2
    assert (figures.materials_before, figures.materials_after) == (6, 2)
    assert (figures.visits_before, figures.visits_after) == (0, 0)  # before 0 → reduction 0
    assert (figures.days_before, figures.days_after) == (7, 5)  # no promised_days: the max
    assert figures.reduction == {"fields": 38, "materials": 67, "visits": 0, "days": 29}


def test_one_set_of_materials(catalog: Catalog) -> None:
    merged = merge_scenario(catalog, catalog.scenarios["YJS-KDY"])
    lines = {(line.key, line.items): line for line in merged.materials}
    license_ = lines[("business-license", (A, B, C))]
    assert (license_.status, license_.reason) == ("提交", "")  # C still demands it
    lease = lines[("lease", (A, B))]
    assert lease.status == "提交" and not lease.tolerance  # 容缺 in A only, B demands it
    health = lines[("health-certificate", (A, B))]
    assert health.status == "提交"
    record = lines[("no-criminal-record", (A, C))]
    assert record.status == "告知承诺" and "ZM-0001" in record.reason
    inline = [line for line in merged.materials if line.inline]
    assert [(line.name, line.items) for line in inline] == [
        ("食品经营许可申请书", (A,)),
        ("公共场所卫生许可申请书", (B,)),
        ("招牌设计效果图", (C,)),
    ]
    assert merged.commitment is not None
    assert [code for code, _, _ in merged.commitment.certificates] == ["ZM-0001"]


def test_exempt_materials_are_listed_with_their_reason(catalog: Catalog) -> None:
    merged = merge_scenario(catalog, catalog.scenarios["YJS-ZG"])
    by_key = {line.key: line for line in merged.materials}
    assert by_key["business-license"].status == "免提交"
    assert by_key["business-license"].reason == "电子证照：营业执照；数据共享：市场主体登记库"
    assert by_key["id-card"].status == "免提交"
    assert merged.commitment is None


def test_every_replaced_certificate_is_one_letter() -> None:
    # cover B's health certificate too: both certificates replaced, still ONE 告知承诺书
    def cover_b(data: Any) -> Any:
        data["items"][1]["applies_to"] = [A, B]
        return data

    catalog = edited({"certificate-exemption/gaj.yaml": cover_b})
    merged = merge_scenario(catalog, catalog.scenarios["YJS-KDY"])
    statuses = {line.key: line.status for line in merged.materials}
    assert statuses["health-certificate"] == statuses["no-criminal-record"] == "告知承诺"
    assert merged.figures.materials_after == 6  # 营业执照, 场所证明, 3 inline, 1 letter
    assert merged.commitment is not None and len(merged.commitment.certificates) == 2


def test_merged_form(catalog: Catalog) -> None:
    form = merge_scenario(catalog, catalog.scenarios["YJS-KDY"]).form
    assert [name for name, _ in form.sections] == ["申请人", "企业", "经营场所", "其他信息"]
    fields = {field.key: field for field in form.fields}
    assert fields["enterprise.uscc"].required  # A requires it, B does not
    assert fields["enterprise.uscc"].asked_by == (A, B)
    assert fields["applicant.name"].prefilled and fields["applicant.name"].source_name
    assert fields["sign.text"].situation == "是否设置户外招牌"  # only the optional C asks
    assert fields["business.kind"].options == ("食品销售", "餐饮服务")
    schema = json_schema(form)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == [
        "applicant.name", "applicant.phone", "enterprise.uscc", "business.address",
        "business.kind", "business.area",
    ]  # fmt: skip
    valid = {
        "applicant.name": "张三",
        "applicant.phone": "13800000000",
        "enterprise.uscc": "91120000MA05XXXX1X",
        "business.address": "天津市和平区",
        "business.kind": "餐饮服务",
        "business.area": 80.5,
    }
    jsonschema.validate(valid, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**valid, "business.kind": "零售"}, schema)
    formily = formily_schema(form)
    first = formily["properties"]["section01"]
    assert first["x-component"] == "Card" and first["title"] == "申请人"
    name = first["properties"]["applicant.name"]
    assert name["x-decorator"] == "FormItem" and name["x-pattern"] == "readOnly"


def test_a_missing_item_is_an_error_not_a_silent_skip() -> None:
    def dangling(data: Any) -> Any:
        data["items"].append({"code": "999999999999"})
        return data

    catalog = edited({"scenarios/zg.yaml": dangling})
    with pytest.raises(ScenarioError, match="999999999999"):
        merge_scenario(catalog, catalog.scenarios["YJS-ZG"])


def test_negative_list_membership(catalog: Catalog) -> None:
    members = {
        stem: [item.code for item in negative_items(catalog, flag)]
        for stem, (_, flag) in NEGATIVE_LISTS.items()
    }
    assert members == {
        "negative-in-center": [E],
        "negative-online": [F],
        "negative-one-visit": [B],
    }


def test_views_and_across_criteria_or_within(catalog: Catalog) -> None:
    def chosen(**select: Any) -> list[str]:
        selection = ViewSelection.model_validate(select)
        return [code for code, item in catalog.items.items() if selects(catalog, selection, item)]

    assert chosen(tags=["餐饮"], lists=["licensing"]) == [A, B]  # F is 餐饮 but filing
    assert chosen(tags=["餐饮", "户外广告"]) == [A, B, C, F]
    assert chosen(departments=["rsj"], levels=["街道级"]) == [D]
    assert chosen(types=["行政确认", "行政备案"]) == [E, F]


def test_uniformity(catalog: Catalog) -> None:
    item = catalog.items[A]

    def entry(**data: Any) -> ImplementationEntry:
        return ImplementationEntry.model_validate({"code": A, **data})

    assert uniformity(item, None) == ("same", ())
    assert uniformity(item, entry(contact={"place": item.contact.place}))[0] == "same"
    assert uniformity(item, entry(contact={"phone": "022-1"}, time_limit={"promised": 3})) == (
        "local",
        ("contact.phone", "time_limit.promised"),
    )
    assert uniformity(item, entry(time_limit={"promised": 11}))[0] == "deviation"
    assert uniformity(item, entry(handling={"visits": 2}))[0] == "deviation"
    assert uniformity(item, entry(name="别的名称")) == ("deviation", ("name",))
