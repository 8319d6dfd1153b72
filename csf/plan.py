"""Action plans: a partnership's gaps turned into actions someone owns.

A plan is its own YAML file (checked by plan.schema.json), standalone or linked to the
assessments it answers. It holds numbered priorities, each with an outcome statement,
and actions laid out as partnerships lay them out (source 001, Camden): a free-text ref
such as "5.2 (iii)", outcome, action, baseline, measure, several leads, outputs,
funding, a target date, a RAG rating and dated progress updates. Green means on track,
not finished: completion is its own date, kept apart from the rating.

The model is frozen, like the assessment's; every level keeps the fields it does not
know in `extra`. Saving goes through the store's atomic write and refuses to replace a
file that changed since it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import yamlio
from .assessment import now, parse_date
from .digest import hexdigest
from .errors import CsfError, InvalidFile, Problem, UsageError, display
from .frozen import frozen
from .validation import dotted, schema_problems

SCHEMA = Path(__file__).with_name("plan.schema.json")
RAG = ("red", "amber", "green")
COMPLETE = "complete"
UNRATED = "unrated"
BUCKETS = (*RAG, COMPLETE, UNRATED)  # every action falls in exactly one
DEFAULT_ALIASES = MappingProxyType({"yellow": "amber"})
HEADER = "# yaml-language-server: $schema={schema}\n# A csf action plan. Edit with `csf plan ...`, or by hand and check with `csf plan show FILE`.\n"


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@frozen
class Progress:
    on: str  # YYYY-MM-DD
    text: str
    by: str = ""  # one of the action's leads, or nobody in particular
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"on": self.on}
        if self.by:
            data["by"] = self.by
        return data | {"text": self.text} | dict(self.extra)


@frozen
class Priority:
    id: str
    title: str
    outcome: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def to_data(self) -> dict[str, Any]:
        data = {"id": self.id, "title": self.title}
        if self.outcome:
            data["outcome"] = self.outcome
        return data | dict(self.extra)


# The text fields of an action, in the order of the Camden columns (after the ref).
TEXT_FIELDS = ("outcome", "action", "baseline", "measure", "outputs", "funding")


@frozen
class Action:
    ref: str
    action: str = ""
    priority: str | None = None  # a Priority id
    outcome: str = ""
    items: tuple[str, ...] = ()
    baseline: str = ""
    measure: str = ""
    leads: tuple[str, ...] = ()
    outputs: str = ""
    funding: str = ""
    target: str | None = None
    rag: str | None = None  # red, amber or green (aliases are resolved on reading)
    completed: str | None = None
    progress: tuple[Progress, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @property
    def status(self) -> str:
        """The bucket a board report counts it in: complete, else its RAG, else unrated."""
        if self.completed:
            return COMPLETE
        return self.rag or UNRATED

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ref": self.ref}
        if self.priority is not None:
            data["priority"] = self.priority
        for name in ("outcome", "action"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.items:
            data["items"] = list(self.items)
        for name in ("baseline", "measure"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.leads:
            data["leads"] = list(self.leads)
        for name in ("outputs", "funding", "target", "rag", "completed"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.progress:
            data["progress"] = [p.to_data() for p in self.progress]
        return data | dict(self.extra)


@frozen
class Plan:
    area: str
    period: str = ""
    title: str = ""
    assessments: tuple[str, ...] = ()  # paths relative to the plan file
    aliases: Mapping[str, str] = field(default_factory=_empty)
    priorities: tuple[Priority, ...] = ()
    actions: tuple[Action, ...] = ()
    created: str = ""
    updated: str = ""
    extra: Mapping[str, Any] = field(default_factory=_empty)
    plan_extra: Mapping[str, Any] = field(default_factory=_empty)
    rag_extra: Mapping[str, Any] = field(default_factory=_empty)

    def action(self, ref: str) -> Action | None:
        key = ref_key(ref)
        return next((a for a in self.actions if ref_key(a.ref) == key), None)

    def priority(self, wanted: str) -> Priority | None:
        """A priority by id or by title (as a person types either)."""
        key = " ".join(wanted.split()).casefold()
        return next((p for p in self.priorities if key in (p.id.casefold(), " ".join(p.title.split()).casefold())), None)

    def rag_word(self, text: str) -> str:
        """'Yellow' → 'amber' when the plan declares it; UsageError listing the allowed words otherwise."""
        word = text.strip().casefold()
        if word in RAG:
            return word
        if word in self.aliases:
            return self.aliases[word]
        raise UsageError(f"{text!r} is not a RAG rating; use {allowed_words(self.aliases)}")

    def actions_for_item(self, item_id: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if item_id in a.items)

    def with_action(self, action: Action, at: str | None = None) -> Plan:
        """A copy with `action` added, or replacing the action with the same ref."""
        key = ref_key(action.ref)
        actions = list(self.actions)
        index = next((i for i, a in enumerate(actions) if ref_key(a.ref) == key), None)
        if index is None:
            actions.append(action)
        else:
            actions[index] = action
        return replace(self, actions=tuple(actions), updated=at or now())

    def with_priority(self, priority: Priority) -> Plan:
        others = tuple(p for p in self.priorities if p.id != priority.id)
        existing = next((i for i, p in enumerate(self.priorities) if p.id == priority.id), len(others))
        priorities = (*others[:existing], priority, *others[existing:])
        return replace(self, priorities=priorities, updated=now())

    def next_priority_id(self) -> str:
        numbers = [int(p.id) for p in self.priorities if p.id.isdigit()]
        return str(max(numbers, default=0) + 1)

    def to_data(self) -> dict[str, Any]:
        head: dict[str, Any] = {"area": self.area}
        if self.period:
            head["period"] = self.period
        if self.title:
            head["title"] = self.title
        if len(self.assessments) == 1:
            head["assessment"] = self.assessments[0]
        elif self.assessments:
            head["assessment"] = list(self.assessments)
        head |= {k: v for k, v in (("created", self.created), ("updated", self.updated)) if v}
        rag = {"values": list(RAG), "aliases": dict(self.aliases)} | dict(self.rag_extra)
        return {
            "plan": head | dict(self.plan_extra),
            "rag": rag,
            "priorities": [p.to_data() for p in self.priorities],
            "actions": [a.to_data() for a in self.actions],
        } | dict(self.extra)


def ref_key(ref: str) -> str:
    """Refs compare as a person reads them: '5.2 (iii)' and '5.2  (III)' are the same ref."""
    return " ".join(ref.split()).casefold()


def allowed_words(aliases: Mapping[str, str]) -> str:
    words = "red, amber or green"
    if aliases:
        words += " (or " + ", ".join(f"{alias} for {value}" for alias, value in aliases.items()) + ")"
    return words


def new_plan(area: str, period: str = "", assessments: Iterable[str] = ()) -> Plan:
    if not area.strip():
        raise UsageError("the area (borough or partnership name) must not be empty")
    created = now()
    return Plan(area=area.strip(), period=period.strip(), assessments=tuple(assessments), aliases=DEFAULT_ALIASES,
                created=created, updated=created)


# --- counting ---------------------------------------------------------------------------


@frozen
class Counts:
    """Actions by bucket (red, amber, green, complete, unrated): what a board is shown."""

    numbers: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.numbers.values())

    def percent(self, bucket: str) -> str:
        """'25%' of the total, rounded half-up to a whole number; '-' when there is nothing."""
        from .scoring import percentage

        return f"{percentage(self.numbers[bucket], self.total, 0)}%" if self.total else "-"

    def to_data(self) -> dict[str, int]:
        return dict(self.numbers)


def count(actions: Iterable[Action]) -> Counts:
    numbers = dict.fromkeys(BUCKETS, 0)
    for action in actions:
        numbers[action.status] += 1
    return Counts(MappingProxyType(numbers))


@frozen
class Group:
    """One priority's actions (priority None: actions not yet given a priority)."""

    priority: Priority | None
    actions: tuple[Action, ...]

    @property
    def key(self) -> str:
        return self.priority.id if self.priority else ""

    @property
    def heading(self) -> str:
        return self.priority.title if self.priority else "Not yet prioritised"

    @property
    def counts(self) -> Counts:
        return count(self.actions)


def groups(plan: Plan) -> tuple[Group, ...]:
    """Actions grouped by priority in the plan's order; priorities with no actions are kept."""
    known = {p.id for p in plan.priorities}
    out = [Group(p, tuple(a for a in plan.actions if a.priority == p.id)) for p in plan.priorities]
    loose = tuple(a for a in plan.actions if a.priority not in known)
    if loose:
        out.append(Group(None, loose))
    return tuple(out)


def show_data(plan: Plan) -> dict[str, Any]:
    """What `plan show --json` prints and the JSON export holds."""
    return {
        "plan": {"area": plan.area, "period": plan.period, "assessments": list(plan.assessments)},
        "counts": count(plan.actions).to_data(),
        "total": len(plan.actions),
        "by_priority": {g.key: g.counts.to_data() for g in groups(plan)},
        "priorities": [{"id": g.key, "title": g.heading, "outcome": g.priority.outcome if g.priority else ""} for g in groups(plan)],
        "actions": [a.to_data() | {"status": a.status} for a in plan.actions],
    }


# --- reading and writing ----------------------------------------------------------------


@frozen
class LoadedPlan:
    path: Path
    plan: Plan
    digest: str | None

    def assessment_paths(self) -> tuple[Path, ...]:
        return tuple(self.path.parent / p for p in self.plan.assessments)


def load(path: Path) -> LoadedPlan:
    text = yamlio.read_text(path)
    doc = yamlio.parse(text, display(path))
    return LoadedPlan(path, parse_plan(doc), hexdigest(text.encode("utf-8")))


def parse_plan(doc: yamlio.Document) -> Plan:
    """Shape-check (schema), then meaning-check (dates, refs, RAG words, priorities), then build."""
    if not isinstance(doc.data, dict):
        raise InvalidFile([Problem(doc.file, "", "not a csf action plan (expected a mapping with plan: and actions:)", 1)])
    problems = schema_problems(doc, SCHEMA)
    if problems:
        raise InvalidFile(problems)
    data = doc.data
    head, rag = data["plan"], data.get("rag") or {}
    aliases = MappingProxyType({str(k).casefold(): v for k, v in (rag.get("aliases") or {}).items()})
    plan = Plan(
        area=head["area"],
        period=head.get("period", ""),
        title=head.get("title", ""),
        assessments=_as_tuple(head.get("assessment")),
        aliases=aliases,
        priorities=tuple(_priority(p) for p in data.get("priorities") or []),
        actions=tuple(_action(a, aliases) for a in data.get("actions") or []),
        created=head.get("created", ""),
        updated=head.get("updated", ""),
        extra=_extra(data, {"plan", "rag", "priorities", "actions"}),
        plan_extra=_extra(head, {"area", "period", "title", "assessment", "created", "updated"}),
        rag_extra=_extra(rag, {"values", "aliases"}),
    )
    problems = meaning_problems(plan, doc)
    if problems:
        raise InvalidFile(problems)
    return plan


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _priority(data: dict[str, Any]) -> Priority:
    return Priority(data["id"], data["title"], data.get("outcome", ""), _extra(data, {"id", "title", "outcome"}))


_ACTION_FIELDS = {"ref", "priority", *TEXT_FIELDS, "items", "leads", "target", "rag", "completed", "progress"}


def _action(data: dict[str, Any], aliases: Mapping[str, str]) -> Action:
    rag = data.get("rag")
    if isinstance(rag, str) and rag.strip().casefold() in aliases:
        rag = aliases[rag.strip().casefold()]
    elif isinstance(rag, str):
        rag = rag.strip().casefold() or None
    return Action(
        ref=data["ref"],
        priority=data.get("priority"),
        items=tuple(str(i) for i in data.get("items") or ()),
        leads=tuple(data.get("leads") or ()),
        target=data.get("target"),
        rag=rag,
        completed=data.get("completed"),
        progress=tuple(
            Progress(p["on"], p["text"], p.get("by", ""), _extra(p, {"on", "by", "text"})) for p in data.get("progress") or ()
        ),
        extra=_extra(data, _ACTION_FIELDS),
        **{name: data.get(name) or "" for name in TEXT_FIELDS},
    )


def _extra(data: dict[str, Any], known: set[str]) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in data.items() if k not in known})


def meaning_problems(plan: Plan, doc: yamlio.Document | None = None) -> list[Problem]:
    """What the schema cannot say: unique refs and priority ids, known priorities and RAG
    words, real dates, progress by one of the action's leads."""
    file = doc.file if doc else ""
    problems: list[Problem] = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(file, dotted(path), message, doc.line(path) if doc else None))

    seen_ids: set[str] = set()
    for i, p in enumerate(plan.priorities):
        if p.id in seen_ids:
            problem(("priorities", i, "id"), f"priority id {p.id!r} is used twice")
        seen_ids.add(p.id)
    seen_refs: dict[str, int] = {}
    for i, a in enumerate(plan.actions):
        where = ("actions", i)
        key = ref_key(a.ref)
        if key in seen_refs:
            problem((*where, "ref"), f"ref {a.ref!r} is already used by actions[{seen_refs[key]}]; each ref must be unique")
        seen_refs.setdefault(key, i)
        if a.priority is not None and a.priority not in seen_ids:
            known = ", ".join(p.id for p in plan.priorities) or "none yet"
            problem((*where, "priority"), f"no priority with id {a.priority!r} (priorities: {known})")
        if a.rag is not None and a.rag not in RAG:
            problem((*where, "rag"), f"{a.rag!r} is not a RAG rating; use {allowed_words(plan.aliases)}")
        for name in ("target", "completed"):
            if getattr(a, name) is not None:
                _check_date(getattr(a, name), (*where, name), problem)
        for j, p in enumerate(a.progress):
            _check_date(p.on, (*where, "progress", j, "on"), problem)
            if p.by and p.by not in a.leads:
                problem((*where, "progress", j, "by"), f"{p.by!r} is not one of this action's leads ({', '.join(a.leads) or 'none'})")
    return problems


def _check_date(text: str, path: tuple[str | int, ...], problem) -> None:
    try:
        parse_date(text)
    except ValueError as e:
        problem(path, str(e))


def save(path: Path, plan: Plan, expected_digest: str | None) -> str:
    """Write atomically under the file's lock, after the checks a load makes; refuse if it changed since read."""
    from .store import replace_checked

    data = plan.to_data()
    doc = yamlio.Document(display(path), data)
    problems = schema_problems(doc, SCHEMA) or meaning_problems(plan, doc)
    if problems:
        raise InvalidFile(problems)
    return replace_checked(path, expected_digest, HEADER, SCHEMA, data, "split the plan")


def create(path: Path, plan: Plan) -> str:
    if path.exists():
        raise UsageError(f"{display(path)} already exists; choose another name")
    return save(path, plan, None)


# --- from an assessment's gaps ------------------------------------------------------------


def gaps(report) -> list:  # Report -> list[Resolved]
    """Rated items whose answer is on the scale but below its top: Not met, Partly met, No.

    Read from the resolved answers, so a derived answer (BVPI Q2 from its figures) counts
    as the person would see it; not-applicable and unanswered items are not gaps."""
    scale = report.framework.scale
    if scale is None:
        return []
    out = []
    for resolved in report.resolved.values():
        value = scale.get(resolved.rating) if resolved.item.rated and resolved.rating else None
        if value is not None and not value.not_applicable and (value.points or 0) < scale.top_points:
            out.append(resolved)
    return out


def suggest(plan: Plan, report, link: str | None = None) -> tuple[Plan, tuple[Action, ...]]:
    """A draft action for every gap item no action covers yet, with the item as its outcome.

    Running it again adds nothing: an item some action already names is covered. The
    draft's ref is the item id (made unique if a hand-written ref took it), its baseline
    the rating the assessment gave; its action is left for the partnership to write."""
    a, scale = report.assessment, report.framework.scale
    when = " ".join(x for x in (a.area, a.period) if x)
    added: list[Action] = []
    for resolved in gaps(report):
        item = resolved.item
        if plan.actions_for_item(item.id):
            continue
        label = scale.get(resolved.rating).label
        action = Action(ref=free_ref(plan, item.id), outcome=item.text, items=(item.id,),
                        baseline=f"{label} in the {when} self-assessment ({report.framework.label})")
        plan = plan.with_action(action)
        added.append(action)
    if link is not None and link not in plan.assessments:
        plan = replace(plan, assessments=(*plan.assessments, link), updated=now())
    return plan, tuple(added)


def free_ref(plan: Plan, wanted: str) -> str:
    if plan.action(wanted) is None:
        return wanted
    n = 2
    while plan.action(f"{wanted} ({n})") is not None:
        n += 1
    return f"{wanted} ({n})"


# --- finding the plan of an assessment ----------------------------------------------------


def linked_plan(assessment_path: Path) -> Path | None:
    """The plan file that names this assessment: beside it, or in a plans/ folder beside its folder.

    Files that are not plans (the assessments themselves) are passed over on a look at
    their top-level keys, before anything parses them."""
    target = assessment_path.resolve()
    folder = assessment_path.parent
    for directory in (folder, folder.parent / "plans", folder / "plans"):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            if path.resolve() == target:
                continue
            try:
                text = yamlio.read_text(path)
                if not (_TOP_PLAN.search(text) and _TOP_ACTIONS.search(text)):
                    continue
                loaded = load(path)
            except (CsfError, OSError):
                continue
            if any(p.resolve() == target for p in loaded.assessment_paths()):
                return path
    return None


_TOP_PLAN, _TOP_ACTIONS = re.compile(r"^plan:", re.M), re.compile(r"^actions:", re.M)


def default_path(assessment_path: Path, area: str, period: str) -> Path:
    """Where a new plan for this assessment goes: plans/ beside assessments/, else beside the file."""
    from .assessment import slug

    folder = assessment_path.parent
    base = folder.parent / "plans" if folder.name == "assessments" else folder
    return base / f"{slug(area)}{'-' + slug(period) if period else ''}-plan.yaml"
