"""`csf plan ...` as a partnership uses it: actions, suggestions from gaps, counts, bad input."""

from __future__ import annotations

import json

import pytest
import yaml

from .helpers import CSF_VERSION, run


@pytest.fixture
def assessed(tmp_path, capsys):
    """A Bexley assessment with two gaps (1.1 not met, 1.2 partly met), one met and one not applicable."""
    path = tmp_path / "bexley.yaml"
    assert run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "--period", "2009-10", "-o", str(path))[0] == 0
    for item, rating in (("1.1", "not-met"), ("1.2", "partly-met"), ("1.3", "fully-met"), ("1.4", "not-applicable")):
        assert run(capsys, "answer", str(path), item, "--rating", rating, "--by", "tester")[0] == 0
    return path


@pytest.fixture
def plan(tmp_path, capsys, assessed):
    path = tmp_path / "plan.yaml"
    code, out, err = run(capsys, "plan", "new", "-o", str(path), "--area", "Bexley", "--period", "2009-10", "--assessment", str(assessed))
    assert (code, err) == (0, ""), err
    assert out == f"created {path}: action plan for Bexley 2009-10, linked to bexley.yaml\n"
    return path


def _data(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_add_takes_a_sub_action_ref_an_alias_several_leads_and_progress(plan, capsys):
    code, out, err = run(capsys, "plan", "add", str(plan), "--ref", "5.2 (iii)", "--action", "Train front-line housing staff",
                         "--priority", "Priority 1: Access", "--lead", "council", "--lead", "mps", "--item", "1.1",
                         "--target-date", "2010-03-31", "--rag", "yellow", "--progress", "Two sessions held",
                         "--on", "2009-12-01", "--progress-by", "mps")
    assert (code, err) == (0, "")
    action = _data(plan)["actions"][0]
    assert action == {"ref": "5.2 (iii)", "priority": "1", "action": "Train front-line housing staff", "items": ["1.1"],
                      "leads": ["council", "mps"], "target": "2010-03-31", "rag": "amber",
                      "progress": [{"on": "2009-12-01", "by": "mps", "text": "Two sessions held"}]}
    assert _data(plan)["priorities"] == [{"id": "1", "title": "Priority 1: Access"}]


def test_update_adds_a_dated_progress_update_and_completion_apart_from_rag(plan, capsys):
    run(capsys, "plan", "add", str(plan), "--ref", "A1", "--action", "Review the MARAC", "--lead", "police", "--rag", "green")
    assert run(capsys, "plan", "update", str(plan), "A1", "--progress", "Review started", "--on", "2010-01-05")[0] == 0
    assert run(capsys, "plan", "update", str(plan), "A1", "--progress", "Review done", "--on", "2010-02-01",
               "--progress-by", "police", "--complete", "2010-02-01")[0] == 0
    action = _data(plan)["actions"][0]
    assert action["rag"] == "green" and action["completed"] == "2010-02-01"
    assert action["progress"] == [{"on": "2010-01-05", "text": "Review started"},
                                  {"on": "2010-02-01", "by": "police", "text": "Review done"}]
    code, out, _ = run(capsys, "plan", "show", "--json", str(plan))
    assert json.loads(out)["counts"] == {"red": 0, "amber": 0, "green": 0, "complete": 1, "unrated": 0}


def test_suggest_drafts_exactly_the_gap_items_once(plan, assessed, capsys):
    code, out, err = run(capsys, "plan", "suggest", str(plan), "--from", str(assessed))
    assert (code, err) == (0, "")
    actions = _data(plan)["actions"]
    assert [a["items"] for a in actions] == [["1.1"], ["1.2"]]
    framework_text = yaml.safe_load(open("frameworks/partnership-csf.yaml", encoding="utf-8"))["sections"][0]["items"]
    assert [a["outcome"] for a in actions] == [framework_text[0]["text"], framework_text[1]["text"]]
    assert actions[0]["baseline"].startswith("Not met in the Bexley 2009-10 self-assessment")
    before = plan.read_bytes()
    code, out, _ = run(capsys, "plan", "suggest", str(plan), "--from", str(assessed))
    assert code == 0 and out.startswith("nothing to add: 2 gap item(s)")
    assert plan.read_bytes() == before


def test_suggest_skips_a_gap_an_action_already_covers(plan, assessed, capsys):
    run(capsys, "plan", "add", str(plan), "--ref", "1.2", "--action", "Hand-written", "--item", "1.1")
    run(capsys, "plan", "suggest", str(plan), "--from", str(assessed))
    actions = _data(plan)["actions"]
    assert [(a["ref"], a["items"]) for a in actions] == [("1.2", ["1.1"]), ("1.2 (2)", ["1.2"])]


def test_suggest_counts_a_bvpi_no_as_a_gap(tmp_path, capsys):
    path = tmp_path / "bvpi.yaml"
    run(capsys, "new", "--framework", "bvpi-225", "--area", "Camden", "-o", str(path))
    run(capsys, "answer", str(path), "Q1", "--rating", "no")
    run(capsys, "answer", str(path), "Q3", "--rating", "yes")
    plan = tmp_path / "plan.yaml"
    run(capsys, "plan", "new", "-o", str(plan), "--area", "Camden")
    run(capsys, "plan", "suggest", str(plan), "--from", str(path))
    assert [a["items"] for a in _data(plan)["actions"]] == [["Q1"]]
    assert _data(plan)["plan"]["assessment"] == "bvpi.yaml"


def test_show_json_counts_equal_the_actions_in_the_file(plan, capsys):
    rows = [("R1", "red", "Priority 1"), ("A1", "amber", "Priority 1"), ("A2", "yellow", "Priority 2"),
            ("G1", "green", "Priority 2"), ("N1", None, None)]
    for ref, rag, priority in rows:
        args = ["plan", "add", str(plan), "--ref", ref, "--action", f"Action {ref}"]
        args += ["--rag", rag] if rag else []
        args += ["--priority", priority] if priority else []
        assert run(capsys, *args)[0] == 0
    run(capsys, "plan", "update", str(plan), "G1", "--complete", "2010-03-01")
    code, out, _ = run(capsys, "plan", "show", "--json", str(plan))
    data = json.loads(out)
    in_file = _data(plan)["actions"]
    assert data["total"] == len(in_file) == sum(data["counts"].values()) == 5
    assert data["counts"] == {"red": 1, "amber": 2, "green": 0, "complete": 1, "unrated": 1}
    assert data["by_priority"] == {
        "1": {"red": 1, "amber": 1, "green": 0, "complete": 0, "unrated": 0},
        "2": {"red": 0, "amber": 1, "green": 0, "complete": 1, "unrated": 0},
        "": {"red": 0, "amber": 0, "green": 0, "complete": 0, "unrated": 1},
    }
    code, out, _ = run(capsys, "plan", "show", str(plan))
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    assert total.split() == ["Total", "1", "(20%)", "2", "(40%)", "0", "(0%)", "1", "(20%)", "1", "(20%)", "5"]
    assert "  A2  [AMBER]  Action A2" in out and "  G1  [COMPLETE 2010-03-01]  Action G1" in out


def test_a_hand_written_alias_in_the_file_is_read_as_its_colour(plan, capsys):
    data = _data(plan)
    data["rag"]["aliases"]["amber-ish"] = "amber"
    data["actions"] = [{"ref": "X", "action": "x", "rag": "Yellow"}, {"ref": "Y", "action": "y", "rag": "amber-ish"}]
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = run(capsys, "plan", "show", "--json", str(plan))
    assert code == 0 and json.loads(out)["counts"]["amber"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rag", "purple"], "error: 'purple' is not a RAG rating; use red, amber or green (or yellow for amber)\n"),
        (["--item", "9.9"], f"error: --item: '9.9' is not an item of the linked assessment (bexley.yaml, partnership-csf {CSF_VERSION})\n"),
        (["--target-date", "2010-02-30"], "error: --target-date: '2010-02-30' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31\n"),
        (["--target-date", "31/03/2010x"], "error: --target-date: '31/03/2010x' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31\n"),
        (["--progress", "x", "--on", "yesterday"], "error: --on: 'yesterday' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31\n"),
        (["--progress", "x", "--progress-by", "nobody"], "error: --progress-by: 'nobody' is not one of this action's leads (none yet; add --lead)\n"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(plan, capsys, args, message):
    before = plan.read_bytes()
    code, out, err = run(capsys, "plan", "add", str(plan), "--ref", "X", "--action", "x", *args)
    assert (code, out, err) == (2, "", message)
    assert plan.read_bytes() == before


def test_a_duplicate_ref_is_refused_and_nothing_written(plan, capsys):
    run(capsys, "plan", "add", str(plan), "--ref", "5.2 (iii)", "--action", "first")
    before = plan.read_bytes()
    code, out, err = run(capsys, "plan", "add", str(plan), "--ref", "5.2  (III)", "--action", "second")
    assert code == 2 and "already has an action with ref '5.2  (III)'; each ref is unique" in err
    assert plan.read_bytes() == before


def test_a_hand_edited_file_with_a_duplicate_ref_or_bad_date_names_the_line(plan, capsys):
    data = _data(plan)
    data["actions"] = [{"ref": "A", "action": "x", "target": "2010-13-01"}, {"ref": "a", "action": "y"}]
    plan.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    before = plan.read_bytes()
    code, out, err = run(capsys, "plan", "add", str(plan), "--ref", "B", "--action", "z")
    assert code == 2 and plan.read_bytes() == before
    lines = err.splitlines()
    assert any("actions[0].target: '2010-13-01' is not a date" in line for line in lines)
    assert any("actions[1].ref: ref 'a' is already used by actions[0]; each ref must be unique" in line for line in lines)
    assert all(line.startswith(f"error: {plan}:") for line in lines)


def test_unknown_fields_are_kept_on_save(plan, capsys):
    data = _data(plan)
    data["board"] = "DV strategic board"
    data["actions"] = [{"ref": "A", "action": "x", "risk": "high", "progress": [{"on": "2010-01-01", "text": "t", "source": "minutes"}]}]
    plan.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert run(capsys, "plan", "update", str(plan), "A", "--rag", "red")[0] == 0
    saved = _data(plan)
    assert saved["board"] == "DV strategic board"
    assert saved["actions"][0]["risk"] == "high" and saved["actions"][0]["progress"][0]["source"] == "minutes"


def test_update_of_an_unknown_ref_lists_the_refs(plan, capsys):
    run(capsys, "plan", "add", str(plan), "--ref", "A", "--action", "x")
    code, _, err = run(capsys, "plan", "update", str(plan), "B", "--rag", "red")
    assert code == 2 and err == f"error: no action with ref 'B' in {plan} (refs: A)\n"


def test_a_plan_file_is_private_and_new_refuses_to_replace_one(plan, capsys):
    assert plan.stat().st_mode & 0o777 == 0o600
    code, _, err = run(capsys, "plan", "new", "-o", str(plan), "--area", "Other")
    assert code == 2 and "already exists" in err
