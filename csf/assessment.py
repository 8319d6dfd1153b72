"""Assessments: one partnership's answers to one framework version.

The model is frozen; an edit makes a new Assessment (`with_answer`, `with_narrative`)
and appends to its history. Every level keeps the fields it does not know in `extra`,
so a file written by a newer csf, or annotated by hand, loses nothing on save.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import yamlio
from .errors import InvalidFile, Problem, UsageError
from .framework import Framework
from .validation import dotted, schema_problems

SCHEMA = Path(__file__).with_name("assessment.schema.json")

Number = int | float
InputValue = Number | bool | None



def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Evidence:
    description: str
    source: str = ""
    date: str | None = None  # ISO date
    owner: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"description": self.description}
        data |= {k: v for k, v in (("source", self.source), ("date", self.date), ("owner", self.owner)) if v}
        return data | dict(self.extra)


@dataclass(frozen=True)
class Answer:
    rating: str | None = None  # a value id of the framework's scale, chosen by a person
    value: Number | None = None  # for number items
    practice: str = ""
    notes: str = ""
    inputs: Mapping[str, InputValue] = field(default_factory=_empty)
    evidence: tuple[Evidence, ...] = ()
    reconfirm: Mapping[str, Any] | None = None  # the rating was carried (csf migrate, new --from): confirm it
    prefilled: Mapping[str, Any] | None = None  # texts copied from another framework's assessment: review them
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.rating is not None:
            data["rating"] = self.rating
        if self.value is not None:
            data["value"] = self.value
        if self.inputs:
            data["inputs"] = dict(self.inputs)
        if self.practice:
            data["practice"] = self.practice
        if self.evidence:
            data["evidence"] = [e.to_data() for e in self.evidence]
        if self.notes:
            data["notes"] = self.notes
        data |= {k: dict(v) for k, v in (("reconfirm", self.reconfirm), ("prefilled", self.prefilled)) if v is not None}
        return data | dict(self.extra)


@dataclass(frozen=True)
class Change:
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


@dataclass(frozen=True)
class Assessment:
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
    extra: Mapping[str, Any] = field(default_factory=_empty)
    framework_extra: Mapping[str, Any] = field(default_factory=_empty)
    section_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=_empty)

    def answer(self, item_id: str) -> Answer:
        return self.answers.get(item_id) or Answer()

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
        data: dict[str, Any] = {"framework": framework | dict(self.framework_extra), "area": self.area}
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
    for name in ("practice", "notes", "evidence", "reconfirm", "prefilled"):
        if getattr(old, name) != getattr(new, name):
            out.append((name, None, None))
    return out


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_FINANCIAL_YEAR = re.compile(r"^(\d{4})[-/](\d{2}|\d{4})$")


def period_end_of(period: str) -> str | None:
    """'2009-10' is the financial year ending 31 March 2010; '2009' the calendar year."""
    if match := _FINANCIAL_YEAR.match(period.strip()):
        start = int(match.group(1))
        end = int(match.group(2)) if len(match.group(2)) == 4 else start // 100 * 100 + int(match.group(2))
        if end == start + 1:
            return f"{end}-03-31"
    if re.fullmatch(r"\d{4}", period.strip()):
        return f"{period.strip()}-12-31"
    return None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_LONG_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.IGNORECASE)
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
    elif m := _DAY_FIRST.fullmatch(text):
        day, month, year = map(int, m.groups())
    elif (m := _LONG_DATE.fullmatch(text)) and (name := m.group(2).lower()) and len(name) >= 3:
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
    known = {"framework", "area", "period", "period_end", "completed_by", "created", "updated", "notes", "answers", "sections", "history",
             "archived"}
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
        extra=_extra(data, known),
    )


def _answer(data: dict[str, Any]) -> Answer:
    return Answer(
        rating=data.get("rating"),
        value=data.get("value"),
        practice=data.get("practice", ""),
        notes=data.get("notes", ""),
        inputs=MappingProxyType(dict(data.get("inputs") or {})),
        evidence=tuple(_evidence(e) for e in data.get("evidence") or []),
        reconfirm=data.get("reconfirm"),
        prefilled=data.get("prefilled"),
        extra=_extra(data, {"rating", "value", "practice", "notes", "inputs", "evidence", "reconfirm", "prefilled"}),
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
    for section_id in assessment.narratives:
        if framework.section(section_id) is None:
            problem(("sections", section_id), f"unknown section id {section_id!r} in {framework.label}")
    return problems


_INPUT_WORDS = {"boolean": "true or false", "integer": "a whole number", "number": "a number"}


def _fits(kind: str, value: InputValue) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind == "integer" else isinstance(value, (int, float))
