"""Catalog sizes and the cycles of planted defects, one cycle per list."""

from __future__ import annotations

from dataclasses import dataclass

BASE_VERSION = 2025


@dataclass(frozen=True)
class Scale:
    name: str
    licensing: tuple[int, int]  # (items, files)
    non_licensing: tuple[int, int]
    filing: tuple[int, int]
    districts: int  # implementation lists written (catalog.yaml always names all 16)
    entries: int  # implementation entries per district
    certificates: int
    benefits: int
    scenarios: int
    defects: bool  # default of --defects
    period: int  # every period-th service item of a list (at offset) carries a defect
    offset: int
    side_period: int  # the same for scenarios, certificate entries and benefits
    side_offset: int
    impl_period: int  # the same for implementation entries (all districts in a row)
    impl_offset: int


SCALES: dict[str, Scale] = {
    "small": Scale("small", (24, 2), (28, 3), (8, 1), 3, 12, 6, 6, 8,
                   False, 6, 2, 3, 1, 7, 3),
    "city": Scale("city", (1200, 14), (1500, 18), (300, 8), 16, 800, 150, 150, 200,
                  True, 79, 39, 37, 18, 997, 500),
    "nation": Scale("nation", (40000, 200), (52000, 250), (8000, 50), 16, 4000, 600, 600, 1500,
                    True, 79, 39, 37, 18, 997, 500),
}

# Each planted service-item defect is named by the rule it must trigger. Per list, the items at
# positions offset, offset+period, ... take the next defect of that list's cycle.
GENERIC_DEFECTS = (
    "promised-within-legal", "instant-item-zero-days", "full-online-zero-visits",
    "zero-visits-needs-channel", "visit-reason-required", "negative-list-reason",
    "contact-format", "consult-not-complaint", "fee-basis-required", "result-type-required",
    "commitment-needs-supervision", "supervision-consistent", "tolerance-material-exists",
    "gov-issued-material-submitted", "newspaper-notice", "inline-material-duplicates-dictionary",
    "ref-material", "ref-data-element", "ref-department", "no-empty-element", "duplicate-name",
    "unique-code", "waiver-expired", "waiver-unused",
)
ITEM_DEFECTS: dict[str, tuple[str, ...]] = {
    "licensing": ("licensing-basis-level", "list-type-mismatch", "code-type-mismatch",
                  *GENERIC_DEFECTS[0::2]),
    "non-licensing": ("national-code-link", "list-type-mismatch", "code-type-mismatch",
                      *GENERIC_DEFECTS[1::2]),
    "filing": ("filing-no-fee", "filing-after-the-fact", "filing-basis-level"),
}
SCENARIO_DEFECTS = ("scenario-min-items", "scenario-lead-involved", "scenario-not-faster",
                    "ref-item")
CERTIFICATE_DEFECTS = ("commitment-excluded-domain", "certificate-not-required-by-item",
                       "ref-item")
BENEFIT_DEFECTS = ("benefit-data-source", "benefit-expired", "benefit-criteria",
                   "benefit-apply-form")
IMPLEMENTATION_DEFECTS = ("uniform-elements",)
