"""Mapping sets: how the items of one framework relate to those of another.

A mapping file relates two frameworks, or two versions of one, pair by pair, with the
relationship vocabulary of the well-known GRC mapping sets (and of NIST OSCAL's draft
mapping model): `equal`, `subset`, `superset`, `intersect`, `not_related`, read as
"`from` is a subset of `to`". Migration, `new --from`, `--prefill-from` and
`frameworks diff` all read the same model, so they agree about what moved where.

Two gates, as for frameworks: the JSON Schema for shape, then named checks for meaning
(both frameworks installed, every id known, no pair twice), each with file, line and path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from . import yamlio
from .errors import CsfError, InvalidFile, Problem, UsageError
from .framework import SCHEMA as FRAMEWORK_SCHEMA
from .framework import Framework
from .frozen import frozen
from .validation import dotted, schema_problems

SCHEMA = FRAMEWORK_SCHEMA.with_name("mapping.schema.json")
BUNDLED = SCHEMA.parent / "mappings"

INVERSE = {"subset": "superset", "superset": "subset"}


@frozen
class Pair:
    source: str
    target: str
    relation: str
    rationale: str | None = None
    note: str | None = None

    @property
    def related(self) -> bool:
        return self.relation != "not_related"

    def reversed(self) -> Pair:
        return replace(self, source=self.target, target=self.source, relation=INVERSE.get(self.relation, self.relation))


@frozen
class Mapping:
    """Pairs of item ids (and of section ids) from one framework version to another."""

    source: tuple[str, str | None]  # (id, version); no version: a crosswalk that holds for every version
    target: tuple[str, str | None]
    pairs: tuple[Pair, ...]
    sections: tuple[Pair, ...] = ()
    file: str = ""
    title: str = ""

    def reversed(self) -> Mapping:
        return replace(self, source=self.target, target=self.source,
                       pairs=tuple(p.reversed() for p in self.pairs), sections=tuple(p.reversed() for p in self.sections))

    def successors(self, item_id: str) -> list[Pair]:
        return [p for p in self.pairs if p.source == item_id and p.related]

    def predecessors(self, item_id: str) -> list[Pair]:
        return [p for p in self.pairs if p.target == item_id and p.related]

    def section_successors(self, section_id: str) -> list[Pair]:
        return [p for p in self.sections if p.source == section_id and p.related]

    def between(self, source: Framework, target: Framework) -> Mapping:
        """This mapping read from `source` to `target`, turned round when it was written the other way."""
        if _names(self.source, source) and _names(self.target, target):
            return self
        if _names(self.source, target) and _names(self.target, source):
            return self.reversed()
        raise UsageError(f"{self.file}: maps {_label(self.source)} to {_label(self.target)}, "
                         f"not {source.label} to {target.label}")


def _label(ref: tuple[str, str | None]) -> str:
    return f"{ref[0]} {ref[1] or '(every version)'}"


def _names(ref: tuple[str, str | None], framework: Framework) -> bool:
    return ref[0] == framework.id and ref[1] in (None, framework.version)


def load_mapping(path: Path, registry) -> Mapping:
    """Read and check a mapping file against the frameworks installed in `registry`."""
    doc = yamlio.load(path)
    problems = schema_problems(doc, SCHEMA)
    if problems:
        raise InvalidFile(problems)
    return _Checker(doc, registry).build()


class _Checker:
    def __init__(self, doc: yamlio.Document, registry):
        self.doc, self.registry = doc, registry
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.doc.file, dotted(path), message, self.doc.line(path)))

    def framework(self, side: str) -> Framework | None:
        ref = self.doc.data[side]
        try:
            return self.registry.get(ref["id"], ref.get("version"))
        except UsageError as e:
            self.problem((side,), str(e))
            return None

    def build(self) -> Mapping:
        data = self.doc.data
        source, target = self.framework("from"), self.framework("to")
        pairs = self.pairs("pairs", source and (lambda i: source.item(i) is not None),
                           target and (lambda i: target.item(i) is not None), "item")
        sections = self.pairs("sections", source and (lambda i: source.section(i) is not None),
                              target and (lambda i: target.section(i) is not None), "section")
        if self.problems:
            raise InvalidFile(self.problems)
        return Mapping(
            source=(data["from"]["id"], data["from"].get("version")),
            target=(data["to"]["id"], data["to"].get("version")),
            pairs=pairs,
            sections=sections,
            file=self.doc.file,
            title=data.get("title", ""),
        )

    def pairs(self, key: str, in_source, in_target, what: str) -> tuple[Pair, ...]:
        out, seen = [], {}
        for i, raw in enumerate(self.doc.data.get(key) or []):
            pair = Pair(raw["from"], raw["to"], raw["relation"], raw.get("rationale"), raw.get("note"))
            for side, known, framework in (("from", in_source, "from"), ("to", in_target, "to")):
                value = raw[side]
                if known is not None and not known(value):
                    ref = self.doc.data[framework]
                    self.problem((key, i, side), f"unknown {what} id {value!r} in {_label((ref['id'], ref.get('version')))}")
            twice = seen.get((pair.source, pair.target))
            if twice is not None:
                self.problem((key, i), f"duplicate pair {pair.source!r} -> {pair.target!r} (first at {key}[{twice}])")
            else:
                seen[pair.source, pair.target] = i
            out.append(pair)
        return tuple(out)


def by_id(source: Framework, target: Framework) -> Mapping:
    """Two versions of one framework paired by item id: the same text is `equal`, changed text `intersect`."""
    pairs = []
    for item in source.items():
        successor = target.item(item.id)
        if successor is not None:
            pairs.append(Pair(item.id, item.id, "equal" if successor.text == item.text else "intersect", "syntactic"))
    sections = [Pair(s.id, s.id, "equal") for s in source.sections if target.section(s.id) is not None]
    return Mapping((source.id, source.version), (target.id, target.version), tuple(pairs), tuple(sections))


def complete(mapping: Mapping | None, source: Framework, target: Framework) -> Mapping:
    """The mapping to use from `source` to `target`.

    Between two versions of one framework, a mapping file need only say what changed:
    an item or section it does not name on its `from` side is paired by id. Between two
    different frameworks only the mapping's own pairs count.
    """
    if mapping is None:
        if source.id != target.id:
            raise UsageError(f"{source.label} and {target.label} are different frameworks; give a mapping (--mapping FILE)")
        return by_id(source, target)
    mapping = mapping.between(source, target)
    if source.id != target.id:
        return mapping
    default = by_id(source, target)
    named = {p.source for p in mapping.pairs}
    named_sections = {p.source for p in mapping.sections}
    return replace(
        mapping,
        pairs=mapping.pairs + tuple(p for p in default.pairs if p.source not in named),
        sections=mapping.sections + tuple(p for p in default.sections if p.source not in named_sections),
    )


def mapping_files(extra: Iterable[Path] = ()) -> Iterator[Path]:
    """Mapping files shipped with csf, then those installed in the user's data directory."""
    from .registry import data_dir

    for directory in (*extra, BUNDLED, data_dir() / "mappings"):
        if directory.is_dir():
            yield from sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))


def find_mapping(registry, source: Framework, target: Framework) -> Mapping | None:
    """The first mapping file relating these two framework versions, in either direction."""
    for path in mapping_files():
        try:
            data = yamlio.load(path).data
            ends = ((data["from"]["id"], data["from"].get("version")), (data["to"]["id"], data["to"].get("version")))
        except (CsfError, KeyError, TypeError, AttributeError):
            continue
        if (_names(ends[0], source) and _names(ends[1], target)) or (_names(ends[0], target) and _names(ends[1], source)):
            return load_mapping(path, registry)
    return None
