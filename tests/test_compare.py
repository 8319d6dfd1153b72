"""`csf compare`: boroughs side by side, each score what `csf score --json` says for that file."""

from __future__ import annotations

import csv
import io
import json

import docx
import pytest
from openpyxl import load_workbook

from .boroughs import borough_data, next_version, write_boroughs
from .exporting import REGISTRY
from .helpers import CSF_VERSION, run, write_yaml


@pytest.fixture(scope="module")
def boroughs(tmp_path_factory):
    return write_boroughs(tmp_path_factory.mktemp("hq") / "in")


def score_json(capsys, path) -> dict:
    code, out, _ = run(capsys, "score", str(path), "--json")
    assert code == 0
    return json.loads(out)


def csv_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_has_one_row_per_borough_with_the_scores_csf_score_gives(boroughs, capsys):
    code, out, err = run(capsys, "compare", str(boroughs[0].parent), "--format", "csv")
    assert (code, err) == (0, "")
    rows = csv_of(out)
    assert [r["area"] for r in rows] == [f"Borough {n:02d}" for n in range(1, 33)]
    percents = set()
    for path, row in zip(boroughs, rows):
        expected = score_json(capsys, path)
        overall = expected["overall"]
        assert row["overall score"] == ("" if overall["percent"] is None else repr(overall["percent"]))
        assert (int(row["overall points"]), int(row["answered"]), int(row["total"])) == (
            overall["points"], overall["answered"], overall["total"])
        for section in expected["sections"]:
            shown = row[f"{section['id']} score"]
            assert shown == ("" if section["percent"] is None else repr(section["percent"]))
            assert int(row[f"{section['id']} answered"]) == section["answered"]
        percents.add(row["overall score"])
    assert len(percents) > 3  # the boroughs really differ


def test_each_item_shows_each_boroughs_rating_in_words(boroughs, capsys):
    code, out, _ = run(capsys, "compare", *map(str, boroughs[:3]), "--format", "json")
    data = json.loads(out)
    first = data["submissions"][0]
    assert first["ratings"]["1.1"] == borough_data(1)["answers"]["1.1"].get("rating")
    code, out, _ = run(capsys, "compare", *map(str, boroughs[:3]), "--format", "csv")
    row = csv_of(out)[0]
    labels = {v.id: v.label for v in REGISTRY.get("partnership-csf").scale.values}
    for item_id, answer in borough_data(1)["answers"].items():
        assert row[item_id] == labels.get(answer.get("rating"), "Not answered")


def test_terminal_table(boroughs, capsys):
    code, out, _ = run(capsys, "compare", *map(str, boroughs[:2]))
    lines = out.splitlines()
    assert lines[0] == f"partnership-csf {CSF_VERSION}: 2 submission(s) compared"
    assert lines[1].split() == ["AREA", "PERIOD", "OVERALL", "ANSWERED", "1", "2", "3", "4", "5", "6"]
    expected = score_json(capsys, boroughs[0])
    assert lines[2].split()[:6] == ["Borough", "01", "2009-10", f"{expected['overall']['percent']}%",
                                    str(expected["overall"]["answered"]), "of"]


def test_xlsx_has_a_sheet_of_scores_and_one_of_items_with_frozen_headers(boroughs, tmp_path, capsys):
    out_file = tmp_path / "hq.xlsx"
    code, out, _ = run(capsys, "compare", str(boroughs[0].parent), "-o", str(out_file))
    assert code == 0 and out == f"wrote {out_file}: 32 submission(s) of partnership-csf {CSF_VERSION} compared\n"
    book = load_workbook(out_file)
    assert book.sheetnames == ["Scores", "Items"]
    scores, items = book["Scores"], book["Items"]
    assert scores.freeze_panes == "B2" and items.freeze_panes == "D2"
    assert scores.max_row == 33 and items.max_row == 50
    expected = score_json(capsys, boroughs[4])
    assert scores.cell(6, 1).value == "Borough 05" and scores.cell(6, 5).value == expected["overall"]["percent"]
    assert items.cell(1, 4).value == "Borough 01" and items.cell(2, 2).value == "1.1"
    fill = items.cell(2, 4).fill.start_color.rgb
    assert items.cell(2, 4).value == "Partly met" and fill.endswith("FCE8B2")


def test_html_and_word_heat_maps_name_each_rating_beside_its_colour(boroughs, tmp_path, capsys):
    html_file, docx_file = tmp_path / "hq.html", tmp_path / "hq.docx"
    assert run(capsys, "compare", *map(str, boroughs[:10]), "-o", str(html_file))[0] == 0
    page = html_file.read_text()
    assert '<td class="middle">Partly met</td>' in page and '<td class="top">Fully met</td>' in page
    assert '<td class="missing">Not answered</td>' in page
    assert run(capsys, "compare", *map(str, boroughs[:10]), "-o", str(docx_file))[0] == 0
    document = docx.Document(str(docx_file))
    tables = document.tables  # key, scores, two tables of items (8 + 2 boroughs)
    assert len(tables) == 4
    assert [c.text for c in tables[2].rows[0].cells] == ["Item", *(f"Borough {n:02d}" for n in range(1, 9))]
    cell = tables[2].rows[1].cells[1]
    assert cell.text == "Partly met"
    assert cell._tc.tcPr.xpath("./w:shd/@w:fill") == ["FCE8B2"]


def test_a_file_that_does_not_validate_is_listed_not_skipped(boroughs, tmp_path, capsys):
    bad = borough_data(99)
    bad["answers"]["1.1"]["rating"] = "mostly"
    bad_file = write_yaml(tmp_path / "bad.yaml", bad)
    code, out, err = run(capsys, "compare", str(boroughs[0]), str(bad_file), "--format", "csv")
    assert code == 1
    rows = csv_of(out)
    assert len(rows) == 2 and rows[1]["file"] == str(bad_file)
    assert rows[1]["status"].startswith("not compared: does not validate: ") and "'mostly' is not on the scale" in rows[1]["status"]
    code, out, _ = run(capsys, "compare", str(boroughs[0]), str(bad_file))
    assert code == 1 and f"not compared: {bad_file}: does not validate:" in out


def test_two_frameworks_are_refused(boroughs, tmp_path, capsys):
    from .exporting import bvpi

    code, out, err = run(capsys, "compare", str(boroughs[0]), str(bvpi(tmp_path)))
    assert (code, out) == (2, "")
    assert err.startswith("error: these files answer different frameworks: partnership-csf (1 file(s)")
    assert "bvpi-225 (1 file(s)" in err and err.endswith("compare one framework at a time\n")


def test_two_versions_are_laid_on_the_newest_and_the_overlap_shown(boroughs, tmp_path, capsys):
    fw_dir = tmp_path / "frameworks"
    next_version(fw_dir)
    newer = borough_data(7)
    newer["framework"] = {"id": "partnership-csf", "version": "2010.1"}
    del newer["answers"]["1.7"]
    newer_file = write_yaml(tmp_path / "newer.yaml", newer)
    code, out, err = run(capsys, "--frameworks-dir", str(fw_dir), "compare", str(boroughs[0]), str(newer_file), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["framework"]["version"] == "2010.1"
    assert data["note"] == (f"Laid on partnership-csf 2010.1 through its mapping set: {CSF_VERSION} has 47 of 48 items in common (97%). "
                            "Only items mapped as equal carry a rating.")
    old, new = data["submissions"]
    assert (old["items_in_common"], new["items_in_common"]) == (47, 48)
    assert "1.2" not in old["ratings"] and old["ratings"]["1.1"] == borough_data(1)["answers"]["1.1"].get("rating")
    assert old["score"] == score_json(capsys, boroughs[0])  # each scored on its own version


def test_nothing_to_compare(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "compare", str(tmp_path / "empty"))
    assert code == 2 and err == f"error: {tmp_path / 'empty'}: no assessment (.yaml) or Word (.docx) files in it\n"
