"""Moving an assessment to another framework version without losing a borough's words.

Migration works on the assessment's plain data, not on the model, so that every field
it holds is carried, including fields this version of csf does not know. Per item of
the target framework, through a mapping (`mapping.complete`):

- one `equal` predecessor: the answer is kept exactly as it is;
- any other relation (reworded, split, merged, subset, ...): the answer is carried,
  texts joined when several answers meet in one item, and marked `reconfirm`;
- an answer whose item has no successor goes to `archived`, with the old id and the old
  item's text; it is never deleted, and comes back if the assessment returns to a
  version that has the item.

A `reconfirm` marker made by a migration records where the answer came from (and, when
several answers were joined, each of them as it was), so that migrating back gives the
original answers exactly.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .framework import Framework
from .mapping import Mapping

MARK = "reconfirm"
PREFILL = "prefilled"


@dataclass
class Outcome:
    """What a migration did, item by item, for the report a person reads."""

    kept: list[str] = field(default_factory=list)
    reconfirm: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    sections_archived: list[str] = field(default_factory=list)


def ref(framework: Framework) -> dict[str, str]:
    return {"id": framework.id, "version": framework.version}


def combine(values: list[Any]) -> Any:
    """Several answers (or sections) as one, dropping nothing a person wrote.

    Equal values stay one; different texts are joined with a blank line; lists keep
    every entry once; mappings combine key by key. Where two numbers or ratings differ
    the first stays (the item is marked to re-confirm, and the originals are recorded).
    """
    out = copy.deepcopy(values[0])
    for value in values[1:]:
        out = _merge(out, value)
    return out


def _merge(a: Any, b: Any) -> Any:
    if a == b or b is None or b == "":
        return a
    if a is None or a == "":
        return copy.deepcopy(b)
    if isinstance(a, str) and isinstance(b, str):
        return a + "\n\n" + b
    if isinstance(a, list) and isinstance(b, list):
        return a + [copy.deepcopy(x) for x in b if x not in a]
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key, value in b.items():
            out[key] = _merge(out[key], value) if key in out else copy.deepcopy(value)
        return out
    return a


def _without(answer: dict, key: str) -> dict:
    return {k: v for k, v in answer.items() if k != key}


def _restored(answer: dict, target: Framework, item_id: str) -> dict | None:
    """The answer as it was before a migration away from `target`'s `item_id`, if unchanged since."""
    mark = answer.get(MARK)
    if not isinstance(mark, dict) or mark.get("reason") != "migrated" or mark.get("framework") != ref(target):
        return None
    if item_id not in (mark.get("items") or []):
        return None
    body = _without(answer, MARK)
    was = mark.get("was")
    if isinstance(was, dict):
        forward = combine([_without(v, MARK) for v in was.values()])
        return copy.deepcopy(was[item_id]) if body == forward and item_id in was else None
    return body | ({MARK: mark["previous"]} if "previous" in mark else {})


def migrate(data: dict, source: Framework | None, target: Framework, mapping: Mapping, at: str, by: str) -> tuple[dict, Outcome]:
    """`data` (an assessment's plain data) moved to `target`; the input is not changed."""
    outcome = Outcome()
    old_ref = {"id": data["framework"]["id"], "version": data["framework"]["version"]}
    answers: dict = data.get("answers") or {}
    archived: list = copy.deepcopy(data.get("archived") or [])
    back = _take_archived(archived, target, "item")
    new_answers: dict[str, Any] = {}
    for item in target.items():
        came = [(p, answers[p.source]) for p in mapping.predecessors(item.id) if p.source in answers]
        if item.id in back:
            came.append((None, back[item.id]))
        if not came:
            if not mapping.predecessors(item.id):
                outcome.unanswered.append(item.id)
            continue
        candidates = [a if p is None else _restored(a, target, item.id) for p, a in came]
        if all(c is not None for c in candidates) and all(c == candidates[0] for c in candidates):
            new_answers[item.id] = candidates[0]
            outcome.restored.append(item.id)
        elif len(came) == 1 and came[0][0] is not None and came[0][0].relation == "equal":
            new_answers[item.id] = copy.deepcopy(came[0][1])
            outcome.kept.append(item.id)
        else:
            new_answers[item.id] = _carried(came, old_ref)
            outcome.reconfirm.append(item.id)
    for item_id, answer in answers.items():
        if not mapping.successors(item_id):
            archived.append(_archive_entry(old_ref, source, "item", item_id, answer, at))
            outcome.archived.append(item_id)
    sections = _sections(data.get("sections") or {}, source, target, mapping, archived, old_ref, at, outcome)
    out = copy.deepcopy(data)
    framework = {k: v for k, v in data["framework"].items() if k not in ("id", "version", "fingerprint")}
    out["framework"] = ref(target) | {"fingerprint": target.fingerprint} | framework
    out["answers"] = new_answers
    if sections or "sections" in data:
        out["sections"] = sections
    if archived or "archived" in data:
        out["archived"] = archived
    out["updated"] = at
    change = {"at": at, "by": by, "field": "framework", "from": f"{old_ref['id']} {old_ref['version']}", "to": target.label}
    out["history"] = [*copy.deepcopy(data.get("history") or []), change]
    return out, outcome


def _carried(came: list, old_ref: dict) -> dict:
    """Answers meeting in one item, joined and marked to re-confirm."""
    bodies = [_without(a, MARK) for _, a in came]
    answer = combine(bodies)
    from_old = [(p, a) for p, a in came if p is not None]
    mark: dict[str, Any] = {"reason": "migrated", "framework": dict(old_ref), "items": [p.source for p, _ in from_old],
                            "relation": ", ".join(dict.fromkeys(p.relation for p, _ in from_old))}
    if len(came) > 1:
        mark["was"] = {p.source if p is not None else "archived": copy.deepcopy(a) for p, a in came}
    elif MARK in came[0][1]:
        mark["previous"] = copy.deepcopy(came[0][1][MARK])
    return answer | {MARK: mark}


def _take_archived(archived: list, target: Framework, kind: str) -> dict[str, Any]:
    """Archived answers that belong to `target` again: removed from the list, returned by id."""
    back: dict[str, Any] = {}
    for entry in list(archived):
        key = entry.get(kind) if isinstance(entry, dict) else None
        present = target.item(key) if kind == "item" else target.section(key)
        if key is not None and entry.get("framework") == ref(target) and present is not None and key not in back:
            back[key] = entry.get("answer" if kind == "item" else "data") or {}
            archived.remove(entry)
    return back


def _archive_entry(old_ref: dict, source: Framework | None, kind: str, key: str, value: Any, at: str) -> dict:
    entry: dict[str, Any] = {"framework": dict(old_ref), kind: key}
    if kind == "item":
        item = source.item(key) if source else None
        entry |= {"section": source.section_of(key).id} if item else {}
        entry["text"] = item.text if item else "(not in the framework version this answer was made for)"
        entry |= {"archived": at, "answer": copy.deepcopy(value)}
    else:
        section = source.section(key) if source else None
        entry |= {"title": section.title if section else "", "archived": at, "data": copy.deepcopy(value)}
    return entry


def _sections(sections: dict, source, target, mapping, archived, old_ref, at, outcome) -> dict:
    """Section narratives (and whatever else a section holds) follow the section pairs."""
    back = _take_archived(archived, target, "section")
    out: dict[str, Any] = {}
    for section in target.sections:
        came = [sections[p.source] for p in mapping.sections if p.target == section.id and p.related and p.source in sections]
        came += [back[section.id]] if section.id in back else []
        if came:
            out[section.id] = combine(came)
    for section_id, value in sections.items():
        if not mapping.section_successors(section_id):
            archived.append(_archive_entry(old_ref, source, "section", section_id, value, at))
            outcome.sections_archived.append(section_id)
    return out


def report_lines(outcome: Outcome, target: Framework) -> list[str]:
    def ids(values: list[str]) -> str:
        return ": " + ", ".join(values) if values else ""

    lines = [
        f"kept: {len(outcome.kept) + len(outcome.restored)}" + (f" ({len(outcome.restored)} restored as they were)" if outcome.restored else ""),
        f"to re-confirm: {len(outcome.reconfirm)}{ids(outcome.reconfirm)}",
        f"archived: {len(outcome.archived)}{ids(outcome.archived)}",
        f"newly unanswered: {len(outcome.unanswered)}{ids(outcome.unanswered)}",
    ]
    if outcome.sections_archived:
        lines.append(f"section texts archived: {len(outcome.sections_archived)}{ids(outcome.sections_archived)}")
    return lines


def archived_answer(entry: dict):
    """An archived entry's answer as the model reads it (for views)."""
    from .assessment import _answer

    answer = entry.get("answer")
    return _answer(answer if isinstance(answer, dict) else {})


def framework_changed(assessment, installed: Framework, registry, file: str) -> str:
    """Why an assessment does not match the installed file of its framework version, and what to do.

    When the content it was made on is still installed somewhere (under another version,
    or in a frameworks directory), the message shows the changes themselves.
    """
    from .diff import compare, render

    old = registry.with_fingerprint(assessment.fingerprint)
    head = (f"made for {installed.label} with content {assessment.fingerprint[7:19]}…, but the installed "
            f"{installed.label} has content {installed.fingerprint[7:19]}…: the framework changed without a new version")
    if old is not None:
        changes = render(compare(old, installed), limit=12).splitlines()[1:]
        head += f". Changes since {old.label}:\n" + "\n".join(changes)
    else:
        gone = [i for i in assessment.answers if installed.item(i) is None]
        if gone:
            head += f"; answers for items it no longer has: {', '.join(gone)}"
    return head + (f"\nTo carry the answers over (changed items marked to re-confirm, nothing lost): "
                   f"csf migrate {file} --to {installed.id}@{installed.version}")
