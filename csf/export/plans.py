"""The action plan as a board and its partners read it: Word, CSV, HTML, Markdown, JSON.

Every format renders the same `Sheet`, built here once: the RAG-by-priority table
(counts and percentages) first, then each priority's actions in the column layout
partnerships use (source 001, Camden's action plan: Ref, Outcome, Activity / Action,
Baseline Data, Performance Measure, Lead Agency and project leader, Outputs, Funding
source and cost), each action followed by its progress row. A RAG mark is always a
word ("Amber"), never a colour alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..assessment import slug
from ..plan import BUCKETS, COMPLETE, UNRATED, Action, Counts, Plan, count, groups, show_data
from .content import long_date
from .text import clean

# Source 001's column headings, in its order and spelling.
COLUMNS = ("Ref", "Outcome", "Activity / Action", "Baseline Data", "Performance Measure",
           "Lead Agency and project leader", "Outputs", "Funding source and cost")
FIELDS = ("ref", "outcome", "action", "baseline", "measure", "leads", "outputs", "funding")
BUCKET_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", COMPLETE: "Complete", UNRATED: "No RAG yet"}
RAG_HEADER = ("Priority", *BUCKET_WORDS.values(), "Total")
RAG_SHARES = (0.37, 0.1, 0.1, 0.1, 0.11, 0.12, 0.1)  # of the text width, in a Word table
DRAFT = "(action to be written)"

FORMATS = {"docx": ".docx", "csv": ".csv", "html": ".html", "md": ".md", "json": ".json"}


@dataclass(frozen=True)
class ActionRow:
    status: str  # the RAG mark in words: "Amber", "Complete", "No RAG yet"
    cells: tuple[str, ...]  # one per COLUMNS entry
    progress: tuple[tuple[str, str], ...]  # (label, text) lines of the progress row


@dataclass(frozen=True)
class Block:
    heading: str
    outcome: str
    rows: tuple[ActionRow, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    area: str
    facts: tuple[tuple[str, str], ...]
    rag_rows: tuple[tuple[str, ...], ...]  # RAG_HEADER's columns; the last row is the total
    blocks: tuple[Block, ...]
    marking: str = ""  # protective marking: first in CSV, top and foot of every page


def build(plan: Plan, today: dt.date, marking: str = "") -> Sheet:
    title = f"{clean(plan.title) or 'Action plan'}: {clean(plan.area)}" + (f" {clean(plan.period)}" if plan.period else "")
    facts = [("Area", clean(plan.area))]
    if plan.period:
        facts.append(("Period", clean(plan.period)))
    if plan.assessments:
        facts.append(("Answers the assessment" + ("s" if len(plan.assessments) > 1 else ""), ", ".join(plan.assessments)))
    facts += [("Actions", str(len(plan.actions))), ("Date", long_date(today))]
    rag_rows = [(clean(g.heading), *rag_cells(g.counts)) for g in groups(plan)]
    rag_rows.append(("Total", *rag_cells(count(plan.actions))))
    blocks = tuple(
        Block(clean(g.heading), clean(g.priority.outcome) if g.priority else "", tuple(_row(a) for a in g.actions))
        for g in groups(plan)
    )
    return Sheet(title, clean(plan.area), tuple(facts), tuple(rag_rows), blocks, clean(marking).strip())


def rag_cells(counts: Counts) -> tuple[str, ...]:
    """'2 (50%)' per bucket, then the total."""
    return (*(f"{counts.numbers[b]} ({counts.percent(b)})" for b in BUCKETS), str(counts.total))


def status_word(action: Action) -> str:
    return BUCKET_WORDS[action.status]


def _row(action: Action) -> ActionRow:
    cells = []
    for name in FIELDS:
        value = getattr(action, name)
        if name == "leads":
            value = "\n".join(value)
        elif name == "action" and not value:
            value = DRAFT
        cells.append(clean(value))
    progress: list[tuple[str, str]] = [("RAG", BUCKET_WORDS[action.rag] if action.rag else BUCKET_WORDS[UNRATED])]
    if action.completed:
        progress.insert(0, ("Complete", long_date(action.completed)))
    if action.target:
        progress.append(("Target date", long_date(action.target)))
    if action.items:
        progress.append(("Assessment items", ", ".join(action.items)))
    for update in action.progress:
        who = f", {clean(update.by)}" if update.by else ""
        progress.append((f"{long_date(update.on)}{who}", clean(update.text)))
    if not action.progress:
        progress.append(("Progress", "none reported yet"))
    return ActionRow(status_word(action), tuple(cells), tuple(progress))


# --- writing --------------------------------------------------------------------------------


def export(plan: Plan, fmt: str | None, output: Path | None, today: dt.date | None = None, marking: str = "") -> Path:
    """Render and write: a named file must not exist, a directory gets a new numbered name."""
    from .output import check_format, format_for, save_new

    today = today or dt.date.today()
    fmt = fmt or format_for(output, FORMATS)
    check_format(fmt, FORMATS)
    return save_new(render(plan, fmt, today, marking), output, f"{slug(plan.area)}-action-plan-{today.isoformat()}{FORMATS[fmt]}")


def render(plan: Plan, fmt: str, today: dt.date, marking: str = "") -> bytes:
    if fmt == "json":
        data = ({"marking": clean(marking).strip()} if marking.strip() else {}) | show_data(plan)
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    sheet = build(plan, today, marking)
    if fmt == "csv":
        return render_csv(sheet)
    if fmt == "docx":
        return importlib.import_module(".plan_docx", __package__).render(sheet)
    from .html import breaks
    from .markdown import escape
    from .templating import environment

    env = environment(autoescape=fmt == "html", filters={"breaks": breaks, "md": escape})
    page = env.get_template(f"plan.{fmt}.j2").render(s=sheet, columns=COLUMNS, rag_header=RAG_HEADER)
    return page.encode("utf-8")


def render_csv(sheet: Sheet) -> bytes:
    """One row per action in the Camden columns, with its priority, RAG word and progress;
    UTF-8 with a byte order mark (Excel), cells that look like formulas quoted."""
    from .data import _text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if sheet.marking:
        writer.writerow((_text(sheet.marking),))
    writer.writerow(("Priority", *COLUMNS, "RAG", "Progress"))
    for block in sheet.blocks:
        for row in block.rows:
            progress = "\n".join(f"{label}: {text}" for label, text in row.progress)
            writer.writerow([_text(c) for c in (block.heading, *row.cells, row.status, progress)])
    return out.getvalue().encode("utf-8-sig")
