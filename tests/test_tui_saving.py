"""Nothing typed is ever lost, and nothing on disk is ever overwritten behind anyone's back."""

from __future__ import annotations

import errno
import time

import pytest
import yaml

from csf import store
from csf.assessment import Answer, new_assessment
from csf.registry import Registry
from csf.tui.screens import assessment as assessment_screen
from csf.tui.screens.assessment import AssessmentScreen
from csf.tui.screens.conflict import ConflictDialog
from csf.tui.widgets.status import StatusLine
from textual.widgets import Button, TextArea
from textual.widgets._toast import Toast
from textual.widgets.tree import TreeNode

from .helpers import mini, write_yaml
from .tuikit import app_for, at_first_item, lambeth_copy, settle


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")


def someone_else_answers(path, item_id: str, practice: str) -> bytes:
    """Another window or person saves the file: what they wrote must survive."""
    loaded = store.load(path, Registry())
    store.save(path, loaded.assessment.with_answer(item_id, Answer(practice=practice), "someone"), loaded.digest)
    return path.read_bytes()


async def test_quitting_mid_typing_keeps_the_text(tmp_path, monkeypatch):
    monkeypatch.setattr(assessment_screen, "AUTOSAVE_DELAY", 60)  # only the quit can have saved it
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.press(*"We meet", "ctrl+q")
    assert store.load(path, Registry()).assessment.answer("1.1").practice == "We meet"


def disk_full(path, payload) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def toasts(app) -> str:
    """The notifications on screen, as the person reads them."""
    return "\n".join(str(toast.render()) for toast in app.screen.query(Toast))


async def test_a_save_that_fails_at_quit_keeps_the_app_open_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(assessment_screen, "AUTOSAVE_DELAY", 60)  # only the quit tries to save
    path = lambeth_copy(tmp_path)
    before = path.read_bytes()
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await at_first_item(app, pilot)
        monkeypatch.setattr(store, "write_atomic", disk_full)
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.press(*"We meet", "ctrl+q")
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, AssessmentScreen)
        assert app.screen.query_one("#practice", TextArea).text == "We meet"
        assert "Could not save assessments/lambeth.yaml" in toasts(app)
        assert "No space left on device" in toasts(app)
        assert path.read_bytes() == before
        monkeypatch.undo()  # space freed
        await pilot.press("ctrl+q")
    assert store.load(path, Registry()).assessment.answer("1.1").practice == "We meet"


async def test_quitting_twice_with_the_disk_still_full_leaves_and_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(assessment_screen, "AUTOSAVE_DELAY", 60)
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        monkeypatch.setattr(store, "write_atomic", disk_full)
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.press(*"We meet", "ctrl+q")
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert not app.is_running
    [line] = app.close_sessions()  # as csf's run() does once the app has stopped, onto stderr
    assert line.startswith("error: could not save assessments/lambeth.yaml: No space left on device;")


async def test_a_change_is_on_disk_within_the_autosave_delay(tmp_path, monkeypatch):
    monkeypatch.setattr(assessment_screen, "AUTOSAVE_DELAY", 0.2)
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        app.screen.query_one("#practice", TextArea).text = "A paragraph nobody saved by hand."
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert store.load(path, Registry()).assessment.answer("1.1").practice == "A paragraph nobody saved by hand."
        assert app.screen.query_one(StatusLine).right.endswith("· saved")


async def conflict_on_screen(app, pilot, path) -> bytes:
    """Someone else writes this item's practice; then this window writes it otherwise and saves."""
    theirs = someone_else_answers(path, "1.1", "Their paragraph.")
    app.screen.query_one("#practice", TextArea).text = "My paragraph."
    app.screen.query_one("#rating").focus()
    await pilot.press("2")
    await settle(app, pilot)
    assert isinstance(app.screen, ConflictDialog)
    assert path.read_bytes() == theirs
    return theirs


async def test_file_changed_on_disk_is_not_overwritten_and_keep_both_keeps_mine(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        theirs = await conflict_on_screen(app, pilot, path)
        app.screen.query_one("#keep-both", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.session.answer("1.1").practice == "Their paragraph."
        assert app.screen.query_one("#practice", TextArea).text == "Their paragraph."
        await pilot.press("ctrl+q")
    assert path.read_bytes() == theirs
    [mine] = (tmp_path / "assessments").glob("lambeth.mine-*.yaml")
    kept = store.load(mine, Registry()).assessment
    assert (kept.answer("1.1").rating, kept.answer("1.1").practice) == ("partly-met", "My paragraph.")


async def test_after_keeping_both_the_window_shows_theirs_and_edits_save_on_top(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await at_first_item(app, pilot)
        theirs = await conflict_on_screen(app, pilot, path)
        app.screen.query_one("#keep-both", Button).press()
        await settle(app, pilot)
        [mine] = (tmp_path / "assessments").glob("lambeth.mine-*.yaml")
        assert f"Your version is in assessments/{mine.name}." in toasts(app)
        assert app.screen.session.answer("1.1").rating is None
        assert "2 ( )" in str(app.screen.query_one("#rating").get_option_at_index(1).prompt)
        app.screen.query_one("#rating").focus()
        await pilot.press("1")  # later edits save normally, on top of theirs
        await settle(app, pilot)
    now = store.load(path, Registry()).assessment
    assert path.read_bytes() != theirs
    assert (now.answer("1.1").rating, now.answer("1.1").practice) == ("fully-met", "Their paragraph.")
    kept = store.load(mine, Registry()).assessment
    assert (kept.answer("1.1").rating, kept.answer("1.1").practice) == ("partly-met", "My paragraph.")


async def test_changes_saved_elsewhere_to_other_items_are_merged_without_asking(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await at_first_item(app, pilot)
        someone_else_answers(path, "2.1", "Their paragraph.")
        app.screen.query_one("#rating").focus()
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, AssessmentScreen)  # no dialog: nothing to choose
        assert "their changes and yours are merged" in toasts(app)
        assert app.screen.session.answer("2.1").practice == "Their paragraph."
        await pilot.press("ctrl+q")
    now = store.load(path, Registry()).assessment
    assert (now.answer("1.1").rating, now.answer("2.1").practice) == ("partly-met", "Their paragraph.")
    assert not list((tmp_path / "assessments").glob("lambeth.mine-*.yaml"))


async def test_quitting_during_a_conflict_keeps_both_without_asking(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        theirs = await conflict_on_screen(app, pilot, path)
        await pilot.press("ctrl+q")
    assert path.read_bytes() == theirs
    [mine] = (tmp_path / "assessments").glob("lambeth.mine-*.yaml")
    assert store.load(mine, Registry()).assessment.answer("1.1").practice == "My paragraph."


async def test_a_thousand_items_stay_responsive(tmp_path, monkeypatch):
    """Moving and typing relabel only the outline lines whose mark changed."""
    sections = [
        {"id": str(s), "number": str(s), "title": f"Factor {s}", "description": "What this factor is about. " * 8,
         "items": [{"id": f"{s}.{i}", "text": f"Good practice {s}.{i}: " + "a fairly long checklist sentence " * 3}
                   for i in range(1, 51)]}
        for s in range(1, 21)
    ]
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    write_yaml(frameworks / "big.yaml", mini(id="big", sections=sections))
    (tmp_path / "assessments").mkdir()
    path = tmp_path / "assessments" / "big.yaml"
    registry = Registry([frameworks])
    store.create(path, new_assessment(registry.get("big"), "Bigborough"))
    relabelled: list[str] = []
    set_label = TreeNode.set_label
    monkeypatch.setattr(TreeNode, "set_label", lambda node, label: (relabelled.append(node.data), set_label(node, label)))
    app = app_for(tmp_path, path, frameworks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        started = time.perf_counter()
        app.screen.query_one("#rating").focus()
        await pilot.press("1", "ctrl+n", "2", "ctrl+n", "ctrl+down", "ctrl+up")
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.press(*"typing")
        await settle(app, pilot)
        elapsed = time.perf_counter() - started
        assert app.screen.current_key == "item:1.3"
        await pilot.press("ctrl+q")
    assert elapsed < 5, f"took {elapsed:.1f}s"
    assert set(relabelled) <= {"section:1", "item:1.1", "item:1.2", "item:1.3"}
    assert yaml.safe_load(path.read_text())["answers"]["1.3"]["practice"] == "typing"


async def test_file_deleted_while_open_keep_both_carries_on_in_my_copy(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        path.unlink()
        app.screen.query_one("#rating").focus()
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictDialog)
        app.screen.query_one("#keep-both", Button).press()
        await settle(app, pilot)
        mine = app.screen.session.path
        assert mine.name.startswith("lambeth.mine-") and not path.exists()
        app.screen.query_one("#rating").focus()
        await pilot.press("1")
        await pilot.press("ctrl+q")
    assert store.load(mine, Registry()).assessment.answer("1.1").rating == "fully-met"
