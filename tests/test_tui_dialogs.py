"""The small dialogs as a tester found them: pasting, where the cursor goes, which messages stay."""

from __future__ import annotations

import json

import pytest

from csf.registry import Registry
from csf.tui.screens.assessment import AssessmentScreen
from csf.tui.screens.evidence import EvidenceForm
from csf.tui.screens.export import ExportDialog
from csf.tui.screens.new_assessment import NewAssessment
from csf.tui.widgets.evidence import EvidenceList
from textual import events
from textual.widgets import Input, OptionList, Select, Static

from .tuikit import app_for, at_first_item, lambeth_copy, settle

PASTED = "Partnership board minutes,\n  March 2009 \n\n(agenda item 4)\n"
AS_ONE_LINE = "Partnership board minutes, March 2009 (agenda item 4)"


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch):
    """Every test in a directory of its own: exports/ and relative names land there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")


async def open_evidence_form(app, pilot) -> EvidenceForm:
    app.screen.query_one(EvidenceList).focus()
    await pilot.press("a")
    assert isinstance(app.screen, EvidenceForm)
    return app.screen


async def test_a_paste_of_several_lines_is_kept_whole_on_one_line(tmp_path):
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        form = await open_evidence_form(app, pilot)
        description = form.query_one("#description", Input)
        assert app.focused is description
        await pilot.press(*"Seen: ")
        app.post_message(events.Paste(PASTED))  # as the terminal sends a paste
        await pilot.pause()
        assert description.value == f"Seen: {AS_ONE_LINE}"

        form.query_one("#owner", Input).focus()
        app.copy_to_clipboard("DV co-ordinator\nCommunity safety")  # e.g. copied from the practice text
        await pilot.press("ctrl+v")
        assert form.query_one("#owner", Input).value == "DV co-ordinator Community safety"
    home = app_for(tmp_path)
    async with home.run_test(size=(80, 24)) as pilot:
        await settle(home, pilot)
        await pilot.press("n")
        area = home.screen.query_one("#area", Input)
        area.focus()
        home.post_message(events.Paste("Tower\nHamlets\n"))
        await pilot.pause()
        assert area.value == "Tower Hamlets"


async def test_a_refused_date_puts_the_cursor_in_the_date_field(tmp_path):
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        form = await open_evidence_form(app, pilot)
        form.query_one("#description", Input).value = "Board minutes"
        form.query_one("#date", Input).value = "2009-13-45"
        await pilot.click("#keep")
        assert app.screen is form
        assert "'2009-13-45' is not a date" in str(form.query_one("#form-problem", Static).content)
        assert app.focused is form.query_one("#date", Input)

        form.query_one("#description", Input).value = ""
        await pilot.press("enter")
        assert str(form.query_one("#form-problem", Static).content) == "! Say what the evidence is."
        assert app.focused is form.query_one("#description", Input)


async def test_a_new_assessment_needs_a_framework_chosen_and_a_message_goes_once_put_right(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, NewAssessment)
        framework = dialog.query_one("#framework", Select)
        problem = dialog.query_one("#new-problem", Static)
        assert framework.is_blank() and app.focused is framework
        dialog.query_one("#area", Input).value = "Camden"
        await pilot.pause()
        dialog.query_one("#area", Input).focus()
        await pilot.press("enter")  # early: no framework chosen yet
        assert app.screen is dialog
        assert str(problem.content) == "! Choose a framework."
        assert app.focused is framework
        framework.value = ("bvpi-225", Registry().get("bvpi-225").version)
        await pilot.pause()
        assert str(problem.content) == ""

        dialog.query_one("#area", Input).value = ""
        dialog.query_one("#period", Input).focus()
        await pilot.press("enter")
        assert str(problem.content) == "! the area (borough or partnership name) must not be empty"
        assert app.focused is dialog.query_one("#area", Input)
        await pilot.press(*"Camden")
        assert str(problem.content) == ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssessmentScreen)
    assert (tmp_path / "assessments" / "camden-bvpi-225.yaml").exists()


async def test_export_fields_in_cursor_order_and_enter_in_the_marking_writes(tmp_path):
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        formats, marking = dialog.query_one("#formats", OptionList), dialog.query_one("#marking", Input)
        assert app.focused is formats
        assert formats.region.y < marking.region.y  # the cursor starts in the first field shown
        await pilot.press("down", "down", "down")  # .json
        await pilot.press("tab")
        assert app.focused is marking
        await pilot.press(*"OFFICIAL", "enter")
        await settle(app, pilot)
        result = str(dialog.query_one("#result", Static).content)
    written = sorted((tmp_path / "exports").iterdir())
    assert [p.suffix for p in written] == [".json"]
    assert f"Written to exports/{written[0].name}." in result
    assert json.loads(written[0].read_text())["marking"] == "OFFICIAL"
