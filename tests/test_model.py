"""The typed models: valid examples of every file kind, misspelt keys, conditional rules,
agreement of the models with the generated JSON Schemas, and the Catalog indexes."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from pydantic import ValidationError

from compiler.load.kinds import FileKind
from compiler.load.yaml12 import parse
from compiler.model import DOCUMENT_MODELS, MaterialEntry
from compiler.model.catalog import CatalogError, Document, build_catalog
from compiler.model.schemas import generate_schemas


def load(text: str) -> Any:
    parsed = parse(text)
    assert parsed.ok and not parsed.problems, parsed.problems
    return parsed.data


CATALOG = """
region: 天津市
region_code: "120000"
version: "2025"
effective_date: 2025-03-01
districts:
  - {name: 东丽区, code: "120110"}
  - {name: 和平区, code: "120101"}
departments:
  - {id: scjgw, name: 天津市市场监督管理委员会, level: 市级, uscc: 11120000MB1550442U}
  - {id: gaj, name: 天津市公安局, level: 市级}
  - {id: dl-zwfwb, name: 东丽区政务服务办公室, level: 区级}
data_sources:
  - {id: dzzz, name: 电子证照库, department: scjgw}
  - {id: sczt, name: 市场主体登记库, department: scjgw}
"""

ELEMENTS = """
elements:
  - {key: applicant.name, label: 申请人姓名, type: 文本, max_length: 50}
  - {key: enterprise.uscc, label: 统一社会信用代码, type: 统一社会信用代码, source: sczt}
  - {key: business.kind, label: 经营类别, type: 枚举, options: [食品销售, 餐饮服务]}
"""

MATERIALS = """
materials:
  - {key: business-license, name: 营业执照, origin: 政府部门核发, issued_by: scjgw,
     e_license: 营业执照, shared_by: dzzz}
  - {key: id-card, name: 居民身份证, origin: 政府部门核发, issued_by: gaj}
  - {key: no-criminal-record, name: 无犯罪记录证明, origin: 政府部门核发, issued_by: gaj,
     certificate: true}
  - {key: lease, name: 经营场所使用证明, origin: 申请人自备}
"""

ITEM = """
code: "000117001000"
name: 食品经营许可
type: 行政许可
department: scjgw
levels: [区级]
basis:
  - {title: 中华人民共和国食品安全法, article: 第三十五条, level: 法律}
conditions: [申请人应当具有与经营的食品品种、数量相适应的经营场所]
materials:
  - {material: business-license, necessity: 必要, copies: {original: 0, copy: 1}}
  - {material: id-card, necessity: 必要, exempt: false}
  - {material: no-criminal-record, necessity: 必要}
  - {name: 食品经营许可申请书, origin: 申请人自备, necessity: 必要,
     copies: {original: 1, copy: 0}, form: 纸质或电子}
process: [申请, 受理, 审查, 决定, 送达]
time_limit: {legal: 20, promised: 10}
fee: {charged: false}
result: {name: 食品经营许可证, type: 证照, electronic: true}
handling:
  kind: 承诺件
  online_depth: 4
  visits: 0
  channels: [窗口办理, 网上办理, 快递申请]
  in_center: {value: true}
  online: {value: true}
  one_visit: {value: false, reason: 需现场勘验}
  commitment: false
  tolerance: []
  scope: 全市通办
contact: {place: 天津市政务服务中心, hours: 工作日 9:00-17:00, phone: 022-12345678,
          complaint_phone: "12345"}
form: [applicant.name, {element: enterprise.uscc, required: true}]
supervision: null
status: 在用
tags: [天开园]
waivers:
  - {rule: licensing-basis-level, reason: 依据修订中, until: 2025-12-31, approved_by: 市政务服务办}
"""


def indented(text: str) -> str:
    lines = text.strip("\n").splitlines()
    return "\n".join(("  - " if i == 0 else "    ") + line for i, line in enumerate(lines))


def item_list(code: str, item_type: str) -> str:
    item = ITEM.replace('"000117001000"', code).replace("type: 行政许可", item_type)
    return "items:\n" + indented(item)


LICENSING = item_list('"000117001000"', "type: 行政许可")
NON_LICENSING = item_list('"000120001000"', "type: 公共服务")
FILING = item_list("TJ-BA-0001", "type: 行政备案\nfiling_timing: 事后备案")

CERTIFICATES = """
items:
  - code: ZM-0001
    name: 无犯罪记录证明
    material: no-criminal-record
    applies_to: ["000117001000"]
    domain: 一般
    basis: [{title: 国务院办公厅关于全面推行证明事项告知承诺制的指导意见, level: 规范性文件}]
    issuer: gaj
    commitment: 本人承诺无犯罪记录
    verification: {method: 数据共享核验, days: 5}
    liability: 不实承诺的，依法承担法律责任
"""

BENEFITS = """
items:
  - code: MSJX-2025-001
    name: 失业保险稳岗返还
    document: 津人社规〔2025〕1号
    department: scjgw
    target: 企业
    mode: 免申即享
    eligibility:
      type: object
      required: [enterprise.insured_months, enterprise.layoff_rate]
      properties:
        enterprise.insured_months: {minimum: 12}
        enterprise.layoff_rate: {maximum: 0.055}
    data_sources: [sczt]
    benefit: {content: 返还上年度实际缴纳失业保险费的60%, standard: 60%}
    delivery: {method: 直接拨付, days: 30}
    valid: {from: 2025-01-01, to: 2025-12-31}
    form: []
"""

SCENARIO = """
code: YJS-KDSP
name: 开办食品店一件事
kind: 企业
lead: scjgw
partners: [gaj]
items:
  - {code: "000117001000", required: true}
  - {code: "000120001000", required: false, when: 是否需要公共服务}
situations:
  - {question: 是否需要公共服务, adds: ["000120001000"]}
promised_days: 5
visits: 0
"""

IMPLEMENTATION = """
district: 东丽区
agency: dl-zwfwb
items:
  - code: "000117001000"
    contact: {place: 东丽区政务服务中心二楼, phone: 022-24000000}
    time_limit: {promised: 8}
    handling: {tolerance: [lease]}
  - code: "000120001000"
    name: 与全市不同的名称
"""

VIEW = """
name: 天开高教科创园服务事项清单
select: {tags: [天开园], lists: [licensing]}
"""

EXAMPLES: dict[FileKind, str] = {
    FileKind.CATALOG: CATALOG,
    FileKind.DATA_ELEMENTS: ELEMENTS,
    FileKind.MATERIALS: MATERIALS,
    FileKind.LICENSING: LICENSING,
    FileKind.NON_LICENSING: NON_LICENSING,
    FileKind.FILING: FILING,
    FileKind.CERTIFICATE_EXEMPTION: CERTIFICATES,
    FileKind.NO_APPLICATION_BENEFITS: BENEFITS,
    FileKind.SCENARIOS: SCENARIO,
    FileKind.IMPLEMENTATIONS: IMPLEMENTATION,
    FileKind.VIEWS: VIEW,
}

#: where to misspell a key in each example (a path to a mapping)
MISSPELL_AT: dict[FileKind, tuple[str | int, ...]] = {
    FileKind.CATALOG: ("departments", 0),
    FileKind.DATA_ELEMENTS: ("elements", 0),
    FileKind.MATERIALS: ("materials", 1),
    FileKind.LICENSING: ("items", 0, "handling"),
    FileKind.NON_LICENSING: ("items", 0, "materials", 0),
    FileKind.FILING: ("items", 0, "time_limit"),
    FileKind.CERTIFICATE_EXEMPTION: ("items", 0, "verification"),
    FileKind.NO_APPLICATION_BENEFITS: ("items", 0, "valid"),
    FileKind.SCENARIOS: ("items", 1),
    FileKind.IMPLEMENTATIONS: ("items", 0, "contact"),
    FileKind.VIEWS: ("select",),
}

SCHEMAS = generate_schemas()


def verdicts(kind: FileKind, data: Any) -> tuple[bool, bool, bool]:
    """Whether the model, python-jsonschema and jsonschema-rs accept ``data``."""
    schema = SCHEMAS[kind.schema_file]
    try:
        DOCUMENT_MODELS[kind].model_validate(data)
        model_ok = True
    except ValidationError:
        model_ok = False
    checker = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    rs = jsonschema_rs.validator_for(schema, validate_formats=True)
    return model_ok, checker.is_valid(data), rs.is_valid(data)


def example(kind: FileKind) -> Any:
    return load(EXAMPLES[kind])


def at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@pytest.mark.parametrize("kind", list(FileKind), ids=lambda kind: kind.value)
def test_valid_example_is_accepted_by_model_and_schemas(kind: FileKind) -> None:
    assert verdicts(kind, example(kind)) == (True, True, True)


@pytest.mark.parametrize("kind", list(FileKind), ids=lambda kind: kind.value)
def test_misspelt_key_is_rejected(kind: FileKind) -> None:
    data = example(kind)
    at(data, MISSPELL_AT[kind])["nmae"] = "x"
    if kind is FileKind.IMPLEMENTATIONS:  # an entry allows any item key, its contact does not
        assert verdicts(kind, data) == (False, False, False)
        at(data, ("items", 0))["nmae"] = "x"
        del at(data, MISSPELL_AT[kind])["nmae"]
        assert verdicts(kind, data) == (True, True, True)
    else:
        assert verdicts(kind, data) == (False, False, False)


REMOVE: Any = object()


def case(kind: FileKind, path: tuple[str | int, ...], **changes: Any) -> tuple[FileKind, Any]:
    """The example of ``kind`` with keys changed (``REMOVE`` removes) in the mapping at ``path``."""
    data = example(kind)
    target = at(data, path)
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is REMOVE:
            target.pop(key, None)
        else:
            target[key] = value
    return kind, data


ITEM0 = ("items", 0)
MAT = ("items", 0, "materials", 0)
INLINE = ("items", 0, "materials", 3)

REJECTED = {
    "enum-without-options": case(FileKind.DATA_ELEMENTS, ("elements", 2), options=REMOVE),
    "options-on-text": case(FileKind.DATA_ELEMENTS, ("elements", 0), options=["a"]),
    "empty-options": case(FileKind.DATA_ELEMENTS, ("elements", 2), options=[]),
    "element-key-not-dotted": case(FileKind.DATA_ELEMENTS, ("elements", 0), key="Name"),
    "gov-issued-without-issuer": case(FileKind.MATERIALS, ("materials", 1), issued_by=REMOVE),
    "issuer-on-self-provided": case(FileKind.MATERIALS, ("materials", 3), issued_by="gaj"),
    "material-key-not-kebab": case(FileKind.MATERIALS, ("materials", 3), key="Lease_1"),
    "material-and-name": case(FileKind.LICENSING, MAT, name="营业执照"),
    "material-and-origin": case(FileKind.LICENSING, MAT, origin="其他"),
    "inline-without-origin": case(FileKind.LICENSING, INLINE, origin=REMOVE),
    "neither-material-nor-name": case(FileKind.LICENSING, INLINE, name=REMOVE, origin=REMOVE),
    "unquoted-code": case(FileKind.LICENSING, ITEM0, code=117001000),
    "code-too-long": case(FileKind.LICENSING, ITEM0, code="X" * 51),
    "filing-timing-in-licensing": case(FileKind.LICENSING, ITEM0, filing_timing="事后备案"),
    "filing-without-timing": case(FileKind.FILING, ITEM0, filing_timing=REMOVE),
    "unknown-type": case(FileKind.LICENSING, ITEM0, type_="行政审批"),
    "empty-levels": case(FileKind.LICENSING, ITEM0, levels=[]),
    "depth-5": case(FileKind.LICENSING, ("items", 0, "handling"), online_depth=5),
    "bool-as-int": case(FileKind.LICENSING, ("items", 0, "handling"), commitment=1),
    "null-note": case(FileKind.LICENSING, ("items", 0, "time_limit"), note=None),
    "null-national-code": case(FileKind.LICENSING, ITEM0, national_code=None),
    "null-exempt": case(FileKind.LICENSING, MAT, exempt=None),
    "bad-national-code": case(FileKind.LICENSING, ITEM0, national_code="00011700100O"),
    "unquoted-applies-to": case(FileKind.CERTIFICATE_EXEMPTION, ITEM0, applies_to=[117001000]),
    "excluded-verification": case(
        FileKind.CERTIFICATE_EXEMPTION, ("items", 0, "verification"), method="电话核查"
    ),
    "bad-date": case(FileKind.NO_APPLICATION_BENEFITS, ("items", 0, "valid"), to="2025-13-01"),
    "region-code-5-digits": case(FileKind.CATALOG, (), region_code="12000"),
    "region-code-unquoted": case(FileKind.CATALOG, (), region_code=120000),
    "uscc-17": case(FileKind.CATALOG, ("departments", 0), uscc="11120000MB155044"),
    "unquoted-scenario-code": case(FileKind.SCENARIOS, ("items", 0), code=117001000),
    "implementation-promised-negative": case(
        FileKind.IMPLEMENTATIONS, ("items", 0, "time_limit"), promised=-1
    ),
    "implementation-without-code": case(FileKind.IMPLEMENTATIONS, ITEM0, code=REMOVE),
    "empty-selection": case(FileKind.VIEWS, (), select={}),
    "view-unknown-list": case(FileKind.VIEWS, ("select",), lists=["views"]),
}

ACCEPTED = {
    # what the rulebook checks stays out of the schema
    "visits-without-reason": case(FileKind.LICENSING, ("items", 0, "handling"), visits=2),
    "commitment-without-supervision": case(
        FileKind.LICENSING, ("items", 0, "handling"), commitment=True
    ),
    "promised-above-legal": case(FileKind.LICENSING, ("items", 0, "time_limit"), promised=30),
    "false-without-reason": case(
        FileKind.LICENSING, ("items", 0, "handling", "online"), value=False
    ),
    "wrong-list-type": case(FileKind.LICENSING, ITEM0, type_="公共服务"),
    "placeholder-condition": case(FileKind.LICENSING, ITEM0, conditions=["无"]),
    "supervision-partial": case(FileKind.LICENSING, ITEM0, supervision={"object": "经营者"}),
    "supervision-absent": case(FileKind.LICENSING, ITEM0, supervision=REMOVE),
    "supervision-null": case(FileKind.LICENSING, ITEM0, supervision=None),
    "local-code": case(FileKind.NON_LICENSING, ITEM0, code="TJ-0001-" + "9" * 42),
    "excluded-domain": case(FileKind.CERTIFICATE_EXEMPTION, ITEM0, domain="国家安全"),
    "benefit-without-criteria": case(
        FileKind.NO_APPLICATION_BENEFITS, ITEM0, target=REMOVE, document=REMOVE, valid=REMOVE
    ),
    "open-ended-policy": case(FileKind.NO_APPLICATION_BENEFITS, ("items", 0, "valid"), to=REMOVE),
    "implementation-extra-time-key": case(
        FileKind.IMPLEMENTATIONS, ("items", 0, "time_limit"), legal=30
    ),
    "enum-with-options": case(FileKind.DATA_ELEMENTS, ("elements", 2)),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_model_and_schemas_reject(name: str) -> None:
    kind, data = REJECTED[name]
    assert verdicts(kind, data) == (False, False, False)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_model_and_schemas_accept(name: str) -> None:
    kind, data = ACCEPTED[name]
    assert verdicts(kind, data) == (True, True, True)


def test_values_are_typed() -> None:
    items = DOCUMENT_MODELS[FileKind.LICENSING].model_validate(example(FileKind.LICENSING))
    item = items.items[0]  # type: ignore[attr-defined]
    assert item.waivers[0].until == date(2025, 12, 31)
    assert item.materials[0].copies.copy_ == 1
    assert item.supervision is None and item.filing_timing is None
    benefits = DOCUMENT_MODELS[FileKind.NO_APPLICATION_BENEFITS]
    policy = benefits.model_validate(example(FileKind.NO_APPLICATION_BENEFITS)).items[0]  # type: ignore[attr-defined]
    assert policy.valid.valid_from == date(2025, 1, 1)
    assert policy.eligibility["properties"]["enterprise.insured_months"] == {"minimum": 12}
    implementation = DOCUMENT_MODELS[FileKind.IMPLEMENTATIONS].model_validate(
        example(FileKind.IMPLEMENTATIONS)
    )
    entries = implementation.items  # type: ignore[attr-defined]
    assert entries[0].time_limit.promised == 8
    assert entries[1].model_extra == {"name": "与全市不同的名称"}


def test_models_are_frozen() -> None:
    entry = MaterialEntry.model_validate({"material": "id-card", "necessity": "必要"})
    with pytest.raises(ValidationError):
        entry.necessity = "非必要"


# ---- Catalog ------------------------------------------------------------------------------


def documents(**overrides: Any) -> list[Document]:
    files = {
        FileKind.CATALOG: "catalog/catalog.yaml",
        FileKind.DATA_ELEMENTS: "catalog/data-elements.yaml",
        FileKind.MATERIALS: "catalog/materials.yaml",
        FileKind.LICENSING: "catalog/licensing/scjgw.yaml",
        FileKind.NON_LICENSING: "catalog/non-licensing/scjgw.yaml",
        FileKind.FILING: "catalog/filing/scjgw.yaml",
        FileKind.CERTIFICATE_EXEMPTION: "catalog/certificate-exemption/gaj.yaml",
        FileKind.NO_APPLICATION_BENEFITS: "catalog/no-application-benefits/rsj.yaml",
        FileKind.SCENARIOS: "catalog/scenarios/kdsp.yaml",
        FileKind.IMPLEMENTATIONS: "catalog/implementations/dongli.yaml",
        FileKind.VIEWS: "catalog/views/tkgy.yaml",
    }
    data = {kind: example(kind) for kind in files}
    for name, value in overrides.items():
        data[FileKind(name.replace("_", "-"))] = value
    return [Document(kind, files[kind], data[kind]) for kind in reversed(list(files))]


def test_build_catalog_indexes() -> None:
    catalog = build_catalog(documents())
    assert catalog.meta.region == "天津市"
    assert list(catalog.items) == ["000117001000", "000120001000", "TJ-BA-0001"]
    assert catalog.list_of["000117001000"] is FileKind.LICENSING
    assert catalog.list_of["TJ-BA-0001"] is FileKind.FILING
    assert catalog.list_of["YJS-KDSP"] is FileKind.SCENARIOS
    assert catalog.file_of["ZM-0001"] == "catalog/certificate-exemption/gaj.yaml"
    assert [i.code for i in catalog.items_by_department["scjgw"]] == list(catalog.items)
    assert list(catalog.elements) == sorted(catalog.elements)
    assert list(catalog.departments) == ["dl-zwfwb", "gaj", "scjgw"]
    assert list(catalog.districts) == sorted(["东丽区", "和平区"])
    assert catalog.data_sources["dzzz"].name == "电子证照库"
    assert catalog.implementations["东丽区"].agency == "dl-zwfwb"
    assert catalog.implementation_file["东丽区"] == "catalog/implementations/dongli.yaml"
    assert catalog.views["tkgy"].select.tags == ["天开园"]
    assert catalog.benefits["MSJX-2025-001"].mode == "免申即享"
    assert catalog.scenarios["YJS-KDSP"].items[1].required is False
    assert [c.code for c in catalog.certificates_for("000117001000")] == ["ZM-0001"]
    assert catalog.certificates_for("000120001000") == ()


def test_material_resolution_and_exemption() -> None:
    catalog = build_catalog(documents())
    license_, id_card, record, form = catalog.items["000117001000"].materials
    resolved = catalog.material_of(license_)
    assert (resolved.ref, resolved.name) == ("business-license", "营业执照")
    assert (resolved.origin, resolved.issued_by) == ("政府部门核发", "scjgw")
    assert (resolved.e_license, resolved.shared_by, resolved.inline) == ("营业执照", "dzzz", False)
    inline = catalog.material_of(form)
    assert (inline.ref, inline.key, inline.origin, inline.inline) == (
        "食品经营许可申请书",
        None,
        "申请人自备",
        True,
    )
    assert catalog.material_of(record).certificate is True
    assert catalog.is_exempt(license_) is True  # e_license / shared_by: exempt by default
    assert catalog.is_exempt(id_card) is False  # explicit exempt: false wins
    assert catalog.is_exempt(record) is False  # nothing to share it by
    assert catalog.is_exempt(form) is False  # inline
    explicit = license_.model_copy(update={"exempt": False})
    assert catalog.is_exempt(explicit) is False
    unknown = MaterialEntry.model_validate({"material": "missing", "necessity": "必要"})
    with pytest.raises(CatalogError, match="missing"):
        catalog.material_of(unknown)


def test_build_catalog_reports_every_problem() -> None:
    licensing = example(FileKind.LICENSING)
    licensing["items"][0]["code"] = 117001000
    licensing["items"][0]["handling"]["visits"] = -1
    filing = example(FileKind.FILING)
    filing["items"][0]["code"] = "000120001000"  # the non-licensing item's code
    with pytest.raises(CatalogError) as raised:
        build_catalog(documents(licensing=licensing, filing=filing))
    problems = raised.value.problems
    assert any("licensing/scjgw.yaml: items.0.code" in p for p in problems)
    assert any("items.0.handling.visits" in p for p in problems)
    assert any("“000120001000” 重复" in p for p in problems)
    assert "zwfw lint" in str(raised.value)


def test_build_catalog_needs_catalog_yaml() -> None:
    docs = [d for d in documents() if d.kind is not FileKind.CATALOG]
    with pytest.raises(CatalogError, match=r"catalog\.yaml"):
        build_catalog(docs)


def test_build_catalog_is_deterministic() -> None:
    first = build_catalog(documents())
    second = build_catalog(reversed(documents()))
    assert first == second
    assert list(first.file_of) == sorted(first.file_of)


def test_catalog_does_not_share_input() -> None:
    data = example(FileKind.CATALOG)
    original = copy.deepcopy(data)
    build_catalog(documents(catalog=data))
    assert data == original
