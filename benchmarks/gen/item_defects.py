"""The planted defects of the service-item lists: when one is due, and what it changes."""

from __future__ import annotations

from benchmarks.gen.codes import Counters, next_code, next_local_code
from benchmarks.gen.context import Context
from benchmarks.gen.model import Planned
from benchmarks.gen.scales import ITEM_DEFECTS
from benchmarks.gen.words import TYPE_CODE

# a defect planted as one rule that makes another fire as well
ALSO_FIRES = {"waiver-expired": ("consult-not-complaint", "waiver-expired")}


def rules_of(defect: str) -> tuple[str, ...]:
    return ALSO_FIRES.get(defect, (defect,))


class ItemDefects:
    """Per list: a defect is due every `period` items and lands on the next single item."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.position = dict.fromkeys(ITEM_DEFECTS, 0)
        self.cycle = dict.fromkeys(ITEM_DEFECTS, 0)
        self.pending = dict.fromkeys(ITEM_DEFECTS, False)
        self.last_spare: dict[str, tuple[str, str] | None] = {}  # list → (code, type)
        self.last_name: dict[str, str] = {}  # department → name
        self.start_file()

    def start_file(self) -> None:
        """A duplicated code or name copies an earlier item of the same file, so that both
        places of the finding are in one file whichever one a linter reports."""
        self.last_spare = dict.fromkeys(ITEM_DEFECTS)
        self.last_name.clear()

    def place(self, lst: str, plans: list[Planned], counters: Counters) -> None:
        """Count the planned items; give the next defect to a single item if one is due."""
        scale = self.ctx.scale
        for _ in plans:
            if self.ctx.due(self.position[lst], scale.period, scale.offset):
                self.pending[lst] = True
            self.position[lst] += 1
        if len(plans) == 1 and self.pending[lst]:
            self.pending[lst] = False
            self._apply(plans[0], self._take(lst), counters)

    def remember(self, plan: Planned, refable: bool) -> None:
        """Note a written item that a later unique-code or duplicate-name defect may copy."""
        if not plan.defect and plan.status == "在用":
            if not refable and plan.lst != "filing":
                self.last_spare[plan.lst] = (plan.code, plan.type)
            self.last_name[plan.dept] = plan.name

    def _take(self, lst: str) -> str:
        kinds = ITEM_DEFECTS[lst]
        while True:
            defect = kinds[self.cycle[lst] % len(kinds)]
            self.cycle[lst] += 1
            if defect == "unique-code" and self.last_spare[lst] is None:
                continue
            return defect

    def _apply(self, plan: Planned, defect: str, counters: Counters) -> None:
        plan.defect = defect
        if defect == "list-type-mismatch":
            plan.type = "行政确认" if plan.lst == "licensing" else "行政许可"
            plan.code, plan.national_code = next_code(counters, TYPE_CODE[plan.type]), ""
        elif defect == "code-type-mismatch":
            wrong = "07" if plan.type != "行政确认" else "05"
            plan.code, plan.national_code = next_code(counters, wrong), ""
        elif defect == "national-code-link":
            plan.code = next_local_code(counters, TYPE_CODE[plan.type])
            plan.national_code = ""
        elif defect == "unique-code":
            spare = self.last_spare[plan.lst]
            assert spare is not None
            plan.code, plan.type = spare
            plan.national_code = ""
        elif defect == "duplicate-name" and plan.dept in self.last_name:
            plan.name = self.last_name[plan.dept]
        elif defect == "duplicate-name":
            plan.defect = "promised-within-legal"
