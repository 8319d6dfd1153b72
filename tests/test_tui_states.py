"""In progress and unknown in the TUI's summary: shown as states beside the item, never as a rating."""

from __future__ import annotations

from textual.widgets import OptionList

from csf import store
from csf.assessment import Answer, new_assessment
from csf.registry import Registry
from csf.tui.screens.summary import SummaryScreen

from .tuikit import app_for, at_first_item


async def test_summary_lists_in_progress_and_unknown_items_and_the_score_is_unchanged(tmp_path):
    framework = Registry().get("partnership-csf")
    a = new_assessment(framework, "Testborough", "2009-10")
    a = a.with_answer("1.1", Answer(rating="partly-met", practice="In part."), by="t")
    a = a.with_answer("4.1", Answer(state="in-progress", due="2010-03-31"), by="t")
    a = a.with_answer("4.2", Answer(state="unknown", reason="the board paper is silent"), by="t")
    path = tmp_path / "assessments" / "a.yaml"
    path.parent.mkdir()
    store.create(path, a)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_item(app, pilot)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, SummaryScreen)
        todo = app.screen.query_one("#todo", OptionList)
        prompts = [str(todo.get_option_at_index(i).prompt) for i in range(todo.option_count)]
        assert any("4.1 (in progress, due 2010-03-31) " in p for p in prompts)
        assert any("4.2 (unknown: the board paper is silent) " in p for p in prompts)
        card = app.screen.report.scorecard
        assert (card.format(card.overall), card.overall.answered) == ("50.0%", 1)  # as if 4.1 and 4.2 had no state
