"""`csf trend` and `csf summary`: one area over the years, and one page for the board."""

from __future__ import annotations

import json
import re
import zlib

import docx
import pytest
from docx.oxml.ns import qn

from .helpers import CSF_VERSION, mini, run, write_yaml

# (period, {item: rating}): section 1 goes 0 -> 25 -> 75, section 2 50 -> 100 -> 100, section 3 unscored -> 0 -> 25.
PERIODS = [
    ("2008-09", {"1.1": "not-met", "1.2": "not-met", "2.1": "partly-met"}),
    ("2009-10", {"1.1": "partly-met", "1.2": "not-met", "2.1": "fully-met", "3.1": "not-met"}),
    ("2010-11", {"1.1": "fully-met", "1.2": "partly-met", "2.1": "fully-met", "3.1": "partly-met", "3.2": "not-met"}),
]


@pytest.fixture
def years(tmp_path, capsys):
    paths = []
    for period, ratings in PERIODS:
        path = tmp_path / f"bexley-{period}.yaml"
        assert run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "--period", period, "-o", str(path))[0] == 0
        for item, rating in ratings.items():
            assert run(capsys, "answer", str(path), item, "--rating", rating)[0] == 0
        paths.append(path)
    return paths


def test_trend_over_three_periods_gives_each_sections_figures(years, capsys):
    code, out, err = run(capsys, "trend", *map(str, reversed(years)))  # any order: sorted by period
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Bexley: partnership-csf scores by section, 2008-09 to 2010-11"
    assert lines[1].split() == ["SECTION", "2008-09", "2009-10", "2010-11"]
    cells = {row[0]: row[1:] for row in (re.split(r"\s{2,}", line.strip()) for line in lines[2:])}
    assert cells["1. Empowered and effective leadership"] == ["0.0%", "25.0%", "75.0%"]
    assert cells["2. Visible and constructive accountability"] == ["50.0%", "100.0%", "100.0%"]
    assert cells["3. Intelligence-led business processes"] == ["not scored", "0.0%", "25.0%"]
    assert cells["Overall"] == ["16.7%", "37.5%", "60.0%"]
    assert len(cells) == 7  # six factors and overall


def test_trend_json_agrees_with_score_json_for_every_period(years, tmp_path, capsys):
    out = tmp_path / "trend.json"
    assert run(capsys, "trend", *map(str, years), "-o", str(out))[0] == 0
    trend = json.loads(out.read_text(encoding="utf-8"))
    assert trend["periods"] == ["2008-09", "2009-10", "2010-11"]
    for column, path in enumerate(years):
        _, score, _ = run(capsys, "score", "--json", str(path))
        score = json.loads(score)
        by_label = {s["section"]: s["percent"][column] for s in trend["sections"]}
        assert by_label["Overall"] == score["overall"]["percent"]
        assert [by_label[label] for label in list(by_label)[:-1]] == [s["percent"] for s in score["sections"]]


def _png_text(png: bytes) -> dict[str, str]:
    """The PNG's tEXt/zTXt/iTXt chunks: where the chart keeps its title and description."""
    out, at = {}, 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        kind, body = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode()] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")
            _, _, text = rest.partition(b"\0")
            out[key.decode()] = (zlib.decompress(text) if compressed else text).decode("utf-8")
        at += 12 + length
    return out


def test_trend_chart_is_a_png_with_a_title_and_a_text_alternative(years, tmp_path, capsys):
    out = tmp_path / "trend.png"
    assert run(capsys, "trend", *map(str, years), "-o", str(out))[0] == 0
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    text = _png_text(png)
    assert text["Title"] == "Bexley: partnership-csf scores by section, 2008-09 to 2010-11"
    description = text["Description"]
    assert "1. Empowered and effective leadership rose from 0.0% in 2008-09 to 75.0% in 2010-11." in description
    assert "3. Intelligence-led business processes rose from 0.0% in 2009-10 to 25.0% in 2010-11." in description
    assert "5. Engaged communities: not scored." in description
    assert "Overall rose from 16.7% in 2008-09 to 60.0% in 2010-11." in description


def test_trend_in_html_and_word_carries_the_table_and_the_chart_with_alt_text(years, tmp_path, capsys):
    html = tmp_path / "trend.html"
    assert run(capsys, "trend", *map(str, years), "-o", str(html))[0] == 0
    page = html.read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in page and 'alt="Line chart of Bexley&#39;s partnership-csf scores' in page
    assert "<td class=\"n\">75.0%</td>" in page
    word = tmp_path / "trend.docx"
    assert run(capsys, "trend", *map(str, years), "-o", str(word))[0] == 0
    document = docx.Document(str(word))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows[0] == ["Section", "2008-09", "2009-10", "2010-11"] and rows[-1] == ["Overall", "16.7%", "37.5%", "60.0%"]
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))
    assert len(pictures) == 1 and pictures[0].get("descr").startswith("Line chart of Bexley's partnership-csf scores")


def test_trend_refuses_two_areas_two_frameworks_or_one_period_twice(years, tmp_path, capsys):
    other = tmp_path / "camden.yaml"
    run(capsys, "new", "--framework", "partnership-csf", "--area", "Camden", "--period", "2011-12", "-o", str(other))
    code, out, err = run(capsys, "trend", str(years[0]), str(other))
    assert (code, out) == (2, "") and err == "error: a trend is of one area: 'Bexley' and 'Camden' differ\n"
    bvpi = tmp_path / "bvpi.yaml"
    run(capsys, "new", "--framework", "bvpi-225", "--area", "Bexley", "--period", "2011-12", "-o", str(bvpi))
    code, _, err = run(capsys, "trend", str(years[0]), str(bvpi))
    assert code == 2 and err.startswith("error: a trend is of one framework")
    code, _, err = run(capsys, "trend", str(years[0]), str(years[0]))
    assert code == 2 and err == "error: two assessments are for the same period (2008-09); give one per period\n"


@pytest.fixture
def plan(tmp_path, capsys, years):
    path = tmp_path / "plan.yaml"
    run(capsys, "plan", "new", "-o", str(path), "--area", "Bexley", "--period", "2010-11", "--assessment", str(years[-1]))
    run(capsys, "plan", "suggest", str(path), "--from", str(years[-1]))
    run(capsys, "plan", "update", str(path), "1.2", "--action", "Senior representation", "--priority", "Leadership", "--rag", "red")
    run(capsys, "plan", "update", str(path), "3.1", "--action", "Data sharing", "--priority", "Intelligence", "--rag", "yellow")
    return path


def test_summary_in_word_is_scores_change_trend_actions_and_gaps(years, plan, tmp_path, capsys):
    out = tmp_path / "summary.docx"
    code, stdout, err = run(capsys, "summary", str(years[-1]), "--plan", str(plan), "--previous", str(years[1]),
                            "--previous", str(years[0]), "-o", str(out))
    assert (code, err) == (0, "")
    assert stdout == f"wrote {out}: board summary for Bexley, partnership-csf {CSF_VERSION}\n"
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Score", "Trend, 2008-09 to 2010-11", "Actions by RAG rating", "Top gaps"]
    scores, rag = ([[c.text for c in r.cells] for r in t.rows] for t in document.tables)
    assert scores[0] == ["Section", "Score", "Points", "Answered", "Change since 2009-10"]
    assert scores[1] == ["1. Empowered and effective leadership", "75.0%", "3 of 4", "2 of 7", "+50.0"]
    assert scores[2] == ["2. Visible and constructive accountability", "100.0%", "2 of 2", "1 of 7", "no change"]
    assert scores[4] == ["4. Effective and responsive delivery structures", "not scored", "-", "0 of 6", "-"]
    assert scores[-1] == ["Overall", "60.0%", "6 of 10", "5 of 49", "+22.5"]
    assert rag[-1] == ["Total", "1 (33%)", "1 (33%)", "0 (0%)", "0 (0%)", "1 (33%)", "3"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Overall score 60.0% (6 of 10 points, 5 of 49 items answered)." in text
    assert "3.2 (Not met): Information sharing protocol" in text and "— action 3.2 (No RAG yet)." in text
    assert "— action 1.2 (Red)." in text and "— action 3.1 (Amber)." in text
    picture = document.element.body.find(".//" + qn("wp:docPr"))
    assert picture.get("descr").startswith("Line chart of Bexley's partnership-csf scores")


def test_summary_without_previous_or_plan_is_scores_and_gaps(years, tmp_path, capsys):
    out = tmp_path / "summary.md"
    assert run(capsys, "summary", str(years[0]), "-o", str(out))[0] == 0
    md = out.read_text(encoding="utf-8")
    assert "## Score" in md and "## Top gaps" in md and "Trend" not in md and "RAG" not in md
    assert "| Overall | 16.7% | 1 of 6 | 3 of 49 |" in md
    assert "- 1.1 (Not met):" in md and "action" not in md.split("## Top gaps")[1]


def test_summary_html_has_the_chart_with_its_alt_text(years, tmp_path, capsys):
    out = tmp_path / "summary.html"
    assert run(capsys, "summary", str(years[-1]), "--previous", str(years[0]), "-o", str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<h2>Trend, 2008-09 to 2010-11</h2>" in page
    assert 'alt="Line chart of Bexley&#39;s partnership-csf scores, 0 to 100 per cent' in page


def test_summary_refuses_a_previous_of_another_framework(years, tmp_path, capsys):
    bvpi = tmp_path / "bvpi.yaml"
    run(capsys, "new", "--framework", "bvpi-225", "--area", "Bexley", "-o", str(bvpi))
    out = tmp_path / "summary.docx"
    code, _, err = run(capsys, "summary", str(years[-1]), "--previous", str(bvpi), "-o", str(out))
    assert code == 2 and err.startswith("error: --previous must be an assessment against partnership-csf")
    assert not out.exists()


def test_summary_says_when_the_framework_version_changed(tmp_path, capsys):
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    write_yaml(frameworks / "mini-1.yaml", mini())
    write_yaml(frameworks / "mini-2.yaml", mini(version="2.0"))
    fw = ["--frameworks-dir", str(frameworks)]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    run(capsys, *fw, "new", "--framework", "mini", "--version", "1.0", "--area", "Kingston", "--period", "2009-10", "-o", str(old))
    run(capsys, *fw, "new", "--framework", "mini", "--version", "2.0", "--area", "Kingston", "--period", "2010-11", "-o", str(new))
    run(capsys, *fw, "answer", str(old), "1.1", "--rating", "not-met")
    run(capsys, *fw, "answer", str(new), "1.1", "--rating", "fully-met")
    out = tmp_path / "summary.md"
    code, _, err = run(capsys, *fw, "summary", str(new), "--previous", str(old), "-o", str(out))
    assert (code, err) == (0, "")
    md = out.read_text(encoding="utf-8")
    assert "The framework version changed (1.0 then 2.0)" in md
    assert "| 1\\. First | 100.0% | 2 of 2 | 1 of 7 | \\+100.0 |" in md


def test_summary_lists_the_items_to_reconfirm_after_a_carry_over(years, tmp_path, capsys):
    carried = tmp_path / "bexley-2011-12.yaml"
    code, _, err = run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "--period", "2011-12",
                       "--from", str(years[-1]), "-o", str(carried))
    assert code == 0, err
    run(capsys, "answer", str(carried), "1.1", "--rating", "fully-met")  # a person confirms one
    out = tmp_path / "summary.md"
    assert run(capsys, "summary", str(carried), "-o", str(out))[0] == 0
    section = out.read_text(encoding="utf-8").split("## Items to re-confirm")[1]
    assert "4 answers were carried over and are not yet confirmed; the score counts their carried ratings. The first 3:" in section
    listed = [line.split(":")[0] for line in section.splitlines() if line.startswith("- ")]
    assert listed == ["- 1.2", "- 2.1", "- 3.1"]  # the page stays one page
    assert "- 1.2: carried from the 2010-11 assessment; confirm the rating or change it" in section

