"""The action plan in the TUI, as a DV lead uses it: an action from the item page, progress from the plan screen."""

from __future__ import annotations

import pytest
import yaml

from csf.tui.screens.plan import ActionForm, PlanScreen, ProgressForm
from textual.widgets import OptionList, Static

from .helpers import run
from .tuikit import app_for, settle


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")


@pytest.fixture
def assessed(tmp_path, capsys):
    path = tmp_path / "assessments" / "bexley.yaml"
    assert run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "--period", "2009-10", "-o", str(path))[0] == 0
    run(capsys, "answer", str(path), "1.1", "--rating", "not-met")
    return path


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


def plan_data(tmp_path):
    return yaml.safe_load((tmp_path / "plans" / "bexley-2009-10-plan.yaml").read_text(encoding="utf-8"))


async def test_f6_on_an_item_adds_an_action_to_a_new_plan_and_shows_it_beside_the_answer(tmp_path, assessed):
    app = app_for(tmp_path, assessed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.current_key == "item:1.2"  # the first unanswered item; go back to 1.1
        await pilot.press("ctrl+up")
        await settle(app, pilot)
        assert str(app.screen.query_one("#item-actions", Static).content) == "None yet."
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Set up a DV strategic board")
        await pilot.press("tab")
        await type_text(pilot, "Priority 1: Leadership")
        for _ in range(2):
            await pilot.press("tab")
        await type_text(pilot, "council; police")
        for _ in range(2):
            await pilot.press("tab")
        await type_text(pilot, "31/03/2010")
        await pilot.press("tab")
        await type_text(pilot, "yellow")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ActionForm)
        shown = str(app.screen.query_one("#item-actions", Static).content)
        assert shown.startswith("[AMBER] 1.1  Set up a DV strategic board") and "council, police" in shown
    data = plan_data(tmp_path)
    assert data["plan"]["assessment"] == "../assessments/bexley.yaml"
    assert data["priorities"] == [{"id": "1", "title": "Priority 1: Leadership"}]
    action = data["actions"][0]
    assert (action["ref"], action["items"], action["leads"], action["target"], action["rag"]) == (
        "1.1", ["1.1"], ["council", "police"], "2010-03-31", "amber")


async def test_the_plan_screen_lists_by_priority_in_words_and_adds_progress(tmp_path, assessed, capsys):
    plan = tmp_path / "plans" / "bexley-2009-10-plan.yaml"
    run(capsys, "plan", "new", "-o", str(plan), "--area", "Bexley", "--period", "2009-10", "--assessment", str(assessed))
    run(capsys, "plan", "add", str(plan), "--ref", "5.2 (iii)", "--action", "Train staff", "--priority", "Access",
        "--lead", "council", "--rag", "red", "--item", "1.1")
    run(capsys, "plan", "add", str(plan), "--ref", "A2", "--action", "Publicity", "--rag", "green")
    app = app_for(tmp_path, assessed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        listing = app.screen.query_one(OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert lines == ["Access  (1)", "[RED] 5.2 (iii)  Train staff  · council", "Not yet prioritised  (1)", "[GREEN] A2  Publicity"]
        assert str(app.screen.query_one("#plan-counts", Static).content).startswith("2 actions: [RED] 1  [AMBER] 0  [GREEN] 1")
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, ProgressForm)
        await type_text(pilot, "Two sessions held")
        await pilot.press("tab", "end")  # the date field: replace today's date
        for _ in range(20):
            await pilot.press("backspace")
        await type_text(pilot, "01/12/2009")
        await pilot.press("tab")
        await type_text(pilot, "council")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await settle(app, pilot)
    action = yaml.safe_load(plan.read_text(encoding="utf-8"))["actions"][0]
    assert action["progress"] == [{"on": "2009-12-01", "by": "council", "text": "Two sessions held"}]


async def test_an_unknown_rag_word_is_refused_in_the_form_and_nothing_written(tmp_path, assessed):
    app = app_for(tmp_path, assessed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await type_text(pilot, "Something")
        for _ in range(6):
            await pilot.press("tab")
        await type_text(pilot, "purple")
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        assert str(form.query_one("#form-problem", Static).content) == \
            "! 'purple' is not a RAG rating; use red, amber or green (or yellow for amber)."
        assert form.focused.id == "rag"
    assert not (tmp_path / "plans").exists()
