"""Typed models of the catalog format (catalog-format.md), one module per file kind.

``DOCUMENT_MODELS`` maps each file kind to the model of one whole file; ``schemas.py`` turns
them into schemas/*.json and ``catalog.py`` builds the indexed ``Catalog`` the compiler uses.

Choices where the format is silent (the JSON Schemas say the same as the models):

- An optional key is written or left out; ``null`` is not a value (``note:`` left empty is a
  schema finding), except ``supervision``, which the format shows as ``supervision: null``.
- Values are strict: ``1`` is not ``true``, ``5.0`` not ``5``, an unquoted all-digit code is a
  number and fails (请为编码加引号). Dates are ``YYYY-MM-DD``.
- What the rulebook checks stays permissive here: ``visit_reason``, the negative-list
  ``reason``/``detail``/``basis``, ``supervision`` and its sub-keys, ``result.type``,
  ``fee.items`` and each fee item's ``basis``, and a policy's ``document``, ``target``,
  ``valid`` and ``benefit.standard`` are optional; no key forbids an empty string.
- Item material entries: ``necessity`` is required; ``copies`` (both ``original`` and
  ``copy`` when given), ``form``, ``note`` and ``exempt`` are optional. A ``material:`` entry may
  not also carry ``name``/``origin``.
- ``options`` of a data element and ``issued_by`` of a material are "iff": required for 枚举 /
  政府部门核发, not allowed otherwise. A data-element key has at least one dot.
- ``filing_timing`` is required in filing/ and not allowed in licensing/ and non-licensing/.
- ``national_code`` and ``uscc`` use the national character set (digits and capitals without
  I O Z S V); every code (items, 证明事项, 政策, 一件事) is a string of at most 50 characters.
- Form entries ``{element, required}`` default ``required: true``; scenario items likewise.
  Scenario ``partners`` and ``situations`` may be left out; each situation adds ≥ 1 item.
- A policy's ``valid.to`` may be left out (no end date); ``form`` defaults to empty.
- A view's ``select`` needs at least one criterion; criteria combine with AND, the values of one
  criterion with OR; ``lists`` names service lists (licensing, non-licensing, filing).
- Implementation entries accept any item key (``uniform-elements`` judges them); ``contact``
  sub-keys are all optional, ``time_limit`` types only ``promised``, ``handling`` is a mapping.
- In ``Catalog``, codes of items, certificate entries, policies and scenarios share one
  namespace (``list_of``/``file_of``); views are keyed by file stem, implementations by district.
"""

from __future__ import annotations

from pydantic import BaseModel

from compiler.load.kinds import FileKind
from compiler.model.benefits import Benefit, BenefitContent, BenefitList, Delivery, Validity
from compiler.model.catalog_meta import CatalogMeta, DataSource, Department, District
from compiler.model.certificates import (
    CertificateExemption,
    CertificateExemptionList,
    Verification,
)
from compiler.model.common import Basis, Contact, Copies, Model, Waiver
from compiler.model.elements import DataElement, DataElementsDocument
from compiler.model.handling import Handling, HandlingFlag
from compiler.model.implementations import (
    Implementation,
    ImplementationEntry,
    LocalContact,
    LocalTimeLimit,
)
from compiler.model.items import (
    Fee,
    FeeItem,
    FilingList,
    FormField,
    ItemList,
    LicensingList,
    MaterialEntry,
    NonLicensingList,
    Result,
    ServiceItem,
    Supervision,
    TimeLimit,
)
from compiler.model.materials import Material, MaterialsDocument
from compiler.model.scenarios import Scenario, ScenarioItem, Situation
from compiler.model.views import View, ViewSelection

#: the model of one whole file of each kind
DOCUMENT_MODELS: dict[FileKind, type[BaseModel]] = {
    FileKind.CATALOG: CatalogMeta,
    FileKind.DATA_ELEMENTS: DataElementsDocument,
    FileKind.MATERIALS: MaterialsDocument,
    FileKind.LICENSING: LicensingList,
    FileKind.NON_LICENSING: NonLicensingList,
    FileKind.FILING: FilingList,
    FileKind.CERTIFICATE_EXEMPTION: CertificateExemptionList,
    FileKind.NO_APPLICATION_BENEFITS: BenefitList,
    FileKind.SCENARIOS: Scenario,
    FileKind.IMPLEMENTATIONS: Implementation,
    FileKind.VIEWS: View,
}

__all__ = [
    "DOCUMENT_MODELS",
    "Basis",
    "Benefit",
    "BenefitContent",
    "BenefitList",
    "CatalogMeta",
    "CertificateExemption",
    "CertificateExemptionList",
    "Contact",
    "Copies",
    "DataElement",
    "DataElementsDocument",
    "DataSource",
    "Delivery",
    "Department",
    "District",
    "Fee",
    "FeeItem",
    "FilingList",
    "FormField",
    "Handling",
    "HandlingFlag",
    "Implementation",
    "ImplementationEntry",
    "ItemList",
    "LicensingList",
    "LocalContact",
    "LocalTimeLimit",
    "Material",
    "MaterialEntry",
    "MaterialsDocument",
    "Model",
    "NonLicensingList",
    "Result",
    "Scenario",
    "ScenarioItem",
    "ServiceItem",
    "Situation",
    "Supervision",
    "TimeLimit",
    "Validity",
    "Verification",
    "View",
    "ViewSelection",
    "Waiver",
]
