"""Rules: what the framework's YAML says about answers, applied to one assessment.

Two things happen here, both pure functions of (framework, assessment):
`resolve` works out each item's effective answer, deriving it from recorded figures
where the framework says how (BVPI Q2: refuge places against population), and noting
when a person has overridden the derived answer; `check` lists every rule problem and
every missing answer. Scoring and every view read these results; none re-derives them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from .assessment import APPROVED, IN_PROGRESS, SUBMITTED, UNKNOWN, Answer, Assessment, Cited, undeclared_agencies
from .framework import Framework, Item, Rule
from .frozen import frozen
from .parameters import unset
from .threevalued import Decision, decide, input_range

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any

@frozen
class Derivation:
    """The answer a framework's derive rule gives, or why it cannot give one yet."""

    value: str | None
    explanation: str
    missing: tuple[str, ...] = ()


@frozen
class Resolved:
    """An item's effective answer: what scoring and every view use."""

    item: Item
    answer: Answer
    rating: str | None  # chosen by a person, else derived
    derivation: Derivation | None = None

    @property
    def derived(self) -> bool:
        return self.answer.rating is None and self.rating is not None and self.derivation is not None

    @property
    def overridden(self) -> bool:
        """A person chose a rating that differs from the one the figures give."""
        d = self.derivation
        return self.answer.rating is not None and d is not None and d.value is not None and d.value != self.answer.rating

    @property
    def undecided(self) -> bool:
        """The item derives its answer, and the figures recorded do not decide it yet."""
        return self.derivation is not None and self.derivation.value is None

    @property
    def underived(self) -> bool:
        """Some figures are given and they do not decide the answer: worth saying which are missing."""
        return self.undecided and any(v is not None for v in self.answer.inputs.values())

    @property
    def needs_reason(self) -> bool:
        """A person's rating that the figures do not give: an override, or a rating where
        figures are missing. Either needs a reason (the item's notes), shown in every export."""
        return self.answer.rating is not None and (self.overridden or self.undecided)

    @property
    def unexplained(self) -> str | None:
        """What to say when a rating needs a reason and has none; None when all is well."""
        if not self.needs_reason or self.answer.notes.strip():
            return None
        d = self.derivation
        if self.overridden:
            return f"this answer overrides the one the figures give ({d.explanation}): say why in the notes"
        return f"the figures do not decide this answer yet ({d.explanation}): a rating chosen without them needs a reason in the notes"

    @property
    def answered(self) -> bool:
        if self.item.rated:
            return self.rating is not None
        if self.item.type == "number":
            return self.answer.value is not None
        return bool(self.answer.practice.strip())


@frozen
class Finding:
    """One thing to fix or look at, tied to an item (and evidence entry) where it has one."""

    rule: str
    severity: str  # "error" | "warning" | "missing"
    message: str
    item: str | None = None
    evidence: int | None = None  # index into `Assessment.evidence_for(item)`: inline entries, then citations
    document: str | None = None  # the register document, when the evidence is a citation

    def __str__(self) -> str:
        where = self.item or "assessment"
        if self.document is not None:
            where += f" citing {self.document}"
        elif self.evidence is not None:
            where += f" evidence {self.evidence + 1}"
        return f"{where}: {self.message}"


def derive(item: Item, answer: Answer) -> Derivation | None:
    """Apply the item's derive rule to the figures recorded for it, three-valued.

    A figure not entered, or entered as unknown, is not taken as No or 0: the answer is
    derived as soon as the known figures decide it (BVPI Q11: two groups trained is
    "at least two" whatever the other three are), and otherwise stays underived, naming
    the unknown figures that could still change it.
    """
    if item.derive is None:
        return None
    figures = {name: value for name, value in answer.inputs.items() if value is not None}
    unknown = {i.name: input_range(i.type, i.minimum) for i in item.inputs if i.name not in figures}
    try:
        if unknown:
            decision = decide(item.derive.when, figures, unknown)
        else:
            decision = Decision(bool(item.derive.when.evaluate(figures)))
    except Exception as e:  # arithmetic on the user's figures, e.g. division by zero
        return Derivation(None, f"cannot be worked out from these figures ({e})")
    if decision.value is None:
        missing = tuple(i.name for i in item.inputs if i.name in decision.missing)
        labels = {i.name: i.label for i in item.inputs}
        return Derivation(None, "needs: " + "; ".join(labels[name] for name in missing), missing)
    shown = ", ".join(f"{i.label} = {_show(figures[i.name])}" for i in item.inputs if i.name in figures)
    reason = item.derive.explain or item.derive.when.source
    value = item.derive.then if decision.value else item.derive.otherwise
    return Derivation(value, f"{reason}: {'met' if decision.value else 'not met'}" + (f" ({shown})" if shown else ""))


def resolve(framework: Framework, assessment: Assessment) -> Mapping[str, Resolved]:
    out = {}
    for item in framework.items():
        answer = assessment.answer(item.id)
        derivation = derive(item, answer)
        rating = answer.rating if answer.rating is not None else (derivation.value if derivation else None)
        out[item.id] = Resolved(item, answer, rating if item.rated else None, derivation)
    return MappingProxyType(out)


def carried(framework: Framework, assessment: Assessment) -> list[Finding]:
    """What answers carried by `csf migrate` or `csf new --from` still need from a person:
    every view shows these, `csf check` lists them."""
    out = []
    for item in framework.items():
        answer = assessment.answers.get(item.id)
        if answer is None:
            continue
        if answer.reconfirm is not None:
            what = "confirm the rating or change it" if answer.rating else "review the carried text"
            out.append(Finding("to-reconfirm", "error", f"to re-confirm: {carried_from(answer.reconfirm)}; {what}", item.id))
        if answer.prefilled is not None:
            out.append(Finding("prefilled", "warning", f"prefilled, to review: {carried_from(answer.prefilled)}", item.id))
    return out


def carried_from(mark) -> str:
    """'carried from partnership-csf 2009.1 item 3.2 (superset)', in words a borough reads."""
    if mark.get("reason") == "new period":
        return f"carried from the {mark.get('period') or 'previous'} assessment"
    framework = mark.get("framework") or {}
    items = mark.get("items") or []
    where = f"{framework.get('id', '?')} {framework.get('version', '')}".strip()
    things = f" item{'s' if len(items) > 1 else ''} {', '.join(items)}" if items else ""
    relation = f" ({mark['relation']})" if mark.get("relation") else ""
    return f"carried from {where}{things}{relation}"


def check(framework: Framework, assessment: Assessment, resolved: Mapping[str, Resolved] | None = None) -> list[Finding]:
    """Every rule problem and every missing answer, in framework order."""
    resolved = resolved if resolved is not None else resolve(framework, assessment)
    period_end = _date(assessment.period_end)
    findings: list[Finding] = []
    for item_id, r in resolved.items():
        if not r.answered and not r.item.asked:
            continue  # supplied centrally (the brief's C1 data, by PIB): never missing
        if not r.answered:
            findings.append(_unanswered(r))
            continue
        if r.unexplained:
            findings.append(Finding("reason", "error", r.unexplained, item_id))
        findings += _state(r)
        evidence = assessment.evidence_for(item_id)
        names = item_names(r, assessment.narratives.get(framework.section_of(item_id).id, ""), len(evidence))
        for rule in framework.rules_in("item"):
            if rule.applies_to(item_id):
                findings += _apply(rule, names, item_id)
        for index, cited in enumerate(evidence):
            names = evidence_names(cited, period_end)
            for rule in framework.rules_in("evidence"):
                if rule.applies_to(item_id):
                    findings += _apply(rule, names, item_id, index, cited.document)
    for parameter in unset(framework, assessment):
        findings.append(Finding("parameter", "warning", f"{parameter.label} is not set for this report "
                                f"(csf parameter FILE {parameter.name}=VALUE)"))
    return findings + submission_findings(assessment, resolved)


def state_text(answer: Answer) -> str:
    """'in progress, due 2008-03-31' or 'unknown: the paper is silent': an answer's state in words."""
    if answer.state == IN_PROGRESS:
        return f"in progress, due {answer.due}" if answer.due else "in progress (no due date given)"
    if answer.state == UNKNOWN:
        return f"unknown: {answer.reason}" if answer.reason.strip() else "unknown (no reason given)"
    return ""


def _unanswered(r: Resolved) -> Finding:
    """An unanswered item: in progress and unknown say so, and are still not answered; an
    underived one says which figure is missing."""
    why = [state_text(r.answer)] if r.answer.state else []
    if r.underived:
        why.append(f"not worked out from the figures: {r.derivation.explanation}")
    because = f" ({'; '.join(why)})" if why else ""
    if r.item.required:
        quoted = f": “{r.item.required_because}”" if r.item.required_because else ""
        message = f"required by the framework, and not answered yet{because}; the submission is not acceptable without it{quoted}"
        return Finding("required", "error", message, r.item.id)
    if r.answer.state:
        return Finding(r.answer.state, "missing", "; ".join(why), r.item.id)
    return Finding("unanswered", "missing", "not answered yet" + because, r.item.id)


def _state(r: Resolved) -> list[Finding]:
    """A rated item that also carries a state: in progress is worth a look, unknown contradicts the rating."""
    if r.answer.state == IN_PROGRESS:
        return [Finding(IN_PROGRESS, "warning", f"rated, and {state_text(r.answer)}", r.item.id)]
    if r.answer.state == UNKNOWN:
        return [Finding(UNKNOWN, "warning", "rated, but also marked unknown: clear the rating or the state", r.item.id)]
    return []


def submission_findings(assessment: Assessment, resolved: Mapping[str, Resolved]) -> list[Finding]:
    """What a board would query about the whole: an agency named but not listed, or a status
    (approved, submitted) without the facts that go with it."""
    sub = assessment.submission
    known = ", ".join(a.id for a in assessment.agencies) or "none yet"
    out = []
    for where, agency in undeclared_agencies(assessment):
        item = where.removeprefix("item ") if where.startswith("item ") else None
        message = f"names agency {agency!r}, which is not among the agencies ({known}): add it"
        out.append(Finding("agency", "warning", message if item else f"{where} {message}", item))
    if sub.status == APPROVED:
        if not (sub.approved_by.strip() and sub.approved_on):
            out.append(Finding("approval", "warning", "approved, but who approved it and when is not recorded"))
        unanswered = sum(not r.answered for r in resolved.values())
        if unanswered:
            out.append(Finding("approval", "warning", f"approved with {unanswered} item(s) not answered; exports say DRAFT"))
    if sub.status in (SUBMITTED, APPROVED) and not sub.submitted:
        out.append(Finding("submission", "warning", f"{sub.status}, but the date it was submitted is not recorded"))
    return out


def check_document(framework: Framework, measures: Mapping[str, Any]) -> list[Finding]:
    """Rules about an exported document (pages, tables), given what the exporter measured."""
    findings: list[Finding] = []
    for rule in framework.rules_in("document"):
        findings += _apply(rule, measures, None)
    return findings


def item_names(r: Resolved, narrative: str, evidence_count: int) -> dict[str, Any]:
    """The names an item-scope rule may read (framework.SCOPE_NAMES['item']); `narrative`
    is the item's factor narrative, where a partnership may answer a factor as a whole;
    `evidence_count` counts citations of the register as well as inline entries."""
    return {
        "narrative": narrative.strip(),
        "rating": r.rating,
        "answered": r.answered,
        "practice": r.answer.practice.strip(),
        "notes": r.answer.notes,
        "evidence_count": evidence_count,
        "value": r.answer.value,
        "derived": r.derived,
        "overridden": r.overridden,
        "item_type": r.item.type,
    }


def evidence_names(evidence: Cited, period_end: dt.date | None) -> dict[str, Any]:
    """The names an evidence-scope rule may read (framework.SCOPE_NAMES['evidence']): of an
    inline entry, or of the cited document, so a document's date corrected once is read
    by every item citing it."""
    when = _date(evidence.date)
    age = _months_between(when, period_end) if when and period_end else None
    return {
        "description": evidence.description,
        "source": evidence.source,
        "owner": evidence.owner,
        "has_date": age is not None,
        "age_months": age,
    }


def _apply(rule: Rule, names: Mapping[str, Any], item: str | None, evidence: int | None = None,
           document: str | None = None) -> list[Finding]:
    try:
        if rule.when is not None and not rule.when.evaluate(names):
            return []
        if rule.require.evaluate(names):
            return []
    except Exception as e:  # e.g. comparing a missing value; report rather than crash
        return [Finding(rule.id, rule.severity, f"{rule.message} (could not be checked: {e})", item, evidence, document)]
    return [Finding(rule.id, rule.severity, rule.message, item, evidence, document)]


def _months_between(earlier: dt.date, later: dt.date) -> float:
    """Months from `earlier` to `later`: whole months, plus the remaining days as a fraction
    below one, so `age_months <= 12` is exact at the twelve-month boundary."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and _add_months(earlier, months) > later:
        months -= 1
    if months <= 0:
        return (later - earlier).days / 31
    return months + (later - _add_months(earlier, months)).days / 31


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    """The month's last day (not `calendar`, whose import costs more than `csf score` spends
    on rules; December is known, so 9999-12 needs no day after it)."""
    return 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:,}" if isinstance(value, int) else str(value)
