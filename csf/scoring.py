"""The one scoring function. Every view (CLI, TUI, exports) shows what it returns.

Rated-checklist frameworks: percent = points / (top points × rated applicable items) × 100,
over the items answered so far (`denominator: answered`); not-applicable items leave the
denominator. Formula frameworks such as BVPI 225 (`denominator: all`) count an unanswered
question as scoring nothing, so N = (a / 11) × 100 holds exactly. The overall figure pools
points across sections; it is not a mean of section percentages. Rounding is half-up in
Decimal; a score with nothing to divide by is "not scored" (None), never 0 and never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from .framework import Framework, Section
from .frozen import frozen
from .rules import Resolved


@frozen
class Score:
    """Points out of the possible for a set of items, with how many were answered and how many not applicable."""

    points: int
    possible: int  # top points × items in the denominator
    answered: int  # items with an answer, not-applicable included
    excluded: int  # answered not applicable
    total: int  # every item, rated or not: completeness counts them all
    percent: Decimal | None  # None: not scored

    @property
    def scored(self) -> bool:
        return self.percent is not None

    def to_data(self) -> dict:
        return {
            "percent": None if self.percent is None else float(self.percent),
            "points": self.points,
            "possible": self.possible,
            "answered": self.answered,
            "excluded": self.excluded,
            "total": self.total,
        }


@frozen
class SectionScore:
    """A section's score beside the section it belongs to."""

    section: Section
    score: Score


@frozen
class Scorecard:
    """The overall score and each section's, and how they were worked out: what every view shows."""

    overall: Score
    sections: tuple[SectionScore, ...]
    method: str
    formula: str | None
    decimals: int

    def format(self, score: Score) -> str:
        """'70.0%', or 'not scored': the same words in every view."""
        return "not scored" if score.percent is None else f"{score.percent}%"


def score(framework: Framework, resolved: Mapping[str, Resolved]) -> Scorecard:
    """Score an assessment whose answers have been resolved by `rules.resolve`."""
    sections = tuple(SectionScore(s, _score(framework, (resolved[i.id] for i in s.items))) for s in framework.sections)
    overall = _score(framework, resolved.values())
    scoring = framework.scoring
    return Scorecard(overall, sections, scoring.method, scoring.formula, scoring.decimals)


def _score(framework: Framework, items: Iterable[Resolved]) -> Score:
    scoring, scale = framework.scoring, framework.scale
    by_points = scoring.method == "points" and scale is not None
    points = possible = answered = excluded = total = 0
    for r in items:
        if not r.item.asked:  # supplied centrally: not the area's to answer, not in its completeness
            continue
        total += 1
        answered += r.answered
        if not (by_points and r.item.rated):
            continue
        value = scale.get(r.rating) if r.rating is not None else None
        if value is not None and value.not_applicable:
            excluded += 1
        elif value is not None:
            points += value.points or 0
            possible += scale.top_points
        elif scoring.denominator == "all":
            possible += scale.top_points
    percent = None
    if by_points and possible:
        percent = percentage(points, possible, scoring.decimals)
    return Score(points, possible, answered, excluded, total, percent)


def percentage(points: int, possible: int, decimals: int) -> Decimal:
    """points / possible × 100, rounded half-up to `decimals` places, exactly."""
    exact = Decimal(points) * 100 / Decimal(possible)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
