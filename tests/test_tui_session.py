"""The TUI's session and recent-files list, without a screen: drafts, commits, saves, conflicts."""

from __future__ import annotations

import datetime as dt
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from csf import store
from csf.errors import ConflictError
from csf.registry import Registry
from csf.tui.recent import LIMIT, RecentFiles
from csf.tui.session import Session, sibling_path

from .tuikit import WHO, lambeth_copy


@pytest.fixture
def session(tmp_path):
    return Session.open(lambeth_copy(tmp_path), Registry(), WHO)


def test_typing_makes_one_history_entry_per_field_visit(session):
    before = len(session.assessment.history)
    for text in ("W", "We", "We meet", "We meet monthly."):
        session.edit_answer("1.1", replace(session.answer("1.1"), practice=text))
        session.save()
    session.commit()
    changes = session.assessment.history[before:]
    assert [(c.item, c.field) for c in changes] == [("1.1", "practice")]
    assert store.load(session.path, Registry()).assessment.answer("1.1").practice == "We meet monthly."


def test_an_older_snapshot_never_overwrites_a_newer_save(session):
    session.edit_answer("1.1", replace(session.answer("1.1"), rating="partly-met"))
    older = session.snapshot()
    session.edit_answer("1.1", replace(session.answer("1.1"), rating="fully-met"))
    assert session.save() is True
    assert session.save(older) is False
    assert store.load(session.path, Registry()).assessment.answer("1.1").rating == "fully-met"


def test_a_save_after_someone_else_saved_other_items_merges_theirs_in(session):
    theirs = store.load(session.path, Registry())
    store.save(session.path, theirs.assessment.with_narrative("2", "Their words.", "them"), theirs.digest)
    session.edit_answer("1.1", replace(session.answer("1.1"), practice="My words."))
    assert session.save() is True and session.merged
    now = store.load(session.path, Registry()).assessment
    assert (now.answer("1.1").practice, now.narratives["2"]) == ("My words.", "Their words.")
    assert session.assessment.narratives["2"] == "Their words."


def test_closing_after_someone_else_saved_keeps_both(session, tmp_path):
    theirs = store.load(session.path, Registry())
    their_answer = replace(theirs.assessment.answer("1.1"), practice="Their words.")
    store.save(session.path, theirs.assessment.with_answer("1.1", their_answer, "them"), theirs.digest)
    on_disk = session.path.read_bytes()
    session.edit_answer("1.1", replace(session.answer("1.1"), practice="My words."))
    with pytest.raises(ConflictError):
        session.save()
    mine = session.close()
    assert session.path.read_bytes() == on_disk
    assert mine is not None and mine.name.startswith("lambeth.mine-") and mine.suffix == ".yaml"
    assert store.load(mine, Registry()).assessment.answer("1.1").practice == "My words."
    assert stat.S_IMODE(mine.stat().st_mode) == 0o600


def test_sibling_path_names_the_moment():
    assert sibling_path(Path("a/lambeth.yaml"), dt.datetime(2009, 11, 25, 14, 30, 5)).as_posix() == (
        "a/lambeth.mine-20091125-143005.yaml"
    )


def test_recent_files_newest_first_private_and_bounded(tmp_path):
    recent = RecentFiles(tmp_path / "state" / "recent.json")
    files = [tmp_path / f"{n}.yaml" for n in range(LIMIT + 2)]
    for f in files:
        f.write_text("x")
        recent.add(f)
    recent.add(files[0])
    assert recent.files()[:2] == [files[0].resolve(), files[-1].resolve()]
    assert len(recent.files()) == LIMIT
    assert stat.S_IMODE(recent.path.stat().st_mode) == 0o600
    files[-1].unlink()
    assert files[-1].resolve() not in recent.files()


def test_a_damaged_recent_list_reads_as_empty(tmp_path):
    path = tmp_path / "recent.json"
    path.write_text("{not json")
    assert RecentFiles(path).files() == []
