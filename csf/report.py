"""One call from an assessment to everything a view shows: answers, findings, scores."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from .assessment import Assessment
from .framework import Framework
from .frozen import frozen
from .memory import collector_paused
from .rules import Finding, Resolved, carried, check, resolve
from .scoring import Scorecard, score


@frozen
class Report:
    """Everything a view shows of one assessment: resolved answers, findings and scores, worked out once."""

    framework: Framework
    assessment: Assessment
    resolved: Mapping[str, Resolved]
    scorecard: Scorecard

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every rule's finding and what carried answers still need, worked out when a
        view first asks: `csf score` shows none, and runs no rule."""
        with collector_paused():
            return (*check(self.framework, self.assessment, self.resolved), *carried(self.framework, self.assessment))

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Findings that make an assessment incomplete or invalid (warnings excluded)."""
        return tuple(f for f in self.findings if f.severity != "warning")

    @property
    def unacceptable(self) -> tuple[Finding, ...]:
        """Required items not answered: the framework's source does not accept the submission without them
        (the DSVB brief: "The MPA will not accept a report that omits this")."""
        return tuple(f for f in self.findings if f.rule == "required")

    @cached_property
    def _by_item(self) -> Mapping[str | None, tuple[Finding, ...]]:
        index: dict[str | None, list[Finding]] = {}
        for finding in self.findings:
            index.setdefault(finding.item, []).append(finding)
        return {k: tuple(v) for k, v in index.items()}

    def findings_for(self, item_id: str) -> tuple[Finding, ...]:
        return self._by_item.get(item_id, ())

    def score_data(self) -> dict:
        """The machine-readable score: what `csf score --json` prints and the JSON export embeds."""
        card, a = self.scorecard, self.assessment
        return {
            "framework": {"id": self.framework.id, "version": self.framework.version, "fingerprint": self.framework.fingerprint},
            "area": a.area,
            "period": a.period,
            "method": card.method,
            "formula": card.formula,
            "overall": card.overall.to_data(),
            "sections": [{"id": s.section.id, "title": s.section.title} | s.score.to_data() for s in card.sections],
        }

    @property
    def answered(self) -> int:
        return self.scorecard.overall.answered

    @property
    def total(self) -> int:
        return self.scorecard.overall.total


@collector_paused()
def evaluate(framework: Framework, assessment: Assessment) -> Report:
    """Resolve every answer and score them; the collector is paused, as while loading (see memory.py)."""
    resolved = resolve(framework, assessment)
    return Report(framework, assessment, resolved, score(framework, resolved))
