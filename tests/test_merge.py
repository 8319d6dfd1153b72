"""csf merge: two people's edits of one assessment, merged field by field against their common base."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from csf import store
from csf.assessment import new_assessment
from csf.merge import MINE, THEIRS, merge_text
from csf.registry import Registry

from .helpers import CSF_VERSION, run

REGISTRY = Registry()


@pytest.fixture
def copies(tmp_path):
    """BASE, and MINE and THEIRS starting as copies of it."""
    base = tmp_path / "base.yaml"
    store.create(base, new_assessment(REGISTRY.get("partnership-csf"), "Testborough", "2009-10"))
    mine, theirs = tmp_path / "mine.yaml", tmp_path / "theirs.yaml"
    shutil.copy(base, mine)
    shutil.copy(base, theirs)
    return base, mine, theirs


def answer(capsys, path: Path, item: str, *options: str, by: str = "police") -> None:
    code, _, err = run(capsys, "answer", str(path), item, *options, "--by", by)
    assert code == 0, err


def merged(capsys, copies, out: Path) -> tuple[int, str, dict]:
    code, stdout, err = run(capsys, "merge", *map(str, copies), "-o", str(out))
    return code, err, yaml.safe_load(out.read_text(encoding="utf-8"))


def test_edits_to_different_items_merge_cleanly(copies, capsys, tmp_path):
    base, mine, theirs = copies
    answer(capsys, mine, "1.1", "--rating", "fully-met", "--practice", "Police attend every MARAC.", by="police")
    answer(capsys, theirs, "1.2", "--rating", "partly-met", "--notes", "Health joins in May.", by="health")
    code, err, data = merged(capsys, copies, tmp_path / "out.yaml")
    assert (code, err) == (0, "")
    assert data["answers"]["1.1"] == {"rating": "fully-met", "practice": "Police attend every MARAC."}
    assert data["answers"]["1.2"] == {"rating": "partly-met", "notes": "Health joins in May."}
    assert {(c["by"], c["item"]) for c in data["history"]} == {("police", "1.1"), ("health", "1.2")}
    assert "conflicts" not in data
    assert run(capsys, "validate", str(tmp_path / "out.yaml"))[0] == 0


def test_different_fields_of_one_item_merge_cleanly(copies, capsys, tmp_path):
    base, mine, theirs = copies
    answer(capsys, mine, "1.1", "--rating", "not-met")
    answer(capsys, theirs, "1.1", "--notes", "Ask the CSP.", "--evidence", "Minutes, June", by="health")
    code, err, data = merged(capsys, copies, tmp_path / "out.yaml")
    assert (code, err) == (0, "")
    assert data["answers"]["1.1"] == {"rating": "not-met", "evidence": [{"description": "Minutes, June"}], "notes": "Ask the CSP."}


def test_different_sentences_of_one_text_merge_word_by_word():
    base = "The MARAC meets monthly. Police chair it. Health attends when asked."
    mine = "The MARAC meets fortnightly. Police chair it. Health attends when asked."
    theirs = "The MARAC meets monthly. Police chair it. Health attends every meeting."
    assert merge_text(base, mine, theirs) == ("The MARAC meets fortnightly. Police chair it. Health attends every meeting.", True)


def test_one_text_changed_both_ways_keeps_both_marked_until_a_person_chooses(copies, capsys, tmp_path):
    base, mine, theirs = copies
    answer(capsys, base, "1.1", "--practice", "The MARAC meets monthly.")
    shutil.copy(base, mine)
    shutil.copy(base, theirs)
    answer(capsys, mine, "1.1", "--practice", "The MARAC meets fortnightly.")
    answer(capsys, theirs, "1.1", "--practice", "The MARAC meets weekly.", by="health")
    out = tmp_path / "out.yaml"
    code, err, data = merged(capsys, copies, out)
    assert code == 1 and "conflict: answers › 1.1 › practice: changed both ways; both texts are kept between" in err
    assert data["answers"]["1.1"]["practice"] == f"The MARAC meets \n{MINE}\nfortnightly.\n=======\nweekly.\n{THEIRS}\n"
    code, stdout, _ = run(capsys, "check", str(out))
    assert code == 1 and "conflict: answers › 1.1 › practice: changed both ways" in stdout
    answer(capsys, out, "1.1", "--practice", "The MARAC meets fortnightly.")
    code, stdout, _ = run(capsys, "check", str(out))
    assert "conflict" not in stdout
    assert "conflicts" not in yaml.safe_load(out.read_text(encoding="utf-8"))  # settled: the record went with the save


def test_a_rating_changed_both_ways_keeps_mine_in_place_and_names_theirs(copies, capsys, tmp_path):
    base, mine, theirs = copies
    answer(capsys, mine, "1.1", "--rating", "fully-met")
    answer(capsys, theirs, "1.1", "--rating", "not-met", by="health")
    out = tmp_path / "out.yaml"
    code, err, data = merged(capsys, copies, out)
    assert code == 1 and "conflict: answers › 1.1 › rating: mine 'fully-met', theirs 'not-met', mine kept for now" in err
    assert data["answers"]["1.1"]["rating"] == "fully-met"
    assert data["conflicts"] == [{"field": ["answers", "1.1", "rating"], "mine": "fully-met", "theirs": "not-met", "kept": "fully-met"}]
    code, stdout, _ = run(capsys, "check", str(out))
    assert code == 1 and "conflict: answers › 1.1 › rating: mine 'fully-met', theirs 'not-met'" in stdout
    answer(capsys, out, "1.1", "--rating", "not-met", by="chair")
    assert "conflict" not in run(capsys, "check", str(out))[1]


def test_entries_with_ids_and_fields_csf_does_not_know_merge_too(copies, capsys, tmp_path):
    base, mine, theirs = copies
    entry = "answers:\n  '1.1':\n    evidence:\n    - id: e1\n      description: Minutes\n"
    for path in copies:
        path.write_text(path.read_text(encoding="utf-8").replace("answers: {}\n", entry), encoding="utf-8")
    mine.write_text(mine.read_text(encoding="utf-8").replace("description: Minutes", "description: Minutes, June")
                    + "board_reference: DSVB/7\n", encoding="utf-8")
    theirs.write_text(theirs.read_text(encoding="utf-8").replace(
        "      description: Minutes\n", "      description: Minutes\n    - id: e2\n      description: Audit\n")
        + "documents:\n- id: d1\n  title: Strategy\n", encoding="utf-8")
    code, err, data = merged(capsys, copies, tmp_path / "out.yaml")
    assert (code, err) == (0, "")
    assert data["answers"]["1.1"]["evidence"] == [{"id": "e1", "description": "Minutes, June"}, {"id": "e2", "description": "Audit"}]
    assert data["board_reference"] == "DSVB/7" and data["documents"] == [{"id": "d1", "title": "Strategy"}]


def test_files_for_different_framework_versions_are_refused(copies, capsys, tmp_path):
    base, mine, theirs = copies
    theirs.write_text(theirs.read_text(encoding="utf-8").replace(f"version: '{CSF_VERSION}'", "version: '2010.1'"), encoding="utf-8")
    code, _, err = run(capsys, "merge", *map(str, copies))
    assert code == 2 and "different frameworks" in err and "csf migrate" in err


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def test_git_merges_two_branches_edits_with_the_driver(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "dv-coordinator@example.org")
    git(repo, "config", "user.name", "Co-ordinator")
    git(repo, "config", "merge.csf.name", "csf assessment merge")
    git(repo, "config", "merge.csf.driver", f"{sys.executable} -m csf merge --git %O %A %B")
    (repo / ".gitattributes").write_text("*.yaml merge=csf\n")
    path = repo / "lambeth.yaml"
    store.create(path, new_assessment(REGISTRY.get("partnership-csf"), "Lambeth", "2009-10"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    git(repo, "checkout", "-q", "-b", "health")
    answer(capsys, path, "1.2", "--rating", "partly-met", "--practice", "Health joins the MARAC.", by="health")
    git(repo, "commit", "-q", "-am", "health's answers")
    git(repo, "checkout", "-q", "main")
    answer(capsys, path, "1.1", "--rating", "fully-met", "--practice", "Police chair the MARAC.", by="police")
    git(repo, "commit", "-q", "-am", "police's answers")
    git(repo, "merge", "-q", "--no-edit", "health")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"]["1.1"]["practice"] == "Police chair the MARAC."
    assert data["answers"]["1.2"]["practice"] == "Health joins the MARAC."
    assert {c["by"] for c in data["history"]} == {"police", "health"}
    assert git(repo, "status", "--porcelain") == ""


async def test_the_tui_names_a_conflict_left_by_a_merge(copies, capsys, tmp_path):
    from .tuikit import app_for, settle
    from .test_tui_saving import toasts

    base, mine, theirs = copies
    answer(capsys, mine, "1.1", "--rating", "fully-met")
    answer(capsys, theirs, "1.1", "--rating", "not-met", by="health")
    out = tmp_path / "out.yaml"
    assert merged(capsys, copies, out)[0] == 1
    app = app_for(tmp_path, out)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert "Merge conflict: answers › 1.1 › rating: mine 'fully-met', theirs 'not-met'" in toasts(app)
