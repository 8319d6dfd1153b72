"""Assessments: one partnership's answers to one framework version.

The model is frozen; an edit makes a new Assessment (`with_answer`, `with_narrative`,
`with_document`, ...) and appends to its history. Every level keeps the fields it does
not know in `extra`, so a file written by a newer csf, or annotated by hand, loses
nothing on save.

A partnership is several agencies working from shared papers, so an assessment also
holds its partner agencies, an evidence register of documents that items cite (a date
corrected once is corrected for every citation), each answer's state besides its
rating (in progress by a due date, or unknown because the evidence is silent), and the
submission's status on its way to the board. All of these are optional: a file
written before they existed loads as it is and gains `format: 2` on its next save.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import field, replace
from pathlib import Path
from types import MappingProxyType

from . import yamlio
from .errors import InvalidFile, Problem, UsageError
from .framework import Framework
from .frozen import frozen
from .validation import dotted, schema_problems

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any

SCHEMA = Path(__file__).with_name("assessment.schema.json")

Number = int | float
InputValue = Number | bool | None

FORMAT = 2  # 1: before agencies, documents, answer states and submission status (no `format` key)
IN_PROGRESS, UNKNOWN = "in-progress", "unknown"
STATES = (IN_PROGRESS, UNKNOWN)
DRAFT, SUBMITTED, APPROVED = "draft", "submitted", "approved"
STATUSES = (DRAFT, SUBMITTED, APPROVED)
ID = r"[A-Za-z0-9][A-Za-z0-9._-]*"  # agency and document ids, as the schema's $defs/id


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@frozen
class Evidence:
    """One piece of evidence an item holds itself: what it is, where, from when and whose."""

    description: str
    source: str = ""
    date: str | None = None  # ISO date
    owner: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"description": self.description}
        data |= {k: v for k, v in (("source", self.source), ("date", self.date), ("owner", self.owner)) if v}
        return data | dict(self.extra)


@frozen
class Agency:
    """A partner agency: `id` is the short name used in the file ("mps"), `name` the full one."""

    id: str
    name: str
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name} | dict(self.extra)


@frozen
class Document:
    """One entry of the evidence register: a board paper, strategy or protocol many items cite."""

    id: str
    title: str
    source: str = ""  # publisher or where it is held
    date: str | None = None  # ISO date
    owner: str = ""  # an agency id
    link: str = ""  # a web address or a file path
    notes: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        optional = (("source", self.source), ("date", self.date), ("owner", self.owner), ("link", self.link), ("notes", self.notes))
        return data | {k: v for k, v in optional if v} | dict(self.extra)


@frozen
class Citation:
    """An item's reference to a register document, with where in it ("§E para 51", "p. 12")."""

    document: str
    at: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        return {"document": self.document} | ({"at": self.at} if self.at else {}) | dict(self.extra)


@frozen
class Cited:
    """One piece of an item's evidence as rules and views see it: an inline entry, or a
    citation with its document looked up, so that both are checked and shown alike."""

    description: str
    source: str = ""
    date: str | None = None
    owner: str = ""
    at: str = ""
    document: str | None = None  # the register id, for a citation
    link: str = ""


@frozen
class Submission:
    """Where the assessment is on its way to the board."""

    status: str = DRAFT
    submitted: str | None = None  # ISO date
    approved_by: str = ""
    approved_on: str | None = None  # ISO date
    contact: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        optional = (("submitted", self.submitted), ("approved_by", self.approved_by),
                    ("approved_on", self.approved_on), ("contact", self.contact))
        return {"status": self.status} | {k: v for k, v in optional if v} | dict(self.extra)


@frozen
class Answer:
    """A partnership's answer to one item: rating, practice, notes, evidence and state, each kept apart."""

    rating: str | None = None  # a value id of the framework's scale, chosen by a person
    value: Number | None = None  # for number items
    practice: str = ""
    notes: str = ""
    inputs: Mapping[str, InputValue] = field(default_factory=_empty)
    evidence: tuple[Evidence, ...] = ()
    reconfirm: Mapping[str, Any] | None = None  # the rating was carried (csf migrate, new --from): confirm it
    prefilled: Mapping[str, Any] | None = None  # texts copied from another framework's assessment: review them
    state: str | None = None  # IN_PROGRESS or UNKNOWN; never a rating, never scored
    due: str | None = None  # ISO date an in-progress item is due
    reason: str = ""  # why an item is unknown ("the board paper says nothing about this")
    agency: str = ""  # the agency id whose practice and notes these are
    cite: tuple[Citation, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.rating is not None:
            data["rating"] = self.rating
        if self.value is not None:
            data["value"] = self.value
        if self.inputs:
            data["inputs"] = dict(self.inputs)
        data |= {k: v for k, v in (("state", self.state), ("due", self.due), ("reason", self.reason), ("agency", self.agency)) if v}
        if self.practice:
            data["practice"] = self.practice
        if self.evidence:
            data["evidence"] = [e.to_data() for e in self.evidence]
        if self.cite:
            data["cite"] = [c.to_data() for c in self.cite]
        if self.notes:
            data["notes"] = self.notes
        data |= {k: dict(v) for k, v in (("reconfirm", self.reconfirm), ("prefilled", self.prefilled)) if v is not None}
        return data | dict(self.extra)


@frozen
class Change:
    """One entry of the assessment's history: who changed which field of which item, and when."""

    at: str
    field: str
    by: str = ""
    item: str | None = None
    section: str | None = None
    before: Any = None
    after: Any = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"at": self.at, "by": self.by}
        data |= {k: v for k, v in (("item", self.item), ("section", self.section)) if v is not None}
        data["field"] = self.field
        if self.before is not None or self.after is not None:
            data |= {"from": self.before, "to": self.after}
        return data | dict(self.extra)


@frozen
class Assessment:
    """One partnership's self-assessment against one framework version: the file a borough edits."""

    framework_id: str
    framework_version: str
    fingerprint: str | None
    area: str
    period: str = ""
    period_end: str | None = None
    completed_by: str = ""
    created: str = ""
    updated: str = ""
    answers: Mapping[str, Answer] = field(default_factory=_empty)
    narratives: Mapping[str, str] = field(default_factory=_empty)
    history: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()
    archived: tuple[Mapping[str, Any], ...] = ()  # answers whose item has no successor after a migration
    agencies: tuple[Agency, ...] = ()
    documents: tuple[Document, ...] = ()
    submission: Submission = field(default_factory=Submission)
    extra: Mapping[str, Any] = field(default_factory=_empty)
    framework_extra: Mapping[str, Any] = field(default_factory=_empty)
    section_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=_empty)

    def answer(self, item_id: str) -> Answer:
        return self.answers.get(item_id) or Answer()

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def agency_name(self, agency_id: str) -> str:
        """The full name of an agency id; any other text (an old file's evidence owner) as it is."""
        found = self.agency(agency_id)
        return found.name if found else agency_id

    def document(self, document_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def evidence_for(self, item_id: str) -> tuple[Cited, ...]:
        """An item's evidence, inline entries first, then its citations of the register."""
        answer = self.answer(item_id)
        out = [Cited(e.description, e.source, e.date, e.owner) for e in answer.evidence]
        for c in answer.cite:
            d = self.document(c.document)
            if d is not None:  # a citation of a missing document is refused when the file loads
                out.append(Cited(d.title, d.source, d.date, d.owner, c.at, d.id, d.link))
        return tuple(out)

    def cited_by(self, document_id: str) -> tuple[str, ...]:
        """The items citing a document, in file order."""
        return tuple(i for i, a in self.answers.items() if any(c.document == document_id for c in a.cite))

    def items_of(self, agency_id: str) -> tuple[str, ...]:
        """Items an agency contributes to: their practice, an evidence entry it holds, or a document it owns."""
        owned = {d.id for d in self.documents if d.owner == agency_id}
        return tuple(
            i for i, a in self.answers.items()
            if a.agency == agency_id or any(e.owner == agency_id for e in a.evidence) or any(c.document in owned for c in a.cite)
        )

    def with_document(self, document: Document, by: str, at: str | None = None) -> Assessment:
        """A copy with `document` added to the register, or replacing the entry with its id."""
        old = self.document(document.id)
        if old == document:
            return self
        documents = tuple(document if d.id == document.id else d for d in self.documents) if old else (*self.documents, document)
        return self._changed(replace(self, documents=documents), f"documents.{document.id}", at, by, *_dates(old, document))

    def without_document(self, document_id: str, by: str, at: str | None = None) -> Assessment:
        """A copy without the document; refused while an item cites it, so no citation dangles."""
        if self.document(document_id) is None:
            raise UsageError(f"no document {document_id!r} in the evidence register")
        citing = self.cited_by(document_id)
        if citing:
            raise UsageError(f"document {document_id!r} is cited by {', '.join(citing)}; remove those citations first")
        documents = tuple(d for d in self.documents if d.id != document_id)
        return self._changed(replace(self, documents=documents), f"documents.{document_id}", at, by, "removed", None)

    def with_agency(self, agency: Agency, by: str, at: str | None = None) -> Assessment:
        old = self.agency(agency.id)
        if old == agency:
            return self
        agencies = tuple(agency if a.id == agency.id else a for a in self.agencies) if old else (*self.agencies, agency)
        return self._changed(replace(self, agencies=agencies), f"agencies.{agency.id}", at, by,
                             old.name if old else None, agency.name)

    def without_agency(self, agency_id: str, by: str, at: str | None = None) -> Assessment:
        """A copy without the agency; refused while an answer or document names it."""
        if self.agency(agency_id) is None:
            raise UsageError(f"no agency {agency_id!r}")
        users = [i for i, a in self.answers.items() if a.agency == agency_id]
        users += [f"document {d.id}" for d in self.documents if d.owner == agency_id]
        if users:
            raise UsageError(f"agency {agency_id!r} is named by {', '.join(users)}; change those first")
        agencies = tuple(a for a in self.agencies if a.id != agency_id)
        return self._changed(replace(self, agencies=agencies), f"agencies.{agency_id}", at, by, "removed", None)

    def with_submission(self, submission: Submission, by: str, at: str | None = None) -> Assessment:
        old = self.submission
        if old == submission:
            return self
        before = old.status if old.status != submission.status else None
        after = submission.status if before else None
        return self._changed(replace(self, submission=submission), "submission", at, by, before, after)

    def _changed(self, updated: Assessment, name: str, at: str | None, by: str, before: Any = None, after: Any = None) -> Assessment:
        at = at or now()
        change = Change(at=at, by=by, field=name, before=before, after=after)
        return replace(updated, history=(*self.history, change), updated=at)

    def with_answer(self, item_id: str, answer: Answer, by: str, at: str | None = None) -> Assessment:
        """A copy with `answer` for `item_id`, its changes recorded in the history."""
        old = self.answer(item_id)
        if old.reconfirm is not None and answer.rating != old.rating:
            answer = replace(answer, reconfirm=None)  # a person changed the rating: that re-confirms it
        if answer == old:
            return self
        at = at or now()
        changes = tuple(
            Change(at=at, by=by, item=item_id, field=name, before=before, after=after)
            for name, before, after in _answer_changes(old, answer)
        )
        answers = dict(self.answers)
        answers[item_id] = answer
        return replace(self, answers=MappingProxyType(answers), history=self.history + changes, updated=at)

    def with_narrative(self, section_id: str, text: str, by: str, at: str | None = None) -> Assessment:
        if self.narratives.get(section_id, "") == text:
            return self
        at = at or now()
        narratives = dict(self.narratives)
        narratives[section_id] = text
        change = Change(at=at, by=by, section=section_id, field="narrative")
        return replace(self, narratives=MappingProxyType(narratives), history=(*self.history, change), updated=at)

    def to_data(self) -> dict[str, Any]:
        """Plain data in the order a person reading the file expects."""
        framework = {"id": self.framework_id, "version": self.framework_version}
        if self.fingerprint:
            framework["fingerprint"] = self.fingerprint
        data: dict[str, Any] = {"format": FORMAT, "framework": framework | dict(self.framework_extra), "area": self.area}
        optional = (
            ("period", self.period),
            ("period_end", self.period_end),
            ("completed_by", self.completed_by),
            ("created", self.created),
            ("updated", self.updated),
        )
        data |= {k: v for k, v in optional if v}
        if self.notes:
            data["notes"] = list(self.notes)
        if self.submission != Submission():  # a draft with nothing recorded is what no `submission` means
            data["submission"] = self.submission.to_data()
        if self.agencies:
            data["agencies"] = [a.to_data() for a in self.agencies]
        if self.documents:
            data["documents"] = [d.to_data() for d in self.documents]
        data["answers"] = {item_id: a.to_data() for item_id, a in self.answers.items()}
        sections = {sid: dict(extra) for sid, extra in self.section_extra.items()}
        for sid, text in self.narratives.items():
            sections.setdefault(sid, {})["narrative"] = text
        if sections:
            data["sections"] = sections
        data["history"] = [c.to_data() for c in self.history]
        if self.archived:
            data["archived"] = [dict(a) for a in self.archived]
        return data | dict(self.extra)


def _answer_changes(old: Answer, new: Answer) -> list[tuple[str, Any, Any]]:
    """What changed, field by field. Long texts are named, not copied, to keep files small."""
    out: list[tuple[str, Any, Any]] = []
    for name in ("rating", "value"):
        if getattr(old, name) != getattr(new, name):
            out.append((name, getattr(old, name), getattr(new, name)))
    for name in sorted(set(old.inputs) | set(new.inputs)):
        if old.inputs.get(name) != new.inputs.get(name):
            out.append((f"inputs.{name}", old.inputs.get(name), new.inputs.get(name)))
    for name in ("state", "due", "agency"):
        if getattr(old, name) != getattr(new, name):
            out.append((name, getattr(old, name) or None, getattr(new, name) or None))
    for name in ("practice", "notes", "reason", "evidence", "cite", "reconfirm", "prefilled"):
        if getattr(old, name) != getattr(new, name):
            out.append((name, None, None))
    return out


def _dates(old: Document | None, new: Document) -> tuple[Any, Any]:
    """What a register change records: a new entry's date, or a date corrected."""
    if old is None:
        return "added", new.date
    return (old.date, new.date) if old.date != new.date else (None, None)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_FINANCIAL_YEAR = r"^(\d{4})[-/](\d{2}|\d{4})$"


def period_end_of(period: str) -> str | None:
    """'2009-10' is the financial year ending 31 March 2010; '2009' the calendar year."""
    if not period:
        return None
    if match := re.match(_FINANCIAL_YEAR, period.strip()):
        start = int(match.group(1))
        end = int(match.group(2)) if len(match.group(2)) == 4 else start // 100 * 100 + int(match.group(2))
        if end == start + 1:
            return f"{end}-03-31"
    if re.fullmatch(r"\d{4}", period.strip()):
        return f"{period.strip()}-12-31"
    return None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_FIRST = r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"  # these two compiled when first used (re keeps them)
_LONG_DATE = r"(?i)(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def parse_date(text: str) -> str:
    """A date as people here write it, as ISO 'YYYY-MM-DD'; ValueError says what to type instead.

    Takes 2009-03-31, 31/03/2009 (day first, as in the UK) and 31 March 2009 (or Mar).
    Nothing looser: Python also reads '20090312' and '2009-W11-4' as dates, which a
    reader of the file would not.
    """
    text = text.strip()
    day = month = year = None
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, m.groups())
    elif m := re.fullmatch(_DAY_FIRST, text):
        day, month, year = map(int, m.groups())
    elif (m := re.fullmatch(_LONG_DATE, text)) and (name := m.group(2).lower()) and len(name) >= 3:
        found = [n for n, full in enumerate(_MONTHS, 1) if full.startswith(name)]
        day, month, year = int(m.group(1)), found[0] if len(found) == 1 else None, int(m.group(3))
    try:
        return dt.date(year, month, day).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31") from None


def parse_number(text: str, whole: bool = False, minimum: float | None = None) -> int | float | None:
    """'270,000' → 270000; blank → None. ValueError says what is wrong, in words.

    Commas are read only as thousands separators ('1,500'); '1,5' is refused rather
    than read as 15.
    """
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if "," in text and not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        raise ValueError("is not a number (use commas only between thousands)")
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise ValueError("is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("is not a number")
    if whole and not value.is_integer():
        raise ValueError("must be a whole number")
    if minimum is not None and value < minimum:
        raise ValueError(f"must be at least {minimum:g}")
    return int(value) if value.is_integer() else value


def slug(text: str) -> str:
    """'Tower Hamlets' -> 'tower-hamlets', for file names; letters of any script are kept."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-") or "assessment"


def new_assessment(framework: Framework, area: str, period: str = "", completed_by: str = "") -> Assessment:
    if not area.strip():
        raise UsageError("the area (borough or partnership name) must not be empty")
    created = now()
    return Assessment(
        framework_id=framework.id,
        framework_version=framework.version,
        fingerprint=framework.fingerprint,
        area=area.strip(),
        period=period,
        period_end=period_end_of(period),
        completed_by=completed_by,
        created=created,
        updated=created,
    )


# --- reading ---------------------------------------------------------------------------


def parse_assessment(doc: yamlio.Document) -> Assessment:
    """Shape-check a parsed file and build the model; the framework is checked separately."""
    data = doc.data
    problems = schema_problems(doc, SCHEMA)
    if problems:
        raise InvalidFile(problems)
    known = {"format", "framework", "area", "period", "period_end", "completed_by", "created", "updated", "notes",
             "submission", "agencies", "documents", "answers", "sections", "history", "archived"}
    sections = data.get("sections") or {}
    return Assessment(
        framework_id=data["framework"]["id"],
        framework_version=data["framework"]["version"],
        fingerprint=data["framework"].get("fingerprint"),
        framework_extra=_extra(data["framework"], {"id", "version", "fingerprint"}),
        area=data["area"],
        period=data.get("period", ""),
        period_end=data.get("period_end") or period_end_of(data.get("period", "")),
        completed_by=data.get("completed_by", ""),
        created=data.get("created", ""),
        updated=data.get("updated", ""),
        answers=MappingProxyType({str(k): _answer(v or {}) for k, v in (data.get("answers") or {}).items()}),
        narratives=MappingProxyType({str(k): v["narrative"] for k, v in sections.items() if v and "narrative" in v}),
        section_extra=MappingProxyType(
            {str(k): _extra(v or {}, {"narrative"}) for k, v in sections.items() if _extra(v or {}, {"narrative"})}
        ),
        history=tuple(_change(c) for c in data.get("history") or []),
        notes=tuple(data.get("notes") or ()),
        archived=tuple(data.get("archived") or ()),
        agencies=tuple(Agency(a["id"], a["name"], _extra(a, {"id", "name"})) for a in data.get("agencies") or []),
        documents=tuple(_document(d) for d in data.get("documents") or []),
        submission=_submission(data.get("submission") or {}),
        extra=_extra(data, known),
    )


def _document(data: dict[str, Any]) -> Document:
    fields = ("source", "owner", "link", "notes")
    return Document(
        id=data["id"],
        title=data["title"],
        date=data.get("date"),
        **{k: data.get(k, "") for k in fields},
        extra=_extra(data, {"id", "title", "date", *fields}),
    )


def _submission(data: dict[str, Any]) -> Submission:
    return Submission(
        status=data.get("status", DRAFT),
        submitted=data.get("submitted"),
        approved_by=data.get("approved_by", ""),
        approved_on=data.get("approved_on"),
        contact=data.get("contact", ""),
        extra=_extra(data, {"status", "submitted", "approved_by", "approved_on", "contact"}),
    )


def _answer(data: dict[str, Any]) -> Answer:
    return Answer(
        rating=data.get("rating"),
        value=data.get("value"),
        practice=data.get("practice", ""),
        notes=data.get("notes", ""),
        inputs=MappingProxyType(dict(data.get("inputs") or {})),
        evidence=tuple(_evidence(e) for e in data.get("evidence") or []),
        state=data.get("state"),
        due=data.get("due"),
        reason=data.get("reason", ""),
        agency=data.get("agency", ""),
        cite=tuple(Citation(c["document"], c.get("at", ""), _extra(c, {"document", "at"})) for c in data.get("cite") or []),
        reconfirm=data.get("reconfirm"),
        prefilled=data.get("prefilled"),
        extra=_extra(data, {"rating", "value", "practice", "notes", "inputs", "evidence", "state", "due", "reason", "agency", "cite",
                            "reconfirm", "prefilled"}),
    )


def _evidence(data: dict[str, Any]) -> Evidence:
    return Evidence(
        description=data["description"],
        source=data.get("source", ""),
        date=data.get("date"),
        owner=data.get("owner", ""),
        extra=_extra(data, {"description", "source", "date", "owner"}),
    )


def _change(data: dict[str, Any]) -> Change:
    return Change(
        at=data["at"],
        by=data.get("by", ""),
        item=data.get("item"),
        section=data.get("section"),
        field=data["field"],
        before=data.get("from"),
        after=data.get("to"),
        extra=_extra(data, {"at", "by", "item", "section", "field", "from", "to"}),
    )


def _extra(data: dict[str, Any], known: set[str]) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in data.items() if k not in known})


# --- checking against the framework ----------------------------------------------------


def check_against(assessment: Assessment, framework: Framework, doc: yamlio.Document) -> list[Problem]:
    """Answers that the framework cannot accept: unknown items, values outside the scale."""
    problems = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.file, dotted(path), message, doc.line(path)))

    for item_id, answer in assessment.answers.items():
        path = ("answers", item_id)
        item = framework.item(item_id)
        if item is None:
            problem(path, f"unknown item id {item_id!r} in {framework.label}")
            continue
        if answer.rating is not None:
            if not item.rated:
                problem((*path, "rating"), f"item {item_id} is a {item.type} item and takes no rating")
            elif framework.scale and framework.scale.get(answer.rating) is None:
                problem((*path, "rating"), f"{answer.rating!r} is not on the scale ({', '.join(framework.scale.ids)})")
        if answer.value is not None and item.type != "number":
            problem((*path, "value"), f"item {item_id} is a {item.type} item and takes no number")
        declared = {i.name: i for i in item.inputs}
        for name, value in answer.inputs.items():
            spec = declared.get(name)
            if spec is None:
                known = ", ".join(declared) or "none"
                problem((*path, "inputs", name), f"unknown input for item {item_id} (known: {known})")
            elif value is not None and not _fits(spec.type, value):
                problem((*path, "inputs", name), f"must be {_INPUT_WORDS[spec.type]}")
            elif value is not None and spec.minimum is not None and not isinstance(value, bool) and value < spec.minimum:
                problem((*path, "inputs", name), f"must be at least {spec.minimum:g}")
        for i, citation in enumerate(answer.cite):
            if assessment.document(citation.document) is None:
                ids = [d.id for d in assessment.documents]
                problem((*path, "cite", i, "document"), _unknown("document", citation.document, ids))
    for section_id in assessment.narratives:
        if framework.section(section_id) is None:
            problem(("sections", section_id), f"unknown section id {section_id!r} in {framework.label}")
    _register_problems(assessment, problem)
    return problems


def _register_problems(assessment: Assessment, problem: Callable[[tuple[str | int, ...], str], None]) -> None:
    """Agencies and documents: each id said once. (An agency named but not listed is a
    warning of `csf check`, not a reason to refuse the file: see `undeclared_agencies`.)"""
    for kind, entries in (("agencies", assessment.agencies), ("documents", assessment.documents)):
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.id in seen:
                problem((kind, i, "id"), f"{entry.id!r} is used by an earlier entry; ids must be unique")
            seen.add(entry.id)


def undeclared_agencies(assessment: Assessment) -> list[tuple[str, str]]:
    """(where, agency id) for every answer or document naming an agency the assessment does not list."""
    out = [(f"item {i}", a.agency) for i, a in assessment.answers.items() if a.agency and assessment.agency(a.agency) is None]
    out += [(f"document {d.id}", d.owner) for d in assessment.documents if d.owner and assessment.agency(d.owner) is None]
    return out


def _unknown(kind: str, value: str, known: list[str]) -> str:
    where = "agencies" if kind == "agency" else "documents"
    return f"unknown {kind} {value!r} (known: {', '.join(known) or f'none; add it under {where}'})"


_INPUT_WORDS = {"boolean": "true or false", "integer": "a whole number", "number": "a number"}


def _fits(kind: str, value: InputValue) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind == "integer" else isinstance(value, (int, float))
