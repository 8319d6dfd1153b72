"""What an export says, decided once for every format.

Word, Markdown, HTML and CSV all render the `Submission` built here: the cover facts,
the score lines and how the score was computed, and for every item the lines of its
answer ("Rating: Fully met", "Evidence: …", "Not answered"). A format decides how a
line looks, never what it says, so a board reading the Word file and headquarters
reading the CSV see the same words and the same numbers. All text has been through
`text.clean` by the time it gets here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..framework import Framework, Section
from ..report import Report
from ..rules import Resolved
from ..scoring import Score, Scorecard
from .text import clean, paragraphs

NOT_ANSWERED = "Not answered"
NOT_STATED = "Not stated"
NONE_RATED = "No item of this factor has been rated."
ARCHIVED_TITLE = "Appendix: answers kept from earlier framework versions"
ARCHIVED_NOTE = ("These answers belong to items (or factors) that a later version of the framework no longer has. "
                 "They are kept, not scored; csf migrate brings them back if the assessment returns to that version.")


@dataclass(frozen=True)
class Line:
    """One paragraph of an answer. `kind` lets a format style it; `label` is shown before the text."""

    kind: str  # "practice" | "rating" | "figure" | "evidence" | "missing"
    text: str
    label: str = ""


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class ScoreLine:
    label: str
    score: str  # "70.0%" or "not scored", exactly as `Scorecard.format` gives it
    points: str  # "14 of 20", or "" when nothing is scored
    answered: str  # "5 of 7"
    excluded: int  # answered not applicable


@dataclass(frozen=True)
class Row:
    """One item: its text from the framework, and its answer as lines."""

    id: str
    type: str
    marker: str
    text: str
    note: str
    definition: str
    guidance: str
    rating: str  # the scale label, or NOT_ANSWERED; "" for items that are not rated
    points: int | None  # what the rating scores; None when unrated or not applicable
    practice: tuple[str, ...]  # the item's own current-practice paragraphs
    evidence_count: int
    lines: tuple[Line, ...]  # rating or figure (the verdict first), practice, evidence; or one "missing" line


@dataclass(frozen=True)
class Part:
    """One section (a factor, BVPI's question list, a part of the DSVB brief)."""

    id: str
    title: str
    heading: str
    description: str
    rows: tuple[Row, ...]
    narrative: tuple[str, ...]  # the section's own text, as paragraphs
    shared: bool  # the narrative answers every item (Lambeth): one practice cell for the section
    summary: tuple[Line, ...]  # with `shared`: each item's rating and evidence, after the narrative
    score: ScoreLine

    def practice_of(self, row: Row) -> str:
        """The current-practice text a data export gives for a row: its own, or the shared narrative."""
        return "\n\n".join(row.practice or (self.narrative if self.shared else ()))


@dataclass(frozen=True)
class SourceNote:
    """A correction or contradiction of the framework's source, as its file records it."""

    subject: str  # what it is about, in words: "Return Format", "Item Q8, definition"
    source_says: str
    we_did: str


@dataclass(frozen=True)
class Submission:
    layout: str  # "checklist" (a rated table), "questions" (BVPI), "narrative" (the DSVB brief)
    title: str
    framework: str  # "partnership-csf 2009.1"
    area: str
    facts: tuple[Fact, ...]
    columns: tuple[str, str, str]  # the framework's table headings, area substituted
    scored: bool
    sections: tuple[ScoreLine, ...]
    overall: ScoreLine
    computation: tuple[str, ...]  # how the overall figure was worked out, in words
    completeness: str  # "12 of 49 items answered"
    parts: tuple[Part, ...]
    marking: str
    key: tuple[Fact, ...] = ()  # the scale: each value, what it scores and what it requires
    unacceptable: tuple[str, ...] = ()  # why the framework's source would refuse this submission; () when none
    notes: tuple[SourceNote, ...] = ()  # shown in an appendix, so no one meets them first at the board
    archived: tuple[Archived, ...] = ()  # the appendix every format ends with
    archived_title: str = ARCHIVED_TITLE
    archived_note: str = ARCHIVED_NOTE


@dataclass(frozen=True)
class Archived:
    """An answer kept from an earlier framework version, for the appendix."""

    heading: str  # "6.14 · partnership-csf 2009.1"
    text: str  # the item's words in that version
    lines: tuple[Line, ...]


def build(report: Report, today: dt.date, marking: str = "") -> Submission:
    framework, assessment, card = report.framework, report.assessment, report.scorecard
    area = clean(assessment.area)
    layout = _layout(framework)
    noun = "items" if layout == "checklist" else "questions"
    facts = (
        Fact("Area", area),
        Fact("Period", clean(assessment.period) or NOT_STATED),
        Fact("Completed by", clean(assessment.completed_by) or NOT_STATED),
        Fact("Date", long_date(today)),
        Fact("Framework", f"{framework.id}, version {framework.version}"),
    )
    if assessment.updated:
        facts += (Fact("Last changed", long_date(assessment.updated[:10])),)
    columns = framework.columns
    return Submission(
        layout=layout,
        title=clean(framework.title),
        framework=framework.label,
        area=area,
        facts=facts,
        columns=(clean(columns.section), clean(columns.checklist), clean(columns.practice_for(area))),
        scored=card.method == "points",
        sections=tuple(score_line(clean(s.section.heading), s.score, card) for s in card.sections),
        overall=score_line("Overall", card.overall, card),
        computation=computation(report) if card.method == "points" else (),
        completeness=f"{report.answered} of {report.total} {noun} answered",
        parts=tuple(_part(report, section, score.score) for section, score in zip(framework.sections, card.sections)),
        marking=clean(marking).strip(),
        unacceptable=tuple(not_acceptable(report)),
        key=scale_key(framework),
        notes=tuple(SourceNote(clean(framework.subject(n.about)), clean(n.source_says), clean(n.we_did)) for n in framework.notes),
        archived=tuple(_archived(entry) for entry in assessment.archived),
    )


def scale_key(framework: Framework) -> tuple[Fact, ...]:
    """'Fully met (2 points)': what it requires, for each value of the scale; () without a scale."""
    if framework.scale is None:
        return ()
    out = []
    for v in framework.scale.values:
        worth = "not scored" if v.not_applicable else f"{v.points} point" + ("" if v.points == 1 else "s")
        out.append(Fact(f"{clean(v.label)} ({worth})", clean(v.description) if v.description else ""))
    return tuple(out)


NOT_ACCEPTABLE = "NOT ACCEPTABLE"


def not_acceptable(report: Report) -> list[str]:
    """One sentence per required item left unanswered, with the source's words on why it is required."""
    out = []
    for finding in report.unacceptable:
        item = report.framework.item(finding.item)
        because = f" The source says: “{clean(item.required_because)}”" if item.required_because else ""
        out.append(f"{NOT_ACCEPTABLE}: {item.id} is required and not answered ({clean(item.text)}).{because}")
    return out


def _archived(entry) -> Archived:
    from ..migration import archived_answer

    framework = entry.get("framework") or {}
    where = f"{framework.get('id', '')} {framework.get('version', '')}".strip()
    key = entry["item"] if entry.get("item") else f"Section {entry.get('section', '')}"
    answer = archived_answer(entry)
    lines = [Line("rating", clean(answer.rating), "Rating")] if answer.rating else []
    lines += [Line("practice", p) for p in paragraphs(answer.practice)]
    lines += [Line("practice", p) for p in paragraphs((entry.get("data") or {}).get("narrative"))]
    lines += [Line("evidence", evidence_text(e), "Evidence") for e in answer.evidence]
    lines += [Line("practice", p, "Notes") for p in paragraphs(answer.notes)]
    return Archived(clean(f"{key} · {where}"), clean(entry.get("text") or entry.get("title") or ""),
                    tuple(lines) or (Line("missing", NOT_ANSWERED),))


def _layout(framework: Framework) -> str:
    items = list(framework.items())
    if not any(item.rated for item in items):
        return "narrative"
    if all(item.type == "question" for item in items):
        return "questions"
    return "checklist"


def score_line(label: str, score: Score, card: Scorecard) -> ScoreLine:
    points = f"{score.points} of {score.possible}" if score.possible else ""
    return ScoreLine(label, card.format(score), points, f"{score.answered} of {score.total}", score.excluded)


def computation(report: Report) -> tuple[str, ...]:
    """How the overall score was worked out, in sentences a board member can check by hand."""
    framework, card = report.framework, report.scorecard
    scale, overall = framework.scale, card.overall
    assert scale is not None  # scoring by points needs a scale (checked when the framework loads)
    places = "decimal place" if card.decimals == 1 else "decimal places"
    if framework.scoring.denominator == "all":
        top = max((v for v in scale.values if not v.not_applicable), key=lambda v: v.points or 0)
        rated = [r for r in report.resolved.values() if r.item.rated]
        a = sum(r.rating == top.id for r in rated)
        others = [f"{sum(r.rating == v.id for r in rated)} answered {v.label}" for v in scale.values if v is not top]
        unanswered = sum(r.rating is None for r in rated)
        counted = ", ".join([*others, f"{unanswered} not answered, which count as not {top.label}"])
        lines = [
            f"{card.formula or 'Score = points / possible × 100'}, where a is the number of questions answered {top.label}.",
            f"a = {a} of {overall.total} ({counted}).",
            f"Result: {card.format(overall)}, rounded half-up to {card.decimals} {places}.",
        ]
        return tuple(lines)
    values = ", ".join(f"{v.label} {v.points}" for v in scale.values if not v.not_applicable)
    excluded = [v.label for v in scale.values if v.not_applicable]
    lines = [
        f"Each rated item scores points ({values}).",
        f"Score = points ÷ ({scale.top_points} × rated items) × 100, over the items answered so far"
        + (f"; items rated {excluded[0]} are left out" if excluded else "")
        + f"; rounded half-up to {card.decimals} {places}.",
    ]
    if overall.possible:
        rated = overall.possible // scale.top_points
        lines.append(f"Overall: {overall.points} of {overall.possible} points from {rated} rated items = {card.format(overall)}.")
    else:
        lines.append("Overall: no item has been rated yet, so there is no score.")
    return tuple(lines)


def _part(report: Report, section: Section, score: Score) -> Part:
    rows = tuple(_row(report, report.resolved[item.id]) for item in section.items)
    narrative = paragraphs(report.assessment.narratives.get(section.id))
    shared = bool(narrative) and not any(row.practice for row in rows)
    return Part(
        id=section.id,
        title=clean(section.title),
        heading=clean(section.heading),
        description=clean(section.description),
        rows=rows,
        narrative=narrative,
        shared=shared,
        summary=_summary(report, section, rows) if shared else (),
        score=score_line(clean(section.heading), score, report.scorecard),
    )


def _row(report: Report, resolved: Resolved) -> Row:
    item, answer = resolved.item, resolved.answer
    practice = paragraphs(answer.practice)
    lines = _answer_lines(report.framework, resolved)
    lines += [Line("practice", p) for p in practice]
    lines += [Line("evidence", evidence_text(e), "Evidence") for e in answer.evidence]
    value = report.framework.scale.get(resolved.rating) if resolved.rating and report.framework.scale else None
    return Row(
        id=item.id,
        type=item.type,
        marker=clean(item.marker),
        text=clean(item.text),
        note=clean(item.note),
        definition=clean(item.definition),
        guidance=clean(item.guidance),
        rating=rating_text(report.framework, resolved) if item.rated else "",
        points=None if value is None or value.not_applicable else value.points,
        practice=practice,
        evidence_count=len(answer.evidence),
        lines=tuple(lines) or (_supplied(item) if not item.asked else Line("missing", NOT_ANSWERED),),
    )


def _supplied(item) -> Line:
    return Line("missing", f"Supplied centrally by {clean(item.supplied_by)}: not asked of the area")


def _answer_lines(framework: Framework, resolved: Resolved) -> list[Line]:
    item = resolved.item
    if item.rated:
        return [Line("rating", rating_text(framework, resolved), "Answer" if item.type == "question" else "Rating")]
    if item.type == "number" and resolved.answer.value is not None:
        return [Line("figure", figure(resolved.answer.value), "Figure")]
    return []


def rating_text(framework: Framework, resolved: Resolved) -> str:
    """The rating as every format shows it, saying where a derived answer came from."""
    d = resolved.derivation
    if resolved.rating is None or framework.scale is None:
        return f"{NOT_ANSWERED} (not worked out from the figures: {clean(d.explanation)})" if resolved.underived else NOT_ANSWERED
    label = framework.scale.get(resolved.rating).label
    if resolved.answer.reconfirm is not None:
        from ..migration import carried_from

        label += f" (to re-confirm: {clean(carried_from(resolved.answer.reconfirm))})"
    if resolved.derived:
        return f"{label} (worked out from the figures: {clean(d.explanation)})"
    reason = f"; reason given: {clean(resolved.answer.notes).strip() or 'none'}"
    if resolved.overridden:
        derived = framework.scale.get(d.value).label
        return f"{label} (the figures give {derived}: {clean(d.explanation)}{reason})"
    if resolved.undecided:
        return f"{label} (chosen by the partnership; the figures do not decide it, {clean(d.explanation)}{reason})"
    return label


def _summary(report: Report, section: Section, rows: tuple[Row, ...]) -> tuple[Line, ...]:
    """Per-item ratings and evidence for a section answered by one narrative."""
    if not any(r.rating != NOT_ANSWERED or r.evidence_count for r in rows):
        return (Line("missing", NONE_RATED),) if any(item.rated for item in section.items) else ()
    lines: list[Line] = []
    for row, item in zip(rows, section.items):
        if item.rated:
            lines.append(Line("rating", row.rating, f"{'Answer' if item.type == 'question' else 'Rating'} {row.id}"))
        evidence = report.resolved[item.id].answer.evidence
        lines += [Line("evidence", evidence_text(e), f"Evidence {row.id}") for e in evidence]
    return tuple(lines)


def evidence_text(evidence) -> str:
    """'Description (source, 15 January 2009)': what a reader needs to find the evidence."""
    where = [clean(evidence.source).strip(), long_date(evidence.date) if evidence.date else ""]
    shown = ", ".join(w for w in where if w)
    text = clean(evidence.description).strip()
    return f"{text} ({shown})" if shown else text


def figure(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"


def long_date(value: dt.date | str) -> str:
    """'23 November 2026': unambiguous on both sides of the Atlantic. Unparseable text is kept."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except ValueError:
        return clean(str(value))
    return f"{day.day} {day:%B %Y}"
