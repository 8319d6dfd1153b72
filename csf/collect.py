"""Headquarters' database: submissions collected into SQLite, one normalised table per kind of fact.

Tables (all keyed by `submission_id` where they hold one submission's facts):

- `submissions`: one row per file collected: area, framework id, version and
  fingerprint, period, status (draft, submitted, approved) and submitted date, the file's name and
  sha256 digest, when it was collected (and under which protective `marking`), whether it is the `current` submission for its
  area, framework and period (an older one stays, `current` 0, `replaced_by` the newer
  one's id), the intake verdict (`acceptable`, `problems`) and the overall score.
- `section_scores`: each section's score with its counts, as `csf score --json` gives it.
- `answers`: each item's effective rating (id, label, points, `level`: top, middle,
  bottom or excluded on its scale), practice, notes, figure, and the whole answer as JSON
  in `data`, so fields csf adds later arrive too.
- `evidence`, `documents`, `agencies`: each entry, with its JSON in `data`.
- `findings`: every rule problem and missing answer.
- `sections`, `items`: each framework version's headings and item texts, for queries.
- `plans`, `actions`: action plans (files with a `plan:` heading) collected beside
  the submissions, one row per action, linked by area and period.

A file is known by its digest: collecting it again changes nothing. Everything one run
collects is written in one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import intake
from .compare import read_all
from .digest import hexdigest
from .errors import UsageError, display
from .frozen import frozen
from .registry import Registry
from .report import Report, evaluate

SCHEMA: dict[str, tuple[dict[str, type], Any]] = {
    "submissions": ({
        "id": int, "area": str, "framework_id": str, "framework_version": str, "fingerprint": str, "period": str,
        "status": str, "submitted": str, "updated": str, "file": str, "file_digest": str, "collected": str,
        "current": int, "replaced_by": int, "acceptable": int, "problems": str, "edits_in_word": int,
        "overall_percent": float, "overall_points": int, "overall_possible": int, "answered": int, "total": int,
        "excluded": int, "marking": str,
    }, "id"),
    "section_scores": ({
        "submission_id": int, "section_id": str, "title": str, "percent": float, "points": int, "possible": int,
        "answered": int, "excluded": int, "total": int,
    }, ("submission_id", "section_id")),
    "answers": ({
        "submission_id": int, "item_id": str, "section_id": str, "rating": str, "rating_label": str, "points": int,
        "level": str, "answered": int, "derived": int, "value": float, "practice": str, "notes": str, "data": str,
    }, ("submission_id", "item_id")),
    "evidence": ({
        "submission_id": int, "item_id": str, "position": int, "description": str, "source": str, "date": str,
        "owner": str, "data": str,
    }, ("submission_id", "item_id", "position")),
    "documents": ({"submission_id": int, "document_id": str, "title": str, "data": str}, ("submission_id", "document_id")),
    "agencies": ({"submission_id": int, "agency_id": str, "name": str, "data": str}, ("submission_id", "agency_id")),
    "findings": ({
        "submission_id": int, "position": int, "rule": str, "severity": str, "item_id": str, "message": str,
    }, ("submission_id", "position")),
    "sections": ({
        "framework_id": str, "framework_version": str, "section_id": str, "position": int, "title": str,
    }, ("framework_id", "framework_version", "section_id")),
    "items": ({
        "framework_id": str, "framework_version": str, "item_id": str, "section_id": str, "position": int, "text": str,
    }, ("framework_id", "framework_version", "item_id")),
    "plans": ({"id": int, "file": str, "file_digest": str, "area": str, "period": str, "collected": str}, "id"),
    "actions": ({
        "plan_id": int, "position": int, "ref": str, "priority": str, "action": str, "rag": str, "target": str,
        "completed": str, "items": str, "data": str,
    }, ("plan_id", "position")),
}
FOREIGN = {
    "section_scores": [("submission_id", "submissions", "id")],
    "answers": [("submission_id", "submissions", "id")],
    "evidence": [("submission_id", "submissions", "id")],
    "documents": [("submission_id", "submissions", "id")],
    "agencies": [("submission_id", "submissions", "id")],
    "findings": [("submission_id", "submissions", "id")],
    "actions": [("plan_id", "plans", "id")],
}
NOT_NULL = {"submissions": {"area", "framework_id", "framework_version", "file_digest", "current", "acceptable"}}


@frozen
class Outcome:
    file: str
    verdict: str  # "added", "replaced", "history", "unchanged", "refused"
    lines: tuple[str, ...]
    acceptable: bool


def collect(paths: Sequence[Path], db_path: Path, registry: Registry, collected: str, marking: str = "") -> list[Outcome]:
    """Read every file, then write what is new in one transaction. Returns one outcome per file."""
    db = open_db(db_path)
    try:
        outcomes = []
        with db.atomic():  # one transaction, the tables too: all of it, or (on any failure) none of it
            _create_tables(db)
            for path, read, reason in read_all(paths, registry):
                outcomes.append(_one(db, path, read, reason, collected, marking))
        return outcomes
    finally:
        db.conn.close()


def open_db(path: Path):
    """The database at `path`, created owner-only when new; anything that is not SQLite is refused untouched.
    Its tables are made (or given newer columns) by the caller, in the transaction that writes."""
    import sqlite_utils

    if path.is_dir():
        raise UsageError(f"{display(path)}: is a directory; name a database file, e.g. hq.sqlite")
    if not path.parent.is_dir():
        raise UsageError(f"directory not found: {display(path.parent)}")
    if path.exists():
        with open(path, "rb") as f:
            head = f.read(16)
        if head and head != b"SQLite format 3\x00":
            raise UsageError(f"{display(path)}: not an SQLite database; not touching it (name a new file to start one)")
    else:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # an empty file is an empty database
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as e:
        conn.close()
        raise UsageError(f"{display(path)}: not a usable SQLite database ({e})") from None
    return sqlite_utils.Database(conn)


def _create_tables(db) -> None:
    """SCHEMA's tables and indexes, in the caller's transaction: committing them on their own
    cost a commit's waits for the disk."""
    for name, (columns, pk) in SCHEMA.items():
        table = db[name]
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=FOREIGN.get(name), not_null=NOT_NULL.get(name))
        have = table.columns_dict  # read once a table: each read is a query
        for column, kind in columns.items():  # a database made by an older csf gains the newer columns
            if column not in have:
                table.add_column(column, kind)
    for table, columns in (("submissions", ["file_digest"]), ("plans", ["file_digest"])):
        db[table].create_index(columns, unique=True, if_not_exists=True)
    db["submissions"].create_index(["area", "framework_id", "period"], if_not_exists=True)
    db["answers"].create_index(["item_id", "level"], if_not_exists=True)


def _one(db, path: Path, read, reason: str, collected: str, marking: str) -> Outcome:
    label = display(path)
    if read is None:
        plan = _plan(db, path, collected) if path.suffix.lower() in (".yaml", ".yml") else None
        if plan is not None:
            return plan
        return Outcome(label, "refused", (f"not collected: {label}: {reason}",), False)
    digest = hexdigest(path.read_bytes())
    report = evaluate(read.loaded.framework, read.loaded.assessment)
    data = report.assessment.to_data()
    check = intake.check(report, data)
    existing = db.conn.execute("select collected from submissions where file_digest = ? limit 1", [digest]).fetchone()
    if existing is not None:
        return Outcome(label, "unchanged", (f"unchanged: {label}: collected before (on {existing[0]})",
                                            *intake.lines(label, check)[1:]), check.acceptable)
    verdict = _insert(db, label, digest, read, report, data, check, collected, marking)
    shown = {"added": "collected", "replaced": "collected, replacing an older submission",
             "history": "collected as history (a newer submission is current)"}[verdict]
    return Outcome(label, verdict, (f"{shown}: {label}", *intake.lines(label, check)), check.acceptable)


def _insert(db, label: str, digest: str, read, report: Report, data: dict, check: intake.Intake, collected: str,
            marking: str) -> str:
    """The submission's row and its facts, in plain SQL: sqlite-utils' row methods read the
    table's shape again on every call, a good part of collect's own time."""
    a, fw = report.assessment, report.framework
    state, submitted = intake.status_of(data)
    overall = report.score_data()["overall"]
    row = {
        "area": a.area, "framework_id": fw.id, "framework_version": fw.version, "fingerprint": a.fingerprint,
        "period": a.period, "status": state, "submitted": submitted, "updated": a.updated or None,
        "file": label, "file_digest": digest, "collected": collected, "current": 1, "replaced_by": None,
        "acceptable": int(check.acceptable), "problems": "\n".join(check.reasons) or None,
        "edits_in_word": len(read.differences), "overall_percent": overall["percent"], "overall_points": overall["points"],
        "overall_possible": overall["possible"], "answered": overall["answered"], "total": overall["total"],
        "excluded": overall["excluded"], "marking": " ".join(marking.split()) or None,
    }
    rivals = [{"id": i, "submitted": s, "updated": u} for i, s, u in db.conn.execute(
        "select id, submitted, updated from submissions where area = ? and framework_id = ? and period = ? and current = 1",
        [a.area, fw.id, a.period])]
    newer = [r for r in rivals if _when(r) > _when(row)]
    if newer:
        row |= {"current": 0, "replaced_by": newer[0]["id"]}
    new_id = db.conn.execute(_insert_sql("submissions"), {"id": None} | row).lastrowid
    if not newer:
        db.conn.executemany("update submissions set current = 0, replaced_by = ? where id = ?", [(new_id, r["id"]) for r in rivals])
    _facts(db, new_id, report, data)
    return "history" if newer else "replaced" if rivals else "added"


def _when(row: dict) -> tuple[str, str]:
    """Which of two submissions is newer: the date it was submitted, then when it was last changed."""
    return (row.get("submitted") or "", row.get("updated") or "")


def _facts(db, sid: int, report: Report, data: dict) -> None:
    fw = report.framework
    rated = _rated(fw.scale)
    _rows(db, "section_scores", [{"submission_id": sid, "section_id": s["id"], **s} for s in report.score_data()["sections"]])
    answers, evidence = [], []
    for section in fw.sections:
        for item in section.items:
            r = report.resolved[item.id]
            value, level = rated.get(r.rating, (None, None)) if r.rating else (None, None)
            answers.append({
                "submission_id": sid, "item_id": item.id, "section_id": section.id, "rating": r.rating,
                "rating_label": value.label if value else None,
                "points": None if value is None or value.not_applicable else value.points,
                "level": level, "answered": int(r.answered), "derived": int(r.derived),
                "value": r.answer.value, "practice": r.answer.practice or None, "notes": r.answer.notes or None,
                "data": _json(data["answers"].get(item.id) or r.answer.to_data()),  # the file's own, made once
            })
            evidence += [{"submission_id": sid, "item_id": item.id, "position": n, "description": e.description,
                          "source": e.source or None, "date": e.date, "owner": e.owner or None, "data": _json(e.to_data())}
                         for n, e in enumerate(r.answer.evidence, 1)]
    _rows(db, "answers", answers)
    _rows(db, "evidence", evidence)
    _rows(db, "documents", [{"submission_id": sid, "document_id": str(d.get("id", n)), "title": d.get("title"), "data": _json(d)}
                            for n, d in enumerate(_entries(data.get("documents")), 1)])
    _rows(db, "agencies", [{"submission_id": sid, "agency_id": str(g.get("id", n)), "name": g.get("name"), "data": _json(g)}
                           for n, g in enumerate(_entries(data.get("agencies")), 1)])
    _rows(db, "findings", [{"submission_id": sid, "position": n, "rule": f.rule, "severity": f.severity, "item_id": f.item,
                            "message": f.message} for n, f in enumerate(report.findings, 1)])
    known = "select 1 from sections where framework_id = ? and framework_version = ? limit 1"
    if db.conn.execute(known, [fw.id, fw.version]).fetchone() is None:
        _rows(db, "sections", [{"framework_id": fw.id, "framework_version": fw.version, "section_id": s.id, "position": n,
                                "title": s.title} for n, s in enumerate(fw.sections, 1)])
        _rows(db, "items", [{"framework_id": fw.id, "framework_version": fw.version, "item_id": i.id,
                             "section_id": fw.section_of(i.id).id, "position": n, "text": i.text}
                            for n, i in enumerate(fw.items(), 1)])


def _rows(db, table: str, rows: list[dict]) -> None:
    """Insert rows, each naming every column of its SCHEMA table, with a single executemany:
    sqlite-utils' insert_all, which also infers and converts types, took most of collect's
    own time."""
    db.conn.executemany(_insert_sql(table), rows)


def _insert_sql(table: str) -> str:
    """An insert into one of SCHEMA's tables whose named parameters sqlite3 reads off each row itself."""
    columns = SCHEMA[table][0]
    return f'insert into "{table}" ({", ".join(columns)}) values ({", ".join(":" + c for c in columns)})'


def _rated(scale) -> dict[str, tuple[Any, str]]:
    """Each rating's scale value and where it sits on the scale (what 'Not met' means on any
    framework's scale is 'bottom'), worked out once a submission rather than once an answer."""
    values = scale.values if scale else ()
    points = [v.points or 0 for v in values if not v.not_applicable]
    rated: dict[str, tuple[Any, str]] = {}
    for v in values:
        level = ("excluded" if v.not_applicable else "top" if v.points == max(points)
                 else "bottom" if (v.points or 0) == min(points) else "middle")
        rated.setdefault(v.id, (v, level))  # as Scale.get: the first value of an id
    return rated


def _entries(value: Any) -> list[dict]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # what json.dumps would build afresh for every call


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def _plan(db, path: Path, collected: str) -> Outcome | None:
    """An action plan beside the submissions: its actions, linked by area and period. None if not a plan."""
    from . import plan as plans
    from . import yamlio
    from .errors import CsfError

    label = display(path)
    try:
        data = yamlio.load(path).data
    except CsfError:
        return None
    if not (isinstance(data, dict) and "plan" in data):
        return None
    try:
        loaded = plans.load(path)
    except CsfError as e:
        return Outcome(label, "refused", (f"not collected: {label}: an action plan that does not validate: {e}",), False)
    digest = hexdigest(path.read_bytes())
    if next(db["plans"].rows_where("file_digest = ?", [digest], limit=1), None) is not None:
        return Outcome(label, "unchanged", (f"unchanged: {label}: collected before",), True)
    p = loaded.plan
    plan_id = db["plans"].insert({"file": label, "file_digest": digest, "area": p.area, "period": p.period or None,
                                  "collected": collected}).last_pk
    rows = []
    for n, action in enumerate(p.actions, 1):
        d = action.to_data()
        rows.append({"plan_id": plan_id, "position": n, "ref": d.get("ref"), "priority": d.get("priority"),
                     "action": d.get("action"), "rag": d.get("rag"), "target": d.get("target"),
                     "completed": d.get("completed"), "items": _json(d.get("items", [])), "data": _json(d)})
    db["actions"].insert_all(rows)
    return Outcome(label, "added", (f"collected: {label}: action plan for {p.area}, {len(rows)} action(s)",), True)


def counts(db_path: Path) -> dict[str, int]:
    """Rows per table: what a person checks after collecting."""
    conn = sqlite3.connect(db_path)
    try:
        return {name: conn.execute(f'select count(*) from "{name}"').fetchone()[0] for name in SCHEMA}
    finally:
        conn.close()


def summary(outcomes: Iterable[Outcome]) -> str:
    tally: dict[str, int] = {}
    for o in outcomes:
        tally[o.verdict] = tally.get(o.verdict, 0) + 1
    order = ("added", "replaced", "history", "unchanged", "refused")
    return ", ".join(f"{tally[k]} {k}" for k in order if k in tally)
