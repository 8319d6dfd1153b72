"""Trends: one area's scores against one framework over several periods.

Each period's figures come from the one scoring function (`report.evaluate`), so a
trend never disagrees with `csf score` for any of its years. Sections are those of the
latest period's framework version, matched to earlier versions by section id; when the
versions differ the trend says so. The chart is drawn with matplotlib's Agg backend,
imported only when a chart is drawn, and always has a title, axis labels and a text
alternative that says what the picture shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from .errors import UsageError
from .frozen import frozen
from .report import Report


@frozen
class Series:
    label: str  # "1. Empowered and effective leadership", or "Overall"
    percents: tuple[Decimal | None, ...]  # one per period; None: not scored in that period


@frozen
class Trend:
    area: str
    framework: str  # "partnership-csf"
    periods: tuple[str, ...]
    versions: tuple[str, ...]  # the framework version of each period
    sections: tuple[Series, ...]
    overall: Series

    @property
    def title(self) -> str:
        return f"{self.area}: {self.framework} scores by section, {self.periods[0]} to {self.periods[-1]}"

    @property
    def version_note(self) -> str:
        if len(set(self.versions)) == 1:
            return ""
        shown = ", ".join(f"{p} {v}" for p, v in zip(self.periods, self.versions))
        return f"The framework version changed ({shown}); sections are matched by their id."

    def rows(self) -> list[list[str]]:
        """The table: one row per section and one for overall, one column per period."""
        return [[s.label, *(_shown(p) for p in s.percents)] for s in (*self.sections, self.overall)]


def _shown(percent: Decimal | None) -> str:
    return "not scored" if percent is None else f"{percent}%"


def period_key(report: Report) -> tuple[str, str]:
    a = report.assessment
    return (a.period_end or "", a.period)


def build(reports: Sequence[Report]) -> Trend:
    """The trend over these assessments, earliest period first. They must be one area and one framework."""
    if not reports:
        raise UsageError("give the assessment files of the periods to compare")
    ordered = sorted(reports, key=period_key)
    first = ordered[0]
    for r in ordered[1:]:
        if r.framework.id != first.framework.id:
            raise UsageError(f"a trend is of one framework: {first.framework.label} and {r.framework.label} differ")
        if r.assessment.area.casefold() != first.assessment.area.casefold():
            raise UsageError(f"a trend is of one area: {first.assessment.area!r} and {r.assessment.area!r} differ")
    periods = [r.assessment.period or "period not stated" for r in ordered]
    repeated = sorted({p for p in periods if periods.count(p) > 1})
    if repeated:
        raise UsageError(f"two assessments are for the same period ({', '.join(repeated)}); give one per period")
    latest = ordered[-1]
    sections = []
    for section in latest.framework.sections:
        percents = []
        for r in ordered:
            match = next((s for s in r.scorecard.sections if s.section.id == section.id), None)
            percents.append(match.score.percent if match else None)
        sections.append(Series(section.heading, tuple(percents)))
    overall = Series("Overall", tuple(r.scorecard.overall.percent for r in ordered))
    return Trend(latest.assessment.area, latest.framework.id, tuple(periods),
                 tuple(r.framework.version for r in ordered), tuple(sections), overall)


def alt_text(trend: Trend) -> str:
    """What the chart shows, in words, for a reader who cannot see it."""
    parts = [f"Line chart of {trend.area}'s {trend.framework} scores, 0 to 100 per cent, for each section "
             f"and overall, over {len(trend.periods)} periods from {trend.periods[0]} to {trend.periods[-1]}."]
    for series in (*trend.sections, trend.overall):
        scored = [(period, p) for period, p in zip(trend.periods, series.percents) if p is not None]
        if not scored:
            parts.append(f"{series.label}: not scored.")
        elif len(scored) == 1:
            parts.append(f"{series.label}: {scored[0][1]}% in {scored[0][0]} only.")
        else:
            (p0, v0), (p1, v1) = scored[0], scored[-1]
            way = "rose" if v1 > v0 else ("fell" if v1 < v0 else "stayed")
            parts.append(f"{series.label} {way} from {v0}% in {p0} to {v1}% in {p1}." if way != "stayed"
                         else f"{series.label} stayed at {v0}% from {p0} to {p1}.")
    return " ".join(parts)


def chart_png(trend: Trend, width_in: float = 7.0, height_in: float = 3.2, dpi: int = 150) -> bytes:
    """The chart as PNG bytes: one line per section (markers and line styles differ, so
    the lines are told apart without colour) and a heavier one for overall."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    axes = figure.add_subplot()
    x = range(len(trend.periods))
    markers, styles = "osD^vP*X", ("-", "--", "-.", ":")
    for i, series in enumerate(trend.sections):
        y = [float(p) if p is not None else float("nan") for p in series.percents]
        label = _short(series.label) + ("" if any(p is not None for p in series.percents) else " (not scored)")
        axes.plot(x, y, marker=markers[i % len(markers)], linestyle=styles[i % len(styles)], linewidth=1.2,
                  markersize=4, label=label)
    y = [float(p) if p is not None else float("nan") for p in trend.overall.percents]
    axes.plot(x, y, color="black", linewidth=2.6, marker="o", label="Overall")
    axes.set_xticks(list(x), trend.periods)
    axes.set_ylim(-3, 105)  # a 0% point sits above the axis, not on it
    axes.set_xlim(-0.3, len(trend.periods) - 0.7)
    axes.set_ylabel("Score (%)")
    axes.set_xlabel("Period")
    axes.set_title(trend.title, fontsize=9)
    axes.grid(axis="y", linewidth=0.4, alpha=0.6)
    axes.legend(fontsize=6.5, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Title": trend.title, "Description": alt_text(trend), "Software": "csf"})
    return out.getvalue()


def _short(label: str, width: int = 30) -> str:
    """A legend entry on at most two lines."""
    import textwrap

    lines = textwrap.wrap(label, width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")
