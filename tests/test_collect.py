"""`csf collect`: headquarters' database, idempotent, with history, the same numbers as `csf score`."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest
import yaml

from csf.collect import SCHEMA

from .boroughs import borough_data, write_boroughs
from .exporting import REPO, TODAY, rendered, report_of
from .helpers import CSF_VERSION, run, write_yaml

METADATA = REPO / "csf" / "hq-metadata.yaml"


@pytest.fixture(scope="module")
def boroughs(tmp_path_factory):
    return write_boroughs(tmp_path_factory.mktemp("hq") / "in")


def counts(db) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in SCHEMA}
    finally:
        conn.close()


def query(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_collect_twice_changes_nothing(boroughs, tmp_path, capsys):
    db = tmp_path / "hq.sqlite"
    code, out, err = run(capsys, "collect", str(boroughs[0].parent), "--db", str(db))
    assert code == 1 and err == ""  # generated boroughs are drafts with gaps: collected, and not acceptable
    assert out.splitlines()[-1] == f"{db}: 32 added"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    first = counts(db)
    assert first["submissions"] == 32 and first["answers"] == 32 * 49 and first["section_scores"] == 32 * 6
    assert first["evidence"] == sum(1 for p in boroughs for a in yaml.safe_load(p.read_text())["answers"].values() if "evidence" in a)
    before = db.read_bytes()
    code, out, _ = run(capsys, "collect", str(boroughs[0].parent), "--db", str(db))
    assert out.splitlines()[-1] == f"{db}: 32 unchanged"
    assert counts(db) == first
    assert db.read_bytes() == before


def test_section_scores_in_the_database_are_csf_scores(boroughs, tmp_path, capsys):
    db = tmp_path / "hq.sqlite"
    run(capsys, "collect", *map(str, boroughs), "--db", str(db))
    for path in boroughs:
        code, out, _ = run(capsys, "score", str(path), "--json")
        expected = json.loads(out)
        rows = query(db, "select sc.section_id as id, sc.title, sc.percent, sc.points, sc.possible, sc.answered, sc.excluded, sc.total "
                         "from section_scores sc join submissions s on s.id = sc.submission_id "
                         "join sections x on x.framework_id = s.framework_id and x.framework_version = s.framework_version "
                         "and x.section_id = sc.section_id where s.file = ? order by x.position", str(path))
        assert rows == expected["sections"]
        (overall,) = query(db, "select overall_percent as percent, overall_points as points, overall_possible as possible, "
                               "answered, excluded, total from submissions where file = ?", str(path))
        assert overall == expected["overall"]


def submitted(n: int, on: str, practice: str = "") -> dict:
    """A complete, submitted return for borough n."""
    data = borough_data(n)
    for item_id, answer in data["answers"].items():
        answer.setdefault("rating", "partly-met")
        answer["practice"] = practice or answer["practice"]
    data["submission"] = {"status": "submitted", "submitted": on}
    return data


def test_a_newer_submission_replaces_the_older_which_stays_as_history(tmp_path, capsys):
    db = tmp_path / "hq.sqlite"
    first = write_yaml(tmp_path / "jan.yaml", submitted(3, "2010-01-10", "January text."))
    code, out, _ = run(capsys, "collect", str(first), "--db", str(db))
    assert code == 0, out
    assert out.splitlines() == [
        f"collected: {first}",
        f"acceptable: {first}: partnership-csf {CSF_VERSION}, fingerprint matches, 49 of 49 answered, 0 rule problem(s), submitted",
        f"{db}: 1 added",
    ]
    second = write_yaml(tmp_path / "feb.yaml", submitted(3, "2010-02-01", "February text."))
    code, out, _ = run(capsys, "collect", str(second), "--db", str(db))
    assert out.splitlines()[0] == f"collected, replacing an older submission: {second}"
    older = write_yaml(tmp_path / "dec.yaml", submitted(3, "2009-12-01", "December text."))
    code, out, _ = run(capsys, "collect", str(older), "--db", str(db))
    assert out.splitlines()[0] == f"collected as history (a newer submission is current): {older}"
    rows = query(db, "select id, file, current, replaced_by from submissions order by id")
    ids = {r["file"]: r["id"] for r in rows}
    assert [(r["file"], r["current"], r["replaced_by"]) for r in rows] == [
        (str(first), 0, ids[str(second)]), (str(second), 1, None), (str(older), 0, ids[str(second)])]
    assert {r["practice"] for r in query(db, "select a.practice from answers a join submissions s on s.id = a.submission_id "
                                             "where s.current = 1")} == {"February text."}


def test_canned_queries_run_and_answer_headquarters_questions(boroughs, tmp_path, capsys):
    db = tmp_path / "hq.sqlite"
    run(capsys, "collect", *map(str, boroughs[:5]), "--db", str(db))
    later = write_yaml(tmp_path / "b1-next.yaml", submitted(1, "2011-01-01") | {"period": "2010-11"})
    run(capsys, "collect", str(later), "--db", str(db))
    queries = yaml.safe_load(METADATA.read_text())["databases"]["hq"]["queries"]
    assert set(queries) == {"scores_by_borough", "not_met_on_item", "items_most_often_not_met", "missing_or_stale"}
    scores = query(db, queries["scores_by_borough"]["sql"])
    assert len(scores) == 6 * 6 and scores[0]["section_id"] == "1"
    not_met = query(db, queries["not_met_on_item"]["sql"].replace(":item", "?"), "1.1")
    expected = sorted(f"Borough {n:02d}" for n in range(1, 6) if borough_data(n)["answers"]["1.1"].get("rating") == "not-met")
    assert sorted(r["area"] for r in not_met) == expected and all(r["rating_label"] == "Not met" for r in not_met)
    most = query(db, queries["items_most_often_not_met"]["sql"])
    assert most[0]["boroughs"] >= most[-1]["boroughs"] and most[0]["text"]
    stale = query(db, queries["missing_or_stale"]["sql"])
    assert [(r["area"], r["state"], r["latest_period"], r["last_period_sent"]) for r in stale] == [
        (f"Borough {n:02d}", "missing", "2010-11", "2009-10") for n in range(2, 6)]


def test_word_submissions_are_collected_from_their_embedded_data(tmp_path, capsys):
    source = write_yaml(tmp_path / "b4.yaml", submitted(4, "2010-01-10"))
    word = tmp_path / "b4.docx"
    word.write_bytes(rendered(report_of(source), "docx").payload)
    db = tmp_path / "hq.sqlite"
    code, out, _ = run(capsys, "collect", str(word), "--db", str(db))
    assert code == 0 and out.splitlines()[0] == f"collected: {word}"
    (row,) = query(db, "select area, status, submitted, file_digest, edits_in_word from submissions")
    assert row["area"] == "Borough 04" and row["status"] == "submitted" and row["submitted"] == "2010-01-10"
    assert len(row["file_digest"]) == 64 and row["edits_in_word"] == 0


def test_a_file_that_is_not_a_database_is_left_alone(boroughs, tmp_path, capsys):
    db = tmp_path / "notes.sqlite"
    db.write_text("these are my notes, not a database\n")
    code, out, err = run(capsys, "collect", str(boroughs[0]), "--db", str(db))
    assert (code, out) == (2, "")
    assert err == f"error: {db}: not an SQLite database; not touching it (name a new file to start one)\n"
    assert db.read_text() == "these are my notes, not a database\n"


def test_files_that_cannot_be_collected_are_listed_and_nothing_else_is_lost(boroughs, tmp_path, capsys):
    bad = write_yaml(tmp_path / "bad.yaml", borough_data(5) | {"area": ""})
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"not a zip")
    db = tmp_path / "hq.sqlite"
    code, out, err = run(capsys, "collect", str(boroughs[0]), str(bad), str(corrupt), "--db", str(db))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert any(line.startswith(f"not collected: {bad}: does not validate: ") for line in lines)
    assert f"not collected: {corrupt}: {corrupt}: not a Word .docx file (it is not a zip archive; a .doc must be saved as .docx)" in lines
    assert lines[-1] == f"{db}: 1 added, 2 refused"
    assert counts(db)["submissions"] == 1


def test_validate_as_a_submission(boroughs, tmp_path, capsys):
    good = write_yaml(tmp_path / "good.yaml", submitted(6, "2010-01-10"))
    code, out, _ = run(capsys, "validate", "--submission", str(good), str(boroughs[0]))
    assert code == 1
    assert out.splitlines() == [
        f"acceptable: {good}: partnership-csf {CSF_VERSION}, fingerprint matches, 49 of 49 answered, 0 rule problem(s), submitted",
        f"not acceptable: {boroughs[0]}: partnership-csf {CSF_VERSION}, fingerprint matches, 34 of 49 answered, 0 rule problem(s), draft",
        "  15 of 49 items not answered",
        "  no submission status recorded, so taken as a draft",
    ]
    assert run(capsys, "validate", "--submission", str(good))[0] == 0
