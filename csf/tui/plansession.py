"""The action plan beside an open assessment: found, or started on the first action added.

Kept free of Textual, like the assessment's Session. Every change is saved at once,
through the plan store (atomic, under the file's lock, refusing to replace a file
someone changed since it was read).
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import plan as plans
from ..errors import display


class PlanSession:
    def __init__(self, assessment_path: Path, area: str, period: str):
        self.assessment_path = assessment_path
        self.area, self.period = area, period
        found = plans.linked_plan(assessment_path)
        self.loaded = plans.load(found) if found else None
        self.path = found or plans.default_path(assessment_path, area, period)

    @property
    def plan(self) -> plans.Plan:
        """The plan on disk, or a new one linked to the assessment (written on the first save)."""
        if self.loaded is not None:
            return self.loaded.plan
        link = Path(os.path.relpath(self.assessment_path.resolve(), self.path.resolve().parent)).as_posix()
        return plans.new_plan(self.area, self.period, [link])

    @property
    def exists(self) -> bool:
        return self.loaded is not None

    def save(self, plan: plans.Plan) -> str:
        """Write `plan`; returns what to tell the person (a new file is named)."""
        new = self.loaded is None
        if new:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        plans.save(self.path, plan, None if new else self.loaded.digest)
        self.loaded = plans.load(self.path)
        return f"Started the action plan {display(self.path)}." if new else f"Saved {display(self.path)}."

    def reload(self) -> None:
        self.loaded = plans.load(self.path) if self.path.exists() else None
