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
from dataclasses import dataclass, replace

from .. import parameters
from ..framework import Framework, Section
from ..report import Report
from ..rules import Resolved
from ..scoring import Score, Scorecard
from .. import richtext
from ..assessment import APPROVED, IN_PROGRESS, SUBMITTED, UNKNOWN, Assessment
from .text import clean

NOT_ANSWERED = "Not answered"
NOT_STATED = "Not stated"
NONE_RATED = "No item of this factor has been rated."
ARCHIVED_TITLE = "Appendix: answers kept from earlier framework versions"
ARCHIVED_NOTE = ("These answers belong to items (or factors) that a later version of the framework no longer has. "
                 "They are kept, not scored; csf migrate brings them back if the assessment returns to that version.")
DRAFT_MARK = "DRAFT"
STATE_WORDS = {IN_PROGRESS: "In progress", UNKNOWN: "Unknown"}  # an unanswered item's status, beside its text


@dataclass(frozen=True)
class Line:
    """One paragraph of an answer. `kind` lets a format style it; `label` is shown before the text.

    Practice and narrative lines come from the Markdown subset (see richtext): `spans`
    are its bold and plain runs, and a list item has `list` ("bullet" or "number"), its
    `number`, and whether it `opens` or `closes` its list. Other lines are one plain run.
    """

    kind: str  # "practice" | "narrative" | "rating" | "state" | "agency" | "figure" | "evidence" | "cited" | "missing"
    text: str
    label: str = ""
    spans: tuple[tuple[str, bool], ...] = ()
    list: str = ""
    number: int = 0
    opens: bool = False
    closes: bool = False

    @property
    def runs(self) -> tuple[tuple[str, bool], ...]:
        return self.spans or ((self.text, False),)


def text_lines(text: str | None, kind: str) -> tuple[Line, ...]:
    """A practice or narrative text as lines, its bold and lists read (richtext)."""
    return tuple(
        Line(kind, b.text, spans=b.spans, list="" if b.kind == "paragraph" else b.kind, number=b.number, opens=b.opens, closes=b.closes)
        for b in richtext.parse(clean(text))
    )


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
    practice: tuple[Line, ...]  # the item's own current-practice paragraphs and list items
    evidence_count: int
    lines: tuple[Line, ...]  # rating, state or figure (the verdict first), agency, practice, evidence; or one "missing" line
    status: str  # "answered", "not answered", "in progress", "unknown": what a data export's status column says
    agency: str  # the full name of the agency whose practice this is, or ""
    notes: str
    evidence: tuple[str, ...]  # each evidence entry and citation, as the practice column shows it


@dataclass(frozen=True)
class Part:
    """One section (a factor, BVPI's question list, a part of the DSVB brief)."""

    id: str
    title: str
    heading: str
    description: str
    rows: tuple[Row, ...]
    narrative: tuple[Line, ...]  # the section's own text: paragraphs and list items
    shared: bool  # the narrative answers every item (Lambeth): one practice cell for the section
    summary: tuple[Line, ...]  # with `shared`: each item's rating and evidence, after the narrative
    score: ScoreLine

    def practice_of(self, row: Row) -> str:
        """The current-practice text a data export gives for a row, plain: its own, or the shared narrative."""
        return plain(row.practice or (self.narrative if self.shared else ()))


def plain(lines: tuple[Line, ...]) -> str:
    """Lines as plain text: paragraphs apart, list items on their own lines with • or their number."""
    out = ""
    for line in lines:
        prefix = {"bullet": "• ", "number": f"{line.number}. "}.get(line.list, "")
        joiner = "\n" if line.list and not line.opens else "\n\n"
        out += (joiner if out else "") + prefix + line.text
    return out


@dataclass(frozen=True)
class RegisterEntry:
    """One document of the evidence register, as the appendix lists it."""

    id: str
    title: str
    source: str
    date: str  # long form, or ""
    owner: str  # the agency's full name, or ""
    link: str
    notes: str
    cited_by: str  # "1.1, 1.2, 3.4", or ""


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
    period: str
    facts: tuple[Fact, ...]
    columns: tuple[str, str, str]  # the framework's table headings, area substituted
    scored: bool
    sections: tuple[ScoreLine, ...]
    overall: ScoreLine
    computation: tuple[str, ...]  # how the overall figure was worked out, in words
    completeness: str  # "12 of 49 items answered"
    parts: tuple[Part, ...]
    marking: str
    draft: bool  # not approved, or not complete: every page says DRAFT
    signoff: tuple[Fact, ...]  # approved: who approved it and when, for the sign-off block; else ()
    register: tuple[RegisterEntry, ...]  # the evidence register, for an appendix
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
    facts += _submission_facts(assessment)
    if assessment.agencies:
        facts += (Fact("Partner agencies", "; ".join(clean(a.name) for a in assessment.agencies)),)
    facts += tuple(Fact(clean(p.label), clean(parameters.shown(p, assessment))) for p in framework.parameters)
    columns = framework.columns
    complete = report.answered == report.total
    return Submission(
        layout=layout,
        title=clean(framework.title),
        framework=framework.label,
        area=area,
        period=clean(assessment.period),
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
        draft=assessment.submission.status != APPROVED or not complete,
        signoff=_signoff(assessment) if assessment.submission.status == APPROVED else (),
        register=_register(assessment),
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
    lines += [*text_lines(answer.practice, "practice"), *text_lines((entry.get("data") or {}).get("narrative"), "practice")]
    lines += [Line("evidence", evidence_text(e), "Evidence") for e in answer.evidence]
    lines += [replace(line, label="Notes") for line in text_lines(answer.notes, "practice")]
    return Archived(clean(f"{key} · {where}"), clean(entry.get("text") or entry.get("title") or ""),
                    tuple(lines) or (Line("missing", NOT_ANSWERED),))


def _submission_facts(a: Assessment) -> tuple[Fact, ...]:
    """Status (and contact) for the cover: where the assessment is on its way to the board."""
    s = a.submission
    status = {APPROVED: "Approved", SUBMITTED: "Submitted"}.get(s.status, "Draft")
    if s.status in (SUBMITTED, APPROVED) and s.submitted:
        status += f", submitted {long_date(s.submitted)}"
    if s.status == APPROVED and (s.approved_by or s.approved_on):
        status += "; approved" + (f" by {clean(s.approved_by)}" if s.approved_by else "") + (
            f" on {long_date(s.approved_on)}" if s.approved_on else "")
    facts = (Fact("Status", status),)
    return facts + ((Fact("Contact", clean(s.contact)),) if s.contact.strip() else ())


def _signoff(a: Assessment) -> tuple[Fact, ...]:
    s = a.submission
    return (
        Fact("Approved by", clean(s.approved_by) or NOT_STATED),
        Fact("Approved on", long_date(s.approved_on) if s.approved_on else NOT_STATED),
        Fact("Signature", ""),
    )



def _register(a: Assessment) -> tuple[RegisterEntry, ...]:
    return tuple(
        RegisterEntry(d.id, clean(d.title), clean(d.source), long_date(d.date) if d.date else "",
                      clean(a.agency_name(d.owner)), clean(d.link), clean(d.notes), ", ".join(a.cited_by(d.id)))
        for d in a.documents
    )


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
    narrative = text_lines(report.assessment.narratives.get(section.id), "narrative")
    shared = bool(narrative) and not any(row.practice for row in rows)
    return Part(
        id=section.id,
        title=clean(section.title),
        heading=clean(section.heading),
        description=clean(parameters.fill(section.description or "", report.framework, report.assessment)),
        rows=rows,
        narrative=narrative,
        shared=shared,
        summary=_summary(report, section, rows) if shared else (),
        score=score_line(clean(section.heading), score, report.scorecard),
    )


def _row(report: Report, resolved: Resolved) -> Row:
    item, answer, a = resolved.item, resolved.answer, report.assessment
    practice = text_lines(answer.practice, "practice")
    agency = clean(a.agency_name(answer.agency)) if answer.agency else ""
    evidence = _evidence_lines(a, item.id)
    lines = _answer_lines(report.framework, resolved)
    lines += [*practice, *([Line("agency", agency, "Agency")] if agency else []), *evidence]
    value = report.framework.scale.get(resolved.rating) if resolved.rating and report.framework.scale else None
    state = STATE_WORDS.get(answer.state or "", "")
    status = "answered" if resolved.answered else (state or NOT_ANSWERED).lower()
    return Row(
        id=item.id,
        type=item.type,
        # the framework's bullet (✓) beside an unanswered item would read as "met": its status stands there instead
        marker=clean(item.marker) if resolved.answered else (state or NOT_ANSWERED),
        text=clean(item.text),
        note=clean(item.note),
        definition=clean(item.definition),
        guidance=clean(item.guidance),
        rating=rating_text(report.framework, resolved) if item.rated else "",
        points=None if value is None or value.not_applicable else value.points,
        practice=practice,
        evidence_count=len(evidence),
        lines=tuple(lines) or (_supplied(item) if not item.asked else Line("missing", NOT_ANSWERED),),
        status=status,
        agency=agency,
        notes=clean(answer.notes),
        evidence=tuple(line.text for line in evidence),
    )


def _evidence_lines(a: Assessment, item_id: str) -> list[Line]:
    """An item's citations of the register ("Cited: …"), then its own evidence entries
    ("Evidence: …"), each naming the agency that holds it when the owner is a listed agency."""
    lines = [Line("cited", citation_text(c, _agency(a, c.owner)), "Cited") for c in a.evidence_for(item_id) if c.document is not None]
    lines += [Line("evidence", evidence_text(e, _agency(a, e.owner)), "Evidence") for e in a.answer(item_id).evidence]
    return lines


def _agency(a: Assessment, owner: str) -> str:
    """The full name of an owner that is a listed agency; "" for free text (an older file's holder)."""
    found = a.agency(owner) if owner else None
    return found.name if found else ""


def citation_text(cited, owner: str = "") -> str:
    """'Report to the DV Board, §E para 51 (MPA, 6 November 2007; MPS BOCU)': the document, where in it, and its facts."""
    return evidence_text(replace(cited, description=clean(cited.description).strip() + (
        f", {clean(cited.at).strip()}" if cited.at.strip() else "")), owner)


def _supplied(item) -> Line:
    return Line("missing", f"Supplied centrally by {clean(item.supplied_by)}: not asked of the area")


def _answer_lines(framework: Framework, resolved: Resolved) -> list[Line]:
    """The verdict: a rating or figure, and the state beside it; an unanswered item's state
    in place of "Not answered", never as a rating."""
    item, state = resolved.item, state_line(resolved.answer)
    if state and not resolved.answered:
        return [state]
    if item.rated:
        return [Line("rating", rating_text(framework, resolved), "Answer" if item.type == "question" else "Rating"),
                *([state] if state else [])]
    if item.type == "number" and resolved.answer.value is not None:
        return [Line("figure", figure(resolved.answer.value), "Figure"), *([state] if state else [])]
    return [state] if state else []


def state_line(answer) -> Line | None:
    """'State: in progress, due 31 March 2010' or 'State: unknown: the paper is silent'."""
    if answer.state == IN_PROGRESS:
        return Line("state", f"in progress, due {long_date(answer.due)}" if answer.due else "in progress", "State")
    if answer.state == UNKNOWN:
        reason = clean(answer.reason).strip()
        return Line("state", f"unknown: {reason}" if reason else "unknown", "State")
    return None


def rating_text(framework: Framework, resolved: Resolved) -> str:
    """The rating as every format shows it, saying where a derived answer came from."""
    d = resolved.derivation
    if resolved.rating is None or framework.scale is None:
        return f"{NOT_ANSWERED} (not worked out from the figures: {clean(d.explanation)})" if resolved.underived else NOT_ANSWERED
    label = framework.scale.get(resolved.rating).label
    if resolved.answer.reconfirm is not None:
        from ..rules import carried_from

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
    a = report.assessment
    if not any(r.rating != NOT_ANSWERED or r.evidence_count or a.answer(r.id).state for r in rows):
        return (Line("missing", NONE_RATED),) if any(item.rated for item in section.items) else ()
    lines: list[Line] = []
    for row, item in zip(rows, section.items):
        state = state_line(a.answer(item.id))
        if item.rated and (row.rating != NOT_ANSWERED or not state):
            lines.append(Line("rating", row.rating, f"{'Answer' if item.type == 'question' else 'Rating'} {row.id}"))
        if state:
            lines.append(Line("state", state.text, f"State {row.id}"))
        lines += [Line(e.kind, e.text, f"{e.label} {row.id}") for e in _evidence_lines(a, item.id)]
    return tuple(lines)


def evidence_text(evidence, owner: str = "") -> str:
    """'Description (source, 15 January 2009; Council)': what a reader needs to find the evidence
    and who holds it (`owner`, the agency's full name, when one is recorded)."""
    where = [clean(evidence.source).strip(), long_date(evidence.date) if evidence.date else ""]
    shown = ", ".join(w for w in where if w) + (f"; {clean(owner).strip()}" if owner.strip() else "")
    text = clean(evidence.description).strip()
    return f"{text} ({shown.removeprefix('; ')})" if shown else text


def figure(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"


def long_date(value: dt.date | str) -> str:
    """'23 November 2026': unambiguous on both sides of the Atlantic. Unparseable text is kept."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except ValueError:
        return clean(str(value))
    return f"{day.day} {day:%B %Y}"
