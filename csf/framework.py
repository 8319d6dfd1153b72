"""Frameworks: the model, and loading one from YAML with every check a person needs.

A framework file goes through three gates: the YAML parses (safe loader), it matches
`framework.schema.json` (shape), and the named checks below hold (meaning: unique ids,
rules that compile against known names and items). Only then is it turned into frozen
dataclasses, which everything downstream treats as the truth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType

from . import __version__, yamlio
from . import cache as build_cache
from . import frameworks as bundled
from .digest import hexdigest
from .errors import InvalidFile, Problem, display
from .expressions import Expression, ExpressionError, compile_expression, string_literals_compared_with
from .frozen import frozen
from .validation import dotted, schema_problems

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any

SCHEMA = Path(bundled.__file__).with_name("framework.schema.json")

RATED_TYPES = frozenset({"checklist", "question"})

# Names a rule expression may read, by scope; rules.py provides exactly these values.
SCOPE_NAMES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "item": frozenset(
            {"rating", "answered", "practice", "narrative", "notes", "evidence_count", "value", "derived", "overridden", "item_type"}
        ),
        "evidence": frozenset({"description", "source", "owner", "has_date", "age_months"}),
        "document": frozenset({"pages", "tables", "words"}),
    }
)


@frozen
class ScaleValue:
    """One point of the rating scale: its id in files, the words a person reads, and what it scores."""

    id: str
    label: str
    points: int | None = None
    not_applicable: bool = False
    description: str | None = None  # what the value requires: shown in the rating chooser and the Word key


@frozen
class Scale:
    """The rating scale every item is answered on, in the order the source gives it."""

    values: tuple[ScaleValue, ...]

    def get(self, value_id: str) -> ScaleValue | None:
        return next((v for v in self.values if v.id == value_id), None)

    @property
    def top_points(self) -> int:
        return max((v.points or 0) for v in self.values if not v.not_applicable)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)


@frozen
class Scoring:
    """How ratings become a score: by points or not at all, over the answered items or all of them."""

    method: str  # "points" | "none"
    denominator: str = "answered"  # "answered" | "all"
    decimals: int = 1
    formula: str | None = None


@frozen
class Input:
    """A figure a derived answer is worked out from (a population, a yes/no), with its limits."""

    name: str
    label: str
    type: str  # "integer" | "number" | "boolean"
    minimum: float | None = None


@frozen
class Derive:
    """How a derived item's answer follows from its figures, and the sentence that explains it."""

    when: Expression
    then: str
    otherwise: str
    explain: str | None = None


@frozen
class Item:
    """One checklist item or question: its words exactly as the source prints them, and how it is answered."""

    id: str
    text: str
    type: str = "checklist"
    marker: str | None = None
    note: str | None = None
    definition: str | None = None
    guidance: str | None = None
    required: bool = False  # the source does not accept a submission without it
    required_because: str | None = None  # the source's words saying so
    supplied_by: str | None = None  # supplied centrally (e.g. "PIB"): not asked of the area, never missing
    inputs: tuple[Input, ...] = ()
    derive: Derive | None = None

    @property
    def asked(self) -> bool:
        """Whether the area assessed is asked to answer this item."""
        return self.supplied_by is None

    @property
    def rated(self) -> bool:
        """Rated items take a value of the framework's scale and are scored."""
        return self.type in RATED_TYPES


@frozen
class Section:
    """A factor or section of the framework and its items, in the source's order."""

    id: str
    title: str
    items: tuple[Item, ...]
    number: str | None = None
    description: str | None = None

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@frozen
class Rule:
    """A check the framework's source states (evidence needed, an answer required), as an expression."""

    id: str
    scope: str
    require: Expression
    message: str
    when: Expression | None = None
    items: frozenset[str] | None = None
    severity: str = "error"

    def applies_to(self, item_id: str) -> bool:
        return self.items is None or item_id in self.items


@frozen
class Note:
    """Where the source is unclear or inconsistent, what it says, and what the framework does about it."""

    source_says: str
    we_did: str
    about: str | None = None


@frozen
class Change:
    """One change in a release of the framework, with the items it touched and why."""

    what: str
    why: str
    items: tuple[str, ...] = ()


@frozen
class Release:
    """One version of a framework in its change history: what changed from the one before, and why."""

    version: str
    date: str
    changes: tuple[Change, ...]


@frozen
class Parameter:
    """A value the source leaves to each round (the brief's data period, its deadlines)."""

    name: str
    label: str
    printed: str  # what the source prints for its own round


@frozen
class Detail:
    """A labelled passage of the source's own framing (its purpose, its instructions) kept with the framework."""

    label: str
    text: str


@frozen
class Columns:
    """The headings of the source's three columns, as its own table prints them."""

    section: str
    checklist: str
    practice: str

    def practice_for(self, area: str) -> str:
        return self.practice.replace("{area}", area)


@frozen
class Framework:
    """A published framework at one version: its words, scale, scoring and rules, read from its YAML file."""

    id: str
    version: str
    title: str
    publisher: str
    source: Mapping[str, str]
    columns: Columns
    scoring: Scoring
    sections: tuple[Section, ...]
    fingerprint: str
    scale: Scale | None = None
    rules: tuple[Rule, ...] = ()
    notes: tuple[Note, ...] = ()
    details: tuple[Detail, ...] = ()
    history: tuple[Release, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    @cached_property
    def _index(self) -> Mapping[str, tuple[Section, Item]]:
        return {item.id: (section, item) for section in self.sections for item in section.items}

    def item(self, item_id: str) -> Item | None:
        found = self._index.get(item_id)
        return found[1] if found else None

    def section_of(self, item_id: str) -> Section:
        return self._index[item_id][0]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def item_count(self) -> int:
        return len(self._index)

    def rules_in(self, scope: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == scope)

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"

    def subject(self, path: str | None) -> str:
        """What a note's `about` path points at, in words: 'details[4].text' -> 'Return Format'."""
        if not path:
            return "The framework"
        match = re.fullmatch(r"(details|sections)\[(\d+|\*)\](?:\.items(?:\[(\d+|\*)\])?)?(?:\.(\w+))?", path)
        if match is None:
            words = [re.sub(r"\[.*?\]", "", part).replace("_", " ") for part in path.split(".")]
            return ", ".join(dict.fromkeys(words)).capitalize()
        kind, first, second, field = match.groups()
        if kind == "details":
            where = self.details[int(first)].label if first != "*" else "Details"
        elif ".items" not in path:
            where = self.sections[int(first)].heading if first != "*" else "Every section"
        elif second is None or second == "*" or first == "*":
            where = "Every item" + (f" of {self.sections[int(first)].heading}" if first != "*" else "")
        else:
            where = f"Item {self.sections[int(first)].items[int(second)].id}"
        return f"{where}, {field}" if field and kind == "sections" else where



def fingerprint(data: Any) -> str:
    """sha256 of the content, not the layout: reformatting the YAML leaves it unchanged."""
    import json  # a framework read from the cache has its fingerprint already

    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hexdigest(canonical.encode("utf-8"))


def _mixed_keys(data: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...]:
    """The path to the first mapping whose keys are not all of one kind."""
    if isinstance(data, dict):
        if len({type(k) for k in data}) > 1:
            return path
        children = data.items()
    elif isinstance(data, list):
        children = enumerate(data)
    else:
        return ()
    for key, child in children:
        if found := _mixed_keys(child, (*path, key)):
            return found
    return ()


def load_framework(path: Path) -> Framework:
    """Read, validate and build a framework; raise InvalidFile listing every problem.

    A file that passed is cached parsed, under a digest of its exact text and of the
    schema it passed (cache.py): later runs skip the YAML parser and the schema check,
    which were most of the time `csf frameworks list` took. The named checks still run
    on every load, and a changed file has another digest, so is never served stale.
    """
    text = yamlio.read_text(path)
    entry = build_cache.cache_dir("frameworks") / f"{build_cache.key(text, _schema_bytes(), __version__)}.marshal"
    cached = build_cache.load(entry)
    if isinstance(cached, dict):
        return _checked(yamlio.Document(display(path), cached["data"], text), cached["fingerprint"])
    doc = yamlio.parse(text, display(path))
    framework = from_document(doc)
    build_cache.dump(entry, {"data": doc.data, "fingerprint": framework.fingerprint})
    return framework


@cache
def _schema_bytes() -> bytes:
    return SCHEMA.read_bytes()


def from_document(doc: yamlio.Document) -> Framework:
    problems = schema_problems(doc, SCHEMA)
    if problems:
        raise InvalidFile(problems)
    return _checked(doc)


def _checked(doc: yamlio.Document, fingerprint: str | None = None) -> Framework:
    """The model, once the named checks hold; `fingerprint` when it is known already."""
    checker = _Checker(doc, fingerprint)
    framework = checker.build()
    if checker.problems:
        raise InvalidFile(checker.problems)
    return framework


class _Checker:
    """The checks a schema cannot express, collecting problems rather than stopping at one."""

    def __init__(self, doc: yamlio.Document, fingerprint: str | None = None):
        self.doc = doc
        self.fingerprint = fingerprint
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.doc.file, dotted(path), message, self.doc.line(path)))

    def build(self) -> Framework:
        data = self.doc.data
        scale = self._scale(data.get("scale"))
        scoring = Scoring(**data["scoring"])
        if scoring.method == "points" and scale is None:
            self.problem(("scoring", "method"), "scoring by points needs a `scale`")
        sections = tuple(self._section(s, i, scale) for i, s in enumerate(data["sections"]))
        item_ids = {item.id for s in sections for item in s.items}
        rules = tuple(self._rule(r, i, item_ids, scale) for i, r in enumerate(data.get("rules", [])))
        self._unique([s["id"] for s in data["sections"]], lambda i: ("sections", i, "id"), "section id")
        self._unique(
            [item["id"] for s in data["sections"] for item in s["items"]],
            self._item_path_by_flat_index(data),
            "item id",
        )
        self._unique([r["id"] for r in data.get("rules", [])], lambda i: ("rules", i, "id"), "rule id")
        history = self._history(data.get("history", []), data["version"], item_ids)
        return Framework(
            id=data["id"],
            version=data["version"],
            title=data["title"],
            publisher=data["publisher"],
            source=MappingProxyType(dict(data["source"])),
            columns=Columns(**data["columns"]),
            scoring=scoring,
            sections=sections,
            fingerprint=self._fingerprint(data),
            scale=scale,
            rules=tuple(r for r in rules if r is not None),
            notes=tuple(Note(**n) for n in data.get("notes", [])),
            details=tuple(Detail(**d) for d in data.get("details", [])),
            history=history,
            parameters=self._parameters(data),
            metadata=MappingProxyType(dict(data.get("metadata", {}))),
        )

    def _fingerprint(self, data: dict) -> str:
        if self.fingerprint is not None:
            return self.fingerprint
        try:
            return fingerprint(data)
        except TypeError:  # keys that cannot be sorted together: 1 and 'a' in one mapping
            self.problem(_mixed_keys(data), "keys of different kinds (numbers and text) in one mapping; put the numbers in quotes")
            return ""

    @staticmethod
    def _item_path_by_flat_index(data: dict) -> Any:
        paths = [("sections", si, "items", ii, "id") for si, s in enumerate(data["sections"]) for ii in range(len(s["items"]))]
        return lambda i: paths[i]

    def _unique(self, ids: list[str], path_of: Any, what: str) -> None:
        seen: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value in seen:
                self.problem(path_of(index), f"duplicate {what} {value!r} (first at {dotted(path_of(seen[value]))})")
            else:
                seen[value] = index

    def _parameters(self, data: dict) -> tuple[Parameter, ...]:
        """Declared once each; every `{name}` in a section or item text or a detail is declared."""
        parameters = tuple(Parameter(**p) for p in data.get("parameters", []))
        self._unique([p.name for p in parameters], lambda i: ("parameters", i, "name"), "parameter")
        declared = {p.name for p in parameters}
        texts = [(("details", i, "text"), d["text"]) for i, d in enumerate(data.get("details", []))]
        for i, section in enumerate(data["sections"]):
            texts.append((("sections", i, "description"), section.get("description", "")))
            for j, item in enumerate(section["items"]):
                texts += [(("sections", i, "items", j, key), item.get(key, "")) for key in ("text", "note", "guidance")]
        for path, text in texts:
            if not text or "{" not in text:  # most have none, and then the pattern is never compiled
                continue
            for name in re.findall(r"\{([a-z_][a-z0-9_]*)\}", text):
                if name not in declared:
                    self.problem(path, f"{{{name}}} is not a parameter of this framework (declare it under `parameters`)")
        return parameters

    def _history(self, raw: list[dict], version: str, item_ids: set[str]) -> tuple[Release, ...]:
        """Versions each once, the last one this file's; the items its last release names must exist
        (an older release may name items since removed)."""
        self._unique([r["version"] for r in raw], lambda i: ("history", i, "version"), "version")
        if raw and raw[-1]["version"] != version:
            self.problem(("history", len(raw) - 1, "version"), f"the last entry must be this file's version {version!r}")
        releases = []
        for i, release in enumerate(raw):
            changes = []
            for j, change in enumerate(release["changes"]):
                for k, item_id in enumerate(change.get("items", [])):
                    if i == len(raw) - 1 and item_id not in item_ids:
                        self.problem(("history", i, "changes", j, "items", k), f"unknown item id {item_id!r}")
                changes.append(Change(change["what"], change["why"], tuple(change.get("items", []))))
            releases.append(Release(release["version"], release["date"], tuple(changes)))
        return tuple(releases)

    def _scale(self, raw: dict | None) -> Scale | None:
        if raw is None:
            return None
        values = tuple(ScaleValue(**v) for v in raw["values"])
        self._unique([v.id for v in values], lambda i: ("scale", "values", i, "id"), "scale value")
        na = [i for i, v in enumerate(values) if v.not_applicable]
        for i in na[1:]:
            self.problem(("scale", "values", i, "not_applicable"), "only one value may mean not applicable")
        for i, v in enumerate(values):
            if v.not_applicable and v.points is not None:
                self.problem(("scale", "values", i, "points"), "a not-applicable value has no points")
            if not v.not_applicable and v.points is None:
                self.problem(("scale", "values", i, "points"), "required (every value except not applicable scores)")
        return Scale(values)

    def _section(self, raw: dict, index: int, scale: Scale | None) -> Section:
        items = tuple(self._item(item, ("sections", index, "items", i), scale) for i, item in enumerate(raw["items"]))
        return Section(
            id=raw["id"],
            title=raw["title"],
            items=items,
            number=raw.get("number"),
            description=raw.get("description"),
        )

    def _item(self, raw: dict, path: tuple[str | int, ...], scale: Scale | None) -> Item:
        inputs = tuple(Input(**i) for i in raw.get("inputs", []))
        self._unique([i.name for i in inputs], lambda i: (*path, "inputs", i, "name"), "input name")
        item_type = raw.get("type", "checklist")
        if item_type in RATED_TYPES and scale is None:
            self.problem((*path, "type"), f"a {item_type} item is rated, but the framework has no `scale`")
        derive = None
        if "derive" in raw:
            derive = self._derive(raw["derive"], (*path, "derive"), frozenset(i.name for i in inputs), scale)
        return Item(
            id=raw["id"],
            text=raw["text"],
            type=item_type,
            marker=raw.get("marker"),
            note=raw.get("note"),
            definition=raw.get("definition"),
            guidance=raw.get("guidance"),
            required=raw.get("required", False),
            required_because=raw.get("required_because"),
            supplied_by=raw.get("supplied_by"),
            inputs=inputs,
            derive=derive,
        )

    def _derive(self, raw: dict, path: tuple[str | int, ...], names: frozenset[str], scale: Scale | None) -> Derive | None:
        when = self._expression(raw["when"], (*path, "when"), names)
        for key in ("then", "otherwise"):
            if scale is not None and scale.get(raw[key]) is None:
                self.problem((*path, key), f"{raw[key]!r} is not a value of the scale ({', '.join(scale.ids)})")
        if when is None:
            return None
        return Derive(when=when, then=raw["then"], otherwise=raw["otherwise"], explain=raw.get("explain"))

    def _rule(self, raw: dict, index: int, item_ids: set[str], scale: Scale | None) -> Rule | None:
        path = ("rules", index)
        names = SCOPE_NAMES[raw["scope"]]
        for i, item_id in enumerate(raw.get("items", [])):
            if item_id not in item_ids:
                self.problem((*path, "items", i), f"unknown item id {item_id!r}")
        when = self._expression(raw["when"], (*path, "when"), names, scale) if "when" in raw else None
        require = self._expression(raw["require"], (*path, "require"), names, scale)
        if require is None or ("when" in raw and when is None):
            return None
        return Rule(
            id=raw["id"],
            scope=raw["scope"],
            require=require,
            message=raw["message"],
            when=when,
            items=frozenset(raw["items"]) if "items" in raw else None,
            severity=raw.get("severity", "error"),
        )

    def _expression(
        self, source: str, path: tuple[str | int, ...], names: frozenset[str], scale: Scale | None = None
    ) -> Expression | None:
        try:
            expression = compile_expression(source, names)
        except ExpressionError as e:
            self.problem(path, str(e))
            return None
        if scale is not None:
            for literal in string_literals_compared_with(expression.tree, "rating"):
                if scale.get(literal) is None:
                    self.problem(path, f"{literal!r} is not a value of the scale ({', '.join(scale.ids)})")
        return expression
