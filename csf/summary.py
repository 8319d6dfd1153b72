"""The board summary: one page on where a partnership stands and what it is doing about it.

Overall and per-section scores with their counts (from the one scoring function),
change since the previous assessment of the same area and framework (through the
mapping set when the framework version changed), a trend chart when there are earlier
periods, actions by RAG rating from the action plan, and the top gaps with the actions
that answer them. It builds a `page.Page`; Word, HTML and Markdown render it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from .errors import UsageError
from .export.content import long_date, score_line
from .export.page import Block, Page, Picture, Table
from .export.text import clean
from .plan import Plan, count, gaps, groups
from .report import Report
from .scoring import Score
from .trend import alt_text, build as build_trend, chart_png, period_key

TOP_GAPS = 3  # with 8 sections, a trend and 5 priorities, more would run onto a second page
GAP_TEXT = 75  # characters of an item's text shown beside it: the page must stay one page


def build(report: Report, plan: Plan | None = None, previous: Sequence[Report] = (), registry=None,
          today: dt.date | None = None) -> Page:
    a, framework, card = report.assessment, report.framework, report.scorecard
    today = today or dt.date.today()
    for earlier in previous:
        _check_comparable(report, earlier)
    last = max(previous, key=period_key) if previous else None
    facts = [("Area", clean(a.area)), ("Period", clean(a.period) or "not stated"),
             ("Framework", framework.label), ("Date", long_date(today))]
    blocks = [_scores(report, last, registry)]
    if previous:
        trend = build_trend([*previous, report])
        blocks.append(Block(f"Trend, {trend.periods[0]} to {trend.periods[-1]}",
                            paragraphs=(trend.version_note,) if trend.version_note else (),
                            picture=Picture(chart_png(trend, 7.0, 2.0), alt_text(trend), 150)))
    if plan is not None:
        blocks.append(_actions(plan))
    blocks.append(_gaps(report, plan))
    reconfirm = [f for f in report.findings if f.rule == "to-reconfirm"]
    if reconfirm:
        blocks.append(_reconfirm(reconfirm))
    title = f"Board summary: {clean(a.area)}" + (f" {clean(a.period)}" if a.period else "")
    return Page(title, clean(a.area), "summary", tuple(facts), tuple(blocks))


def _check_comparable(report: Report, earlier: Report) -> None:
    if earlier.framework.id != report.framework.id:
        raise UsageError(f"--previous must be an assessment against {report.framework.id}, "
                         f"not {earlier.framework.label}")
    if earlier.assessment.area.casefold() != report.assessment.area.casefold():
        raise UsageError(f"--previous must be an assessment of {report.assessment.area}, not {earlier.assessment.area}")


def _scores(report: Report, last: Report | None, registry) -> Block:
    card = report.scorecard
    overall = score_line("Overall", card.overall, card)
    counts = f"{overall.points} points, " if overall.points else ""
    lead = (f"Overall score {overall.score} ({counts}{overall.answered} items answered"
            + (f", {overall.excluded} not applicable" if overall.excluded else "") + ").")
    header = ["Section", "Score", "Points", "Answered"]
    changes: dict[str, str] = {}
    paragraphs = [lead]
    if last is not None:
        changes, note = _changes(report, last, registry)
        header.append(f"Change since {last.assessment.period or 'previous'}")
        paragraphs = [f"{lead} {note}"]
    rows = []
    for s in card.sections:
        line = score_line(clean(s.section.heading), s.score, card)
        rows.append((line.label, line.score, line.points or "-", line.answered,
                     *([changes.get(s.section.id, "-")] if last is not None else [])))
    rows.append(("Overall", overall.score, overall.points or "-", overall.answered,
                 *([changes.get("", "-")] if last is not None else [])))
    shares = (0.46, 0.12, 0.11, 0.11, 0.2) if last is not None else (0.58, 0.14, 0.14, 0.14)
    return Block("Score", tuple(paragraphs), Table(tuple(header), tuple(rows), shares, total_last=True))


def _changes(report: Report, last: Report, registry) -> tuple[dict[str, str], str]:
    """Percentage-point change per section id ('' for overall), and a sentence saying how it was compared."""
    now_fw, then_fw = report.framework, last.framework
    then = {s.section.id: s.score for s in last.scorecard.sections}
    pairs = {sid: sid for sid in then}
    when = last.assessment.period or "the previous assessment"
    note = f"Change is in percentage points since {when}, the same framework version ({now_fw.version})."
    if then_fw.version != now_fw.version:
        from .mapping import complete, find_mapping

        found = find_mapping(registry, then_fw, now_fw) if registry is not None else None
        mapping = complete(found, then_fw, now_fw)
        pairs = {}
        for section in now_fw.sections:
            sources = [p.source for p in mapping.sections if p.target == section.id and p.related]
            if len(sources) == 1:
                pairs[section.id] = sources[0]
        how = f"the mapping {found.file}" if found else "section and item ids (no mapping file relates the two versions)"
        note = (f"Change is in percentage points since {when}. The framework version changed ({then_fw.version} then "
                f"{now_fw.version}): sections are compared through {how}; a section with no single counterpart shows '-'.")
    out = {"": _difference(report.scorecard.overall, last.scorecard.overall)}
    for s in report.scorecard.sections:
        source = pairs.get(s.section.id)
        if source in then:
            out[s.section.id] = _difference(s.score, then[source])
    return out, note


def _difference(now: Score, then: Score) -> str:
    if now.percent is None or then.percent is None:
        return "-"
    change: Decimal = now.percent - then.percent
    return "no change" if change == 0 else f"{change:+}"


def _actions(plan: Plan) -> Block:
    from .export.plans import RAG_HEADER, RAG_SHARES, rag_cells

    rows = [(clean(g.heading), *rag_cells(g.counts)) for g in groups(plan)]
    rows.append(("Total", *rag_cells(count(plan.actions))))
    lead = f"{len(plan.actions)} actions in the action plan" + (f" for {clean(plan.period)}" if plan.period else "") + \
        "; green means on track, not finished."
    return Block("Actions by RAG rating", (lead,), Table(RAG_HEADER, tuple(rows), RAG_SHARES, total_last=True))


def _gaps(report: Report, plan: Plan | None) -> Block:
    scale = report.framework.scale
    found = sorted(gaps(report), key=lambda r: scale.get(r.rating).points or 0)  # stable: framework order within a rating
    if not found:
        return Block("Top gaps", ("No item is rated below the top of the scale.",))
    bullets = []
    for resolved in found[:TOP_GAPS]:
        item = resolved.item
        text = clean(item.text)
        text = text if len(text) <= GAP_TEXT else text[: GAP_TEXT - 1].rstrip() + "…"
        bullets.append(f"{item.id} ({scale.get(resolved.rating).label}): {text} {_covered(plan, item.id)}")
    lead = f"{len(found)} items are rated below the top of the scale" + (f"; the {len(bullets)} lowest:" if len(found) > len(bullets) else ":")
    return Block("Top gaps", (lead,), bullets=tuple(bullets))


def _reconfirm(findings) -> Block:
    """Answers carried from an earlier assessment or framework version that a person has not confirmed."""
    shown = [f"{f.item}: {f.message.removeprefix('to re-confirm: ')}" for f in findings[:TOP_GAPS]]
    more = f" The first {len(shown)}:" if len(findings) > len(shown) else ""
    lead = f"{len(findings)} answers were carried over and are not yet confirmed; the score counts their carried ratings.{more}"
    return Block("Items to re-confirm", (lead,), bullets=tuple(shown))


def _covered(plan: Plan | None, item_id: str) -> str:
    from .export.plans import status_word

    if plan is None:
        return ""
    actions = plan.actions_for_item(item_id)
    if not actions:
        return "— no action yet."
    return "— action " + ", ".join(f"{x.ref} ({status_word(x)})" for x in actions) + "."
