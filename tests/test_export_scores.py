"""Every export shows the scores `csf score --json` prints, to the digit."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest

from .exporting import as_docx, bvpi, rated_csf, rendered, report_of
from .helpers import run


class _Rows(HTMLParser):
    """The text of each row of the first <table class="scores">."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.depth = 0  # 1 inside the scores table, -1 after it
        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1 if self.depth or ("class", "scores") in attrs else 0
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth = -1
        self.in_cell = self.in_cell and tag not in ("td", "th")

    def handle_data(self, data):
        if self.depth == 1 and self.in_cell:
            self.rows[-1][-1] += data


@pytest.fixture(params=["rated", "bvpi"])
def scored(request, tmp_path, capsys):
    """(report, what `csf score --json` printed, {label: (score, points, answered)})."""
    path = rated_csf(tmp_path) if request.param == "rated" else bvpi(tmp_path)
    code, out, _ = run(capsys, "score", "--json", str(path))
    assert code == 0
    data = json.loads(out)
    report = report_of(path)
    decimals = report.scorecard.decimals

    def shown(score: dict) -> tuple[str, str, str]:
        percent = "not scored" if score["percent"] is None else f"{score['percent']:.{decimals}f}%"
        points = f"{score['points']} of {score['possible']}" if score["possible"] else ""
        return percent, points, f"{score['answered']} of {score['total']}"

    headings = {s.id: s.heading for s in report.framework.sections}
    expected = {headings[s["id"]]: shown(s) for s in data["sections"]} | {"Overall": shown(data["overall"])}
    return report, data, expected


def test_json_embeds_the_score_data_exactly(scored):
    report, data, _ = scored
    exported = json.loads(rendered(report, "json").payload)
    assert exported["score"] == data
    assert exported["assessment"] == json.loads(json.dumps(report.assessment.to_data()))
    assert len(exported["items"]) == report.total


def test_docx_summary_table(scored):
    report, _, expected = scored
    table = as_docx(rendered(report, "docx").payload).tables[0]
    shown = {r.cells[0].text: (r.cells[1].text, r.cells[2].text, r.cells[3].text) for r in table.rows[1:]}
    assert shown == expected


def test_markdown_summary_table(scored):
    report, _, expected = scored
    text = rendered(report, "md").payload.decode("utf-8")
    rows = [line.strip("|").split(" | ") for line in text.splitlines() if re.match(r"\| (?!Section|---)", line)]
    shown = {r[0].strip().strip("*").replace("\\", ""): (r[1].strip("*"), r[2], r[3]) for r in rows}
    assert shown == expected


def test_html_summary_table(scored):
    report, _, expected = scored
    parser = _Rows()
    parser.feed(rendered(report, "html").payload.decode("utf-8"))
    assert parser.rows[0] == ["Section", "Score", "Points", "Answered", "Not applicable"]
    assert {r[0]: (r[1], r[2], r[3]) for r in parser.rows[1:]} == expected


def test_csv_points_add_up_to_the_same_scores(scored):
    report, data, _ = scored
    rows = list(csv.DictReader(io.StringIO(rendered(report, "csv").payload.decode("utf-8-sig"))))
    top = report.framework.scale.top_points
    by_points = report.framework.scoring.denominator == "answered"
    for section in data["sections"]:
        mine = [r for r in rows if r["section"] == report.framework.section(section["id"]).heading]
        scored_rows = [r for r in mine if r["points"] != ""]
        possible = top * (len(scored_rows) if by_points else len(mine))
        assert sum(int(r["points"]) for r in scored_rows) == section["points"]
        assert possible == section["possible"]
        if possible:
            percent = (Decimal(section["points"]) * 100 / possible).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            assert float(percent) == section["percent"]
