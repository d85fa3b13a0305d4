"""The render tests' catalog (tests/fixtures/render) and its scenarios' merge, built by hand.

The merge is written out here rather than computed, so the render tests do not depend on
compiler/build/merge.py; the figures follow cli-contract.md for this catalog.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from compiler.build.artifacts import (
    CommitmentLetter,
    MaterialLine,
    MergedField,
    MergedForm,
    MergedScenario,
    ScenarioFigures,
)
from compiler.load.source import load_catalog
from compiler.model.catalog import Catalog, Document, build_catalog
from compiler.render.site import render_site

FIXTURE = Path(__file__).parent / "fixtures" / "render"

FOOD, HYGIENE = "000117001000", "000117002000"
BIRTH_CERT, BIRTH_REG, SOCIAL_CARD = "002001001000", "000701001000", "002001002000"


def load_fixture(edit: Callable[[Any], Any] | None = None) -> Catalog:
    """The fixture catalog; ``edit`` may rewrite each file's plain data before the build."""
    sources = [s for s in load_catalog(FIXTURE) if s.kind]
    assert all(not s.problems for s in sources), [s.problems for s in sources]
    return build_catalog(
        Document(s.kind, s.display, edit(s.data) if edit else s.data)
        for s in sources
        if s.kind is not None
    )


def _field(key: str, label: str, type_: str, *asked_by: str, **extra: Any) -> MergedField:
    section = {"applicant": "申请人", "enterprise": "企业", "business": "经营场所"}.get(
        key.split(".")[0], "新生儿"
    )
    return MergedField(
        key, label, type_, section, extra.pop("required", True), asked_by=asked_by, **extra
    )


def _form(code: str, title: str, fields: list[MergedField]) -> MergedForm:
    sections: dict[str, list[MergedField]] = {}
    for field in fields:
        sections.setdefault(field.section, []).append(field)
    return MergedForm(code, title, tuple((name, tuple(f)) for name, f in sections.items()))


def merged_scenarios() -> dict[str, MergedScenario]:
    id_source = {"source": "tysfrz", "source_name": "统一身份认证平台"}
    birth = (BIRTH_CERT, BIRTH_REG, SOCIAL_CARD)
    newborn = MergedScenario(
        code="YJS-XSECS",
        name="新生儿出生一件事",
        form=_form(
            "YJS-XSECS",
            "新生儿出生一件事申请表",
            [
                _field("applicant.name", "申请人姓名", "文本", *birth, max_length=50, **id_source),
                _field("applicant.id_number", "公民身份号码", "身份证号", *birth, **id_source),
                _field("newborn.name", "新生儿姓名", "文本", *birth, max_length=50),
                _field(
                    "newborn.birth_date",
                    "出生日期",
                    "日期",
                    BIRTH_CERT,
                    BIRTH_REG,
                    source="csyxzm",
                    source_name="出生医学证明信息库",
                ),
                _field(
                    "newborn.bank_account",
                    "社会保障卡银行账户",
                    "文本",
                    SOCIAL_CARD,
                    situation="是否申领社会保障卡",
                ),
            ],
        ),
        materials=(
            MaterialLine(
                "household-register", "居民户口簿", "提交", "", (BIRTH_REG,), "必要", original=1
            ),
            MaterialLine(
                "birth-certificate",
                "出生医学证明",
                "免提交",
                "电子证照：出生医学证明电子证照",
                (BIRTH_REG,),
                "必要",
                original=1,
            ),
            MaterialLine(
                "id-card",
                "居民身份证",
                "免提交",
                "电子证照：居民身份证电子证照",
                birth,
                "必要",
                original=1,
            ),
        ),
        commitment=None,
        figures=ScenarioFigures(12, 5, 2, 5, 1, 1, 0, 4, 3),
    )
    licence = {"source": "sczt", "source_name": "市场主体登记库"}
    both = (FOOD, HYGIENE)
    shop = MergedScenario(
        code="YJS-SPD",
        name="开办食品店一件事",
        form=_form(
            "YJS-SPD",
            "开办食品店一件事申请表",
            [
                _field("applicant.name", "申请人姓名", "文本", *both, max_length=50, **id_source),
                _field("applicant.phone", "联系电话", "手机号", *both),
                _field("enterprise.name", "企业名称", "文本", FOOD, **licence),
                _field("enterprise.uscc", "统一社会信用代码", "统一社会信用代码", *both, **licence),
                _field("business.address", "经营场所", "地址", *both),
                _field("business.kind", "经营类别", "枚举", FOOD, options=("食品销售", "餐饮服务")),
            ],
        ),
        materials=(
            MaterialLine(
                "食品经营许可申请书",
                "食品经营许可申请书",
                "提交",
                "",
                (FOOD,),
                "必要",
                original=1,
                inline=True,
            ),
            MaterialLine(
                "lease", "经营场所使用证明", "提交", "", (FOOD,), "必要", tolerance=True, copy=1
            ),
            MaterialLine(
                "卫生管理制度",
                "卫生管理制度",
                "提交",
                "",
                (HYGIENE,),
                "容缺后补",
                tolerance=True,
                original=1,
                inline=True,
            ),
            MaterialLine(
                "business-license",
                "营业执照",
                "免提交",
                "电子证照：营业执照电子证照",
                both,
                "必要",
                copy=1,
            ),
            MaterialLine(
                "no-criminal-record",
                "无犯罪记录证明",
                "告知承诺",
                "告知承诺：ZM-0001 无犯罪记录证明",
                (HYGIENE,),
                "必要",
                original=1,
            ),
        ),
        commitment=CommitmentLetter(
            (("ZM-0001", "无犯罪记录证明", "本人承诺无犯罪记录，如有不实愿承担法律责任。"),)
        ),
        figures=ScenarioFigures(10, 6, 3, 6, 4, 1, 1, 15, 10),
    )
    return {newborn.code: newborn, shop.code: shop}


def render_fixture(edit: Callable[[Any], Any] | None = None) -> dict[str, bytes]:
    return render_site(load_fixture(edit), merged_scenarios())


def write_site(files: dict[str, bytes], root: Path) -> Path:
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]


def broken_links(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(page, url) for every link of an HTML page that is not a relative link to a file of
    the site (an in-page ``#anchor`` is fine)."""
    broken = []
    for page, data in files.items():
        if not page.endswith(".html"):
            continue
        parser = _Links()
        parser.feed(data.decode())
        for url in parser.urls:
            if url.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(url)))
            if ":" in url.split("/")[0] or target not in files:
                broken.append((page, url))
    return broken
