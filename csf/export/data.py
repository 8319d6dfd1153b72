"""JSON and CSV: the assessment for machines and for headquarters' spreadsheets.

JSON carries everything: the assessment exactly as stored, the score exactly as
`csf score --json` prints it (the same dict, so the numbers cannot disagree), and each
item's effective answer and findings. CSV is one row per item (after a row holding the
protective marking, when there is one), in UTF-8 with a byte
order mark because Excel otherwise reads UTF-8 as the local code page and mangles ✓,
curly quotes and accents.
"""

from __future__ import annotations

import csv
import io
import json

from ..report import Report
from . import Options, Rendered
from .content import Submission, state_line

FORMAT_VERSION = 1
CSV_COLUMNS = ("framework", "area", "section", "item id", "item text", "rating", "points", "practice", "evidence count", "figure",
               "period", "status", "status detail", "agency", "notes", "evidence")  # added later: at the end, so old sheets still line up
# A spreadsheet runs a cell that starts with one of these as a formula; a quote mark in
# front keeps a borough's text as text (the OWASP advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_json(report: Report, submission: Submission, options: Options) -> Rendered:
    framework = report.framework
    items = []
    for part in submission.parts:
        for row in part.rows:
            r = report.resolved[row.id]
            items.append({
                "id": row.id,
                "section": part.id,
                "type": row.type,
                "answered": r.answered,
                "rating": r.rating,
                "rating_label": framework.scale.get(r.rating).label if r.rating and framework.scale else None,
                "derived": r.derived,
                "derivation": r.derivation.explanation if r.derivation else None,
                "overridden": r.overridden,
                "points": row.points,
                "status": row.status,
                "state": r.answer.state,
                "due": r.answer.due,
                "reason": r.answer.reason or None,
                "agency": row.agency or None,
                "evidence": list(row.evidence),
                "findings": [_finding(f) for f in report.findings_for(row.id)],
            })
    data = {
        "csf_export": FORMAT_VERSION,
        "exported": options.today.isoformat(),
        "marking": submission.marking or None,
        "framework": {"id": framework.id, "version": framework.version, "fingerprint": framework.fingerprint, "title": framework.title},
        "score": report.score_data(),
        "completeness": {"answered": report.answered, "total": report.total},
        "items": items,
        "findings": [_finding(f) for f in report.findings],
        "assessment": report.assessment.to_data(),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    return Rendered(text.encode("utf-8"))


def _finding(finding) -> dict:
    return {"rule": finding.rule, "severity": finding.severity, "message": finding.message,
            "item": finding.item, "evidence": finding.evidence}


def render_csv(report: Report, submission: Submission, options: Options) -> Rendered:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if submission.marking:  # first, where whoever opens the file sees it before any data
        writer.writerow((_text(submission.marking),))
    writer.writerow(CSV_COLUMNS)
    for part in submission.parts:
        for row in part.rows:
            figure = report.resolved[row.id].answer.value
            writer.writerow((
                _text(report.framework.id),
                _text(submission.area),
                _text(part.heading),
                _text(row.id),
                _text(row.text),
                _text(row.rating or ""),
                "" if row.points is None else row.points,
                _text(part.practice_of(row)),
                row.evidence_count,
                "" if figure is None else figure,
                _text(submission.period),
                row.status,
                _text(state.text if (state := state_line(report.resolved[row.id].answer)) else ""),
                _text(row.agency),
                _text(row.notes),
                _text("\n".join(row.evidence)),
            ))
    for entry in submission.archived:  # the appendix: kept, not scored
        practice = "\n\n".join(line.text for line in entry.lines if line.kind == "practice" and not line.label)
        writer.writerow((report.framework.id, _text(submission.area), _text(submission.archived_title),
                         _text(entry.heading), _text(entry.text), "", "", _text(practice),
                         sum(line.kind == "evidence" for line in entry.lines), ""))
    return Rendered(out.getvalue().encode("utf-8-sig"))


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
