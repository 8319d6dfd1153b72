"""What changed between two frameworks (or two versions of one), for people and machines.

Items are matched through a mapping (by id between two versions of one framework, and
through the mapping's pairs where it names them), so that a split or a merge reads as
one, not as some items removed and others added.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, field
from typing import Any

from .framework import Framework, Rule
from .frozen import frozen
from .mapping import Mapping, complete


@frozen
class Reworded:
    old: str
    new: str
    words: tuple[tuple[str, str], ...]  # (op, text): op is "=", "-" or "+"


@frozen
class Diff:
    old: Framework
    new: Framework
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reworded: dict[str, Reworded] = field(default_factory=dict)  # keyed "old->new" when the id changed
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # item -> (old section, new section)
    split: dict[str, tuple[str, ...]] = field(default_factory=dict)
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sections: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    scoring: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    other: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        return self.old.fingerprint == self.new.fingerprint

    def to_data(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old.id, "version": self.old.version, "fingerprint": self.old.fingerprint},
            "new": {"id": self.new.id, "version": self.new.version, "fingerprint": self.new.fingerprint},
            "identical": self.identical,
            "added": [{"item": i, "text": self.new.item(i).text} for i in self.added],
            "removed": [{"item": i, "text": self.old.item(i).text} for i in self.removed],
            "reworded": [{"item": k} | asdict(v) | {"words": [list(w) for w in v.words]} for k, v in self.reworded.items()],
            "moved": [{"item": k, "from_section": a, "to_section": b} for k, (a, b) in self.moved.items()],
            "split": [{"item": k, "into": list(v)} for k, v in self.split.items()],
            "merged": [{"item": k, "from": list(v)} for k, v in self.merged.items()],
            "sections": list(self.sections),
            "scale": list(self.scale),
            "scoring": list(self.scoring),
            "rules": list(self.rules),
            "other": list(self.other),
        }


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The two texts as runs of kept, deleted and inserted words."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def compare(old: Framework, new: Framework, mapping: Mapping | None = None) -> Diff:
    """Every change from `old` to `new`; `mapping` says how items relate where ids do not."""
    pairs = complete(mapping, old, new) if mapping is not None or old.id == new.id else Mapping((old.id, old.version), (new.id, new.version), ())
    removed = tuple(i.id for i in old.items() if not pairs.successors(i.id))
    added = tuple(i.id for i in new.items() if not pairs.predecessors(i.id))
    split = {i.id: tuple(p.target for p in pairs.successors(i.id)) for i in old.items() if len(pairs.successors(i.id)) > 1}
    merged = {i.id: tuple(p.source for p in pairs.predecessors(i.id)) for i in new.items() if len(pairs.predecessors(i.id)) > 1}
    reworded, moved = {}, {}
    for pair in pairs.pairs:
        if not pair.related or pair.source in split or pair.target in merged:
            continue
        a, b = old.item(pair.source), new.item(pair.target)
        key = pair.source if pair.source == pair.target else f"{pair.source}->{pair.target}"
        if a.text != b.text:
            reworded[key] = Reworded(a.text, b.text, word_diff(a.text, b.text))
        before, after = old.section_of(a.id).id, new.section_of(b.id).id
        if before != after:
            moved[key] = (before, after)
    return Diff(
        old, new, added, removed, reworded, moved, split, merged,
        sections=tuple(_section_changes(old, new)),
        scale=tuple(_scale_changes(old, new)),
        scoring=tuple(f"{k}: {v!r} -> {getattr(new.scoring, k)!r}" for k, v in asdict(old.scoring).items() if getattr(new.scoring, k) != v),
        rules=tuple(_rule_changes(old, new)),
        other=tuple(_other_changes(old, new)),
    )


def _section_changes(old: Framework, new: Framework) -> list[str]:
    out = []
    for s in old.sections:
        t = new.section(s.id)
        if t is None:
            out.append(f"section {s.id} removed: {s.title}")
            continue
        if s.title != t.title:
            out.append(f"section {s.id} retitled: {s.title!r} -> {t.title!r}")
        if s.description != t.description:
            out.append(f"section {s.id} description changed")
    out += [f"section {t.id} added: {t.title}" for t in new.sections if old.section(t.id) is None]
    return out


def _scale_changes(old: Framework, new: Framework) -> list[str]:
    a = {v.id: v for v in old.scale.values} if old.scale else {}
    b = {v.id: v for v in new.scale.values} if new.scale else {}
    out = [f"value {k} removed" for k in a if k not in b] + [f"value {k} added ({b[k].label}, {b[k].points} points)" for k in b if k not in a]
    for k in a.keys() & b.keys():
        for name in ("label", "points", "not_applicable"):
            if getattr(a[k], name) != getattr(b[k], name):
                out.append(f"value {k} {name}: {getattr(a[k], name)!r} -> {getattr(b[k], name)!r}")
    return sorted(out)


def _rule_text(rule: Rule) -> tuple:
    return (rule.scope, rule.when.source if rule.when else None, rule.require.source, rule.message,
            rule.severity, tuple(sorted(rule.items)) if rule.items is not None else None)


def _rule_changes(old: Framework, new: Framework) -> list[str]:
    a, b = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    out = [f"rule {k} removed" for k in a if k not in b] + [f"rule {k} added: {b[k].message}" for k in b if k not in a]
    out += [f"rule {k} changed" for k in a if k in b and _rule_text(a[k]) != _rule_text(b[k])]
    return out


def _other_changes(old: Framework, new: Framework) -> list[str]:
    names = ("title", "publisher", "source", "columns", "notes", "details", "metadata")
    return [f"{name} changed" for name in names if getattr(old, name) != getattr(new, name)]


# --- presenting ------------------------------------------------------------------------


def render(diff: Diff, markdown: bool = False, limit: int | None = None) -> str:
    """Text or Markdown; `limit` keeps the first lines (for a message, not a report)."""
    old, new = diff.old, diff.new
    head = f"{old.label} -> {new.label}"
    if diff.identical:
        return f"{head}: identical"
    lines = [f"## {head}" if markdown else head]

    def block(title: str, rows: list[str]) -> None:
        if rows:
            lines.append(f"\n### {title}" if markdown else f"{title}:")
            lines.extend(f"- {r}" if markdown else f"  {r}" for r in rows)

    def words(r: Reworded) -> str:
        marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**"} if markdown else {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
        return " ".join(marks[op].format(text) for op, text in r.words)

    block("Added", [f"{i}: {new.item(i).text}" for i in diff.added])
    block("Removed", [f"{i}: {old.item(i).text}" for i in diff.removed])
    block("Reworded", [f"{k}: {words(r)}" for k, r in diff.reworded.items()])
    block("Moved", [f"{k}: section {a} -> section {b}" for k, (a, b) in diff.moved.items()])
    block("Split", [f"{k} -> {', '.join(v)}" for k, v in diff.split.items()])
    block("Merged", [f"{', '.join(v)} -> {k}" for k, v in diff.merged.items()])
    block("Sections", list(diff.sections))
    block("Scale", list(diff.scale))
    block("Scoring", list(diff.scoring))
    block("Rules", list(diff.rules))
    block("Other", list(diff.other))
    if limit is not None and len(lines) > limit:
        lines = [*lines[:limit], f"  … and {len(lines) - limit} more line(s): csf frameworks diff {old.id}@{old.version} {new.id}@{new.version}"]
    return "\n".join(lines)
