"""The file kinds of a catalog (catalog-format.md §1) and where each lives."""

from __future__ import annotations

from enum import Enum


class FileKind(str, Enum):
    CATALOG = "catalog"
    DATA_ELEMENTS = "data-elements"
    MATERIALS = "materials"
    LICENSING = "licensing"
    NON_LICENSING = "non-licensing"
    FILING = "filing"
    CERTIFICATE_EXEMPTION = "certificate-exemption"
    NO_APPLICATION_BENEFITS = "no-application-benefits"
    SCENARIOS = "scenarios"
    IMPLEMENTATIONS = "implementations"
    VIEWS = "views"

    @property
    def label(self) -> str:
        """The list's Chinese name."""
        return KIND_TITLES[self]

    @property
    def schema_file(self) -> str:
        return SCHEMA_FILES[self]


KIND_TITLES: dict[FileKind, str] = {
    FileKind.CATALOG: "目录元数据",
    FileKind.DATA_ELEMENTS: "数据元目录",
    FileKind.MATERIALS: "材料目录",
    FileKind.LICENSING: "行政许可事项清单",
    FileKind.NON_LICENSING: "非许可类政务服务事项目录",
    FileKind.FILING: "行政备案事项清单",
    FileKind.CERTIFICATE_EXEMPTION: "实行告知承诺制的证明事项清单",
    FileKind.NO_APPLICATION_BENEFITS: "免申即享政策清单",
    FileKind.SCENARIOS: "“高效办成一件事”场景",
    FileKind.IMPLEMENTATIONS: "区级实施清单",
    FileKind.VIEWS: "专项清单",
}

SCHEMA_FILES: dict[FileKind, str] = {
    FileKind.CATALOG: "catalog.schema.json",
    FileKind.DATA_ELEMENTS: "data-elements.schema.json",
    FileKind.MATERIALS: "materials.schema.json",
    FileKind.LICENSING: "licensing.schema.json",
    FileKind.NON_LICENSING: "non-licensing.schema.json",
    FileKind.FILING: "filing.schema.json",
    FileKind.CERTIFICATE_EXEMPTION: "certificate-exemption.schema.json",
    FileKind.NO_APPLICATION_BENEFITS: "no-application-benefits.schema.json",
    FileKind.SCENARIOS: "scenario.schema.json",
    FileKind.IMPLEMENTATIONS: "implementation.schema.json",
    FileKind.VIEWS: "view.schema.json",
}

#: single files at the catalog root
ROOT_FILES: dict[str, FileKind] = {
    "catalog": FileKind.CATALOG,
    "data-elements": FileKind.DATA_ELEMENTS,
    "materials": FileKind.MATERIALS,
}

#: folders whose every *.yaml file is of one kind
FOLDERS: dict[str, FileKind] = {
    kind.value: kind
    for kind in FileKind
    if kind not in (FileKind.CATALOG, FileKind.DATA_ELEMENTS, FileKind.MATERIALS)
}

#: the three service-item lists and the two policy lists: "the five lists"
SERVICE_LISTS = (FileKind.LICENSING, FileKind.NON_LICENSING, FileKind.FILING)
FIVE_LISTS = (*SERVICE_LISTS, FileKind.CERTIFICATE_EXEMPTION, FileKind.NO_APPLICATION_BENEFITS)
ITEM_LIST_KINDS = (*FIVE_LISTS, FileKind.IMPLEMENTATIONS)
