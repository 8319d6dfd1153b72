"""The TUI as a borough DV lead uses it: start an assessment, answer items, find what is left."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from csf import store
from csf.assessment import new_assessment
from csf.cli import main
from csf.registry import Registry
from csf.tui.screens.assessment import AUTOSAVE_DELAY, AssessmentScreen
from csf.tui.screens.evidence import EvidenceForm
from csf.tui.screens.help import HelpScreen
from csf.tui.screens.home import HomeScreen
from csf.tui.screens.new_assessment import NewAssessment
from csf.tui.screens.summary import SummaryScreen
from csf.tui.widgets.evidence import EvidenceList
from csf.tui.widgets.figures import FiguresForm
from csf.tui.widgets.outline import Outline
from csf.tui.widgets.status import StatusLine
from textual import events
from textual.geometry import Region
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea

from .helpers import CSF_VERSION, run
from .tuikit import app_for, at_first_item, derived_framework, lambeth_copy, settle

BVPI = Registry().get("bvpi-225")


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch):
    """Every test in a directory of its own: exports/ and relative names land there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")


async def answer(app, pilot, rating_key: str, practice: str, evidence: str | None = None) -> None:
    """Rate the item on screen with one key, write its practice, optionally add one evidence entry."""
    app.screen.query_one("#rating").focus()
    await pilot.press(rating_key)
    app.screen.query_one("#practice", TextArea).text = practice
    if evidence is not None:
        await add_evidence(app, pilot, evidence)
    await settle(app, pilot)


async def add_evidence(app, pilot, fields: str) -> EvidenceForm:
    """Open the evidence form with `a`, fill it ('description|source|date|owner') and press Enter."""
    app.screen.query_one(EvidenceList).focus()
    await pilot.press("a")
    form = app.screen
    assert isinstance(form, EvidenceForm)
    for name, value in zip(("description", "source", "date", "owner"), fields.split("|")):
        form.query_one(f"#{name}", Input).value = value
    form.query_one("#description", Input).focus()
    await pilot.press("enter")
    return form


async def test_new_assessment_from_the_home_screen(tmp_path):
    lambeth_copy(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(0)[:4]] == ["Lambeth", "0/49", "not scored", f"partnership-csf {CSF_VERSION}"]
        await pilot.press("n")
        assert isinstance(app.screen, NewAssessment)
        app.screen.query_one("#framework", Select).value = ("bvpi-225", BVPI.version)
        app.screen.query_one("#area", Input).value = "Tower Hamlets"
        app.screen.query_one("#period", Input).value = "2007-08"
        await pilot.pause()
        assert app.screen.query_one("#file", Input).value == "assessments/tower-hamlets-bvpi-225.yaml"
        app.screen.query_one("#area", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.query_one(StatusLine).left == f"Tower Hamlets 2007-08 · {BVPI.label}"
        await answer(app, pilot, "1", "A directory of services, updated in 2007.")
        await pilot.press("ctrl+q")
    created = store.load(tmp_path / "assessments" / "tower-hamlets-bvpi-225.yaml", Registry()).assessment
    assert (created.area, created.period, created.period_end) == ("Tower Hamlets", "2007-08", "2008-03-31")
    assert created.answer("Q1").rating == "yes" and created.answer("Q1").practice == "A directory of services, updated in 2007."
    assert json.loads((tmp_path / "state" / "recent.json").read_text()) == [str(tmp_path / "assessments" / "tower-hamlets-bvpi-225.yaml")]


async def test_new_assessment_names_framework_files_it_cannot_read(tmp_path):
    frameworks = derived_framework(tmp_path / "frameworks")
    (frameworks / "broken.yaml").write_text("id: [unclosed\n")
    app = app_for(tmp_path, frameworks=frameworks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewAssessment)
        problem = str(app.screen.query_one("#new-problem", Static).content)
        assert problem.startswith("! Not offered: these framework files cannot be read.")
        assert "broken.yaml:2: not valid YAML" in problem
        app.screen.query_one("#framework", Select).value = ("derived", "1.0")  # the good file is still offered
        await pilot.pause()
        assert app.screen.query_one("#file", Input).value == "assessments/AREA-derived.yaml"

    nowhere = app_for(tmp_path, frameworks=tmp_path / "nowhere")  # a mistyped --frameworks-dir
    async with nowhere.run_test(size=(80, 24)) as pilot:
        await settle(nowhere, pilot)
        await pilot.press("n")
        assert "frameworks directory not found" in str(nowhere.screen.query_one("#new-problem", Static).content)
        await pilot.press("enter")
        assert isinstance(nowhere.screen, NewAssessment)


async def test_the_home_screen_names_a_file_it_cannot_open(tmp_path):
    (tmp_path / "assessments").mkdir()
    (tmp_path / "assessments" / "broken.yaml").write_text("area: [unclosed\n")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert str(row[0]) == "(cannot open)" and str(row[4]).startswith("broken.yaml\nline 2: not valid YAML")


async def test_the_home_table_shows_every_cell_in_full(tmp_path, monkeypatch):
    """Even when the screen is drawn before the table has measured its rows (as under load)."""
    shutil.copy(lambeth_copy(tmp_path), tmp_path / "assessments" / "lambeth [old].yaml")
    fill = HomeScreen._fill

    def fill_then_draw(screen, rows):
        fill(screen, rows)
        table = screen.query_one(DataTable)
        table.render_lines(Region(0, 0, table.size.width, table.size.height))

    monkeypatch.setattr(HomeScreen, "_fill", fill_then_draw)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        lines = [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, 3))]
    assert lines[1].split() == ["Lambeth", "0/49", "not", "scored", "partnership-csf", CSF_VERSION, "lambeth", "[old].yaml"]
    assert lines[2].split() == ["Lambeth", "0/49", "not", "scored", "partnership-csf", CSF_VERSION, "lambeth.yaml"]


async def test_answers_on_partnership_csf_survive_quit_and_reopen(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        assert app.screen.current_key == "item:1.1"
        await answer(app, pilot, "1", "Strategic board chaired by the deputy chief executive.\n\nMeets monthly.",
                     "Board terms of reference|intranet|2009-04-01|Community safety manager")
        await pilot.press("ctrl+down")
        await answer(app, pilot, "2", "Most agencies send a senior officer.")
        await pilot.press("ctrl+down")
        await answer(app, pilot, "4", "")
        app.screen.query_one("#notes", TextArea).text = "No separate chair: the board is chaired by the council."
        await pilot.press("ctrl+q")
    saved = store.load(path, Registry()).assessment
    first = saved.answer("1.1")
    assert (first.rating, first.practice) == ("fully-met", "Strategic board chaired by the deputy chief executive.\n\nMeets monthly.")
    assert [(e.description, e.source, e.date, e.owner) for e in first.evidence] == [
        ("Board terms of reference", "intranet", "2009-04-01", "Community safety manager")
    ]
    assert (saved.answer("1.2").rating, saved.answer("1.2").practice) == ("partly-met", "Most agencies send a senior officer.")
    assert saved.answer("1.3").rating == "not-applicable"
    assert saved.answer("1.3").notes == "No separate chair: the board is chaired by the council."

    again = app_for(tmp_path, path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        await again.screen.go_to("item:1.1")
        await settle(again, pilot)
        page = again.screen
        assert page.query_one("#practice", TextArea).text == first.practice
        assert "1 (•) Fully met" in str(page.query_one("#rating", OptionList).get_option_at_index(0).prompt)
        assert "Board terms of reference" in str(page.query_one(EvidenceList).get_option_at_index(0).prompt)


async def test_editing_and_removing_evidence(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await answer(app, pilot, "1", "Practice.")
        form = await add_evidence(app, pilot, "Minutes|minutes|20090312|")  # Python reads it; the file format does not
        assert app.screen is form  # the date was refused
        assert "'20090312' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31" in str(form.query_one("#form-problem", Static).content)
        form.query_one("#date", Input).value = "2009-W11-4"
        await pilot.press("enter")
        assert app.screen is form
        assert "'2009-W11-4' is not a date: write it as" in str(form.query_one("#form-problem", Static).content)
        form.query_one("#date", Input).value = "2009-03-01"
        form.query_one("#date", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        app.screen.query_one(EvidenceList).focus()
        await pilot.press("enter")  # edit the highlighted entry
        app.screen.query_one("#owner", Input).value = "DV co-ordinator"
        app.screen.query_one("#owner", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert store.load(path, Registry()).assessment.answer("1.1").evidence[0].owner == "DV co-ordinator"
        await pilot.press("delete")
        await pilot.press("shift+tab", "enter")  # focus starts on "Keep it"; the button before it removes
        await settle(app, pilot)
    assert store.load(path, Registry()).assessment.answer("1.1").evidence == ()


async def test_derived_answer_figures_and_override(tmp_path):
    frameworks = derived_framework(tmp_path / "frameworks")
    path = tmp_path / "assessments" / "camden-derived.yaml"
    path.parent.mkdir()
    assert main(["--frameworks-dir", str(frameworks), "new", "--framework", "derived", "--area", "Camden", "-o", str(path)]) == 0
    app = app_for(tmp_path, path, frameworks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        derivation = app.screen.query_one("#derivation", Static)
        assert "No answer from the figures yet (needs: Refuge places; Population)." == str(derivation.content)
        figures = app.screen.query_one(FiguresForm)
        figures.query_one("#figure-places", Input).value = "23"
        figures.query_one("#figure-population", Input).value = "227,500"
        figures.query_one("#figure-population", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert str(derivation.content) == ("= Yes, worked out from the figures: “at least 1 place per 10,000 people” is met "
                                           "with Refuge places 23 and Population 227,500.")
        assert app.screen.query_one(StatusLine).right.startswith("1 of 2 answered · score 50.0%")
        app.screen.query_one("#rating").focus()
        await pilot.press("2")
        await settle(app, pilot)
        assert str(derivation.content).startswith("! Overridden: you chose No; the figures give Yes")
        assert app.screen.query_one(StatusLine).right.startswith("1 of 2 answered · score 0.0%")
        figures.query_one("#figure-places", Input).value = "2x"
        figures.query_one("#figure-places", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "'2x' is not a number, so no figure is saved" in str(figures.query_one("#figures-problems", Static).content)
        assert "needs: Refuge places" in str(derivation.content)  # not the 23 typed before it
    answer_ = store.load(path, Registry([frameworks])).assessment.answer("Q1")
    assert (answer_.rating, dict(answer_.inputs)) == ("no", {"population": 227500})


async def test_next_unanswered_skips_answered_items_and_wraps(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await answer(app, pilot, "4", "")
        await app.screen.go_to("item:1.3")
        await settle(app, pilot)
        await answer(app, pilot, "4", "")
        await app.screen.go_to("item:1.1")
        await pilot.press("ctrl+n")
        assert app.screen.current_key == "item:1.2"
        await pilot.press("ctrl+n")
        assert app.screen.current_key == "item:1.4"
        await app.screen.go_to("item:6.14")
        await pilot.press("ctrl+n")
        assert app.screen.current_key == "item:1.2"


async def test_find_and_go_to_factor(tmp_path):
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await pilot.press("ctrl+f")
        app.screen.query_one("#query", Input).value = "golden thread"
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen.current_key == "item:1.7"
        await pilot.press("ctrl+g", "down", "down", "enter")
        assert app.screen.current_key == "section:3"
        assert app.screen.query_one(Outline).cursor_node.data == "section:3"  # the outline follows


async def test_summary_shows_scores_and_jumps_to_a_finding(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        # fully met with no evidence: a rule problem (Lambeth's factor narrative counts as its practice)
        await answer(app, pilot, "1", "")
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, SummaryScreen)
        todo = app.screen.query_one("#todo", OptionList)
        assert todo.option_count == 1 + 48
        assert str(app.screen.query_one("#todo-title", Static).content).startswith("To do: 1 rule problem(s), 48 not answered.")
        await pilot.press("down", "enter")  # the first unanswered item, 1.2
        assert isinstance(app.screen, AssessmentScreen) and app.screen.current_key == "item:1.2"
        await pilot.press("ctrl+r", "e")
        await pilot.press("enter")  # Word, the first format
        await settle(app, pilot)
        result = str(app.screen.query_one("#result", Static).content)
    written = sorted((tmp_path / "exports").iterdir())
    assert [p.suffix for p in written] == [".docx"]
    assert f"Written to exports/{written[0].name}." in result


async def test_header_score_is_csf_score_json_after_edits(tmp_path, capsys):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        for key in ("1", "2", "3", "4", "1", "2"):
            await answer(app, pilot, key, "What we do.")
            await pilot.press("ctrl+down")
        await app.screen.go_to("item:1.1")
        await answer(app, pilot, "3", "Changed our minds.")
        await pilot.pause(AUTOSAVE_DELAY + 0.3)  # no key pressed since the typing: the autosave timer writes it
        await settle(app, pilot)
        header = app.screen.query_one(StatusLine).right
        shown = app.screen.report.score_data()
    code, out, _ = run(capsys, "score", "--json", str(path))
    data = json.loads(out)
    assert code == 0 and shown == data
    overall = data["overall"]
    assert header == f"{overall['answered']} of {overall['total']} answered · score {overall['percent']}% · saved"
    assert header == "6 of 49 answered · score 40.0% · saved"


async def test_open_another_assessment_from_the_one_csf_open_started_on(tmp_path):
    """The palette's "Open another assessment" leaves the first screen for the list, its rating saved."""
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await pilot.press("1")
        await pilot.press("ctrl+p", *"Open another assessment")
        await pilot.pause(0.3)  # the palette searches as it is typed
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)[:2]] == ["Lambeth", "1/49"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.session.answer("1.1").rating == "fully-met"


async def test_help_palette_and_a_question_mark_typed_in_a_field(tmp_path):
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.press("question_mark", "f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen.query_one("#practice", TextArea).text == "?"
        await pilot.press("ctrl+p", *"summary")
        await pilot.pause(0.3)  # the palette searches as it is typed
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)


async def test_moving_on_quickly_keeps_each_items_figures_to_itself(tmp_path):
    """Two quick steps Q1 → Q2 → Q3: Q2's figure fields, still settling, must not fill Q3's."""
    path = tmp_path / "assessments" / "camden-bvpi-225.yaml"
    path.parent.mkdir()
    registry = Registry()
    blank = new_assessment(registry.get("bvpi-225"), "Camden")
    q2 = replace(blank.answer("Q2"), inputs={"refuge_places": 23, "population": 227500})
    store.create(path, blank.with_answer("Q2", q2, "tester"))
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.current_key == "item:Q1"
        app.screen.query_one(Outline).focus()
        for _ in range(2):  # back to back, as from a held key: the second before the first has settled
            app.post_message(events.Key("down", None))
        await settle(app, pilot)
        assert app.screen.current_key == "item:Q3"
        assert dict(app.screen.session.answer("Q3").inputs) == {}
        await pilot.press("up", "down")  # Q3 shown again: its fields are built from what it holds
        await settle(app, pilot)
        assert app.screen.query_one("#figure-households", Input).value == ""
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    saved = store.load(path, registry).assessment
    assert dict(saved.answer("Q3").inputs) == {}
    assert dict(saved.answer("Q2").inputs) == {"refuge_places": 23, "population": 227500}


async def test_every_field_follows_the_item_on_screen(tmp_path):
    """Fields left alone when they would not change must still change when they should."""
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await answer(app, pilot, "1", "Board in place.", "Board minutes|minutes|2009-03-01|")
        framework = app.screen.session.framework

        def seen() -> tuple[str, str, str, str, str]:
            page = app.screen
            chosen = [str(o.prompt) for o in page.query_one("#rating", OptionList).options if "(•)" in str(o.prompt)]
            return (str(page.query_one("#factor-heading", Static).content), str(page.query_one("#item-text", Static).content),
                    chosen[0], str(page.query_one(EvidenceList).get_option_at_index(0).prompt),
                    page.query_one("#practice", TextArea).text)

        for key, heading, rating, evidence, practice in [
            ("item:1.2", framework.section("1").heading, "Not answered yet", "No evidence yet", ""),
            ("item:1.1", framework.section("1").heading, "Fully met", "1. Board minutes", "Board in place."),
            ("item:2.1", framework.section("2").heading, "Not answered yet", "No evidence yet", ""),
        ]:
            await app.screen.go_to(key)
            await settle(app, pilot)
            shown = seen()
            assert shown[0] == heading and shown[1].startswith(key.split(":")[1])
            assert rating in shown[2] and shown[3].startswith(evidence) and shown[4] == practice


async def test_ctrl_home_and_end_go_to_the_ends_of_the_whole_text(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        practice = app.screen.query_one("#practice", TextArea)
        practice.text = "First paragraph.\n\nSecond paragraph."
        practice.focus()
        practice.move_cursor((1, 0))
        await pilot.press("ctrl+home", "A")
        await pilot.press("ctrl+end", "Z")
        await settle(app, pilot)
        assert practice.text == "AFirst paragraph.\n\nSecond paragraph.Z"
        await pilot.press("ctrl+q")
    assert store.load(path, Registry()).assessment.answer("1.1").practice == "AFirst paragraph.\n\nSecond paragraph.Z"


async def test_keys_typed_just_before_ctrl_q_are_saved(tmp_path):
    """Ctrl+Q is acted on by the app at once, while the keys before it still wait in the
    field's queue: they must reach the field, and the file, before the app closes."""
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        app.screen.query_one("#practice", TextArea).focus()
        await pilot.pause()
        for key in [*"Quick text", "ctrl+q"]:  # back to back, as from a fast typist
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
    assert store.load(path, Registry()).assessment.answer("1.1").practice == "Quick text"


async def test_a_text_field_adds_to_its_text_with_the_cursor_on_screen(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    long_text = "\n".join(f"Paragraph {n} of what the borough does." for n in range(30))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await answer(app, pilot, "1", long_text)
        await app.screen.go_to("item:1.2")
        await settle(app, pilot)
        await app.screen.go_to("item:1.1")
        await settle(app, pilot)
        practice = app.screen.query_one("#practice", TextArea)
        practice.focus()
        await pilot.press("!")
        await settle(app, pilot)
        assert practice.text == long_text + "!"  # added after the text, not in front of it
        page = app.screen.query_one("#item-page")
        assert page.region.contains_point(practice.cursor_screen_offset)  # and on screen
        await pilot.press("ctrl+home")
        await settle(app, pilot)
        assert page.region.contains_point(practice.cursor_screen_offset)
        practice.text = "Short."
        await pilot.press("ctrl+end", *["enter"] * 12, "e", "n", "d")  # the field grows past the bottom
        await settle(app, pilot)
        assert page.region.contains_point(practice.cursor_screen_offset)


def derived_app(tmp_path):
    """An app on a new assessment of the small derived-answer framework: (app, file, frameworks)."""
    frameworks = derived_framework(tmp_path / "frameworks")
    path = tmp_path / "assessments" / "camden-derived.yaml"
    path.parent.mkdir()
    store.create(path, new_assessment(Registry([frameworks]).get("derived"), "Camden"))
    return app_for(tmp_path, path, frameworks), path, frameworks


async def test_a_figure_typed_just_before_ctrl_q_is_saved(tmp_path):
    app, path, frameworks = derived_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#figure-places", Input).focus()
        await pilot.pause()
        for key in ["2", "3", "ctrl+q"]:  # the field's Changed message is still on its way at Ctrl+Q
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
    assert dict(store.load(path, Registry([frameworks])).assessment.answer("Q1").inputs) == {"places": 23}


async def test_each_figure_that_does_not_read_keeps_its_warning(tmp_path):
    app, path, frameworks = derived_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        figures = app.screen.query_one(FiguresForm)
        figures.query_one("#figure-places", Input).value = "2o"
        await pilot.pause()
        figures.query_one("#figure-population", Input).value = "227,500"  # a good figure beside the bad one
        figures.query_one("#figure-population", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert str(figures.query_one("#figures-problems", Static).content).startswith("! Refuge places: '2o' is not")
        await pilot.press("ctrl+q")
    assert dict(store.load(path, Registry([frameworks])).assessment.answer("Q1").inputs) == {"population": 227500}


async def test_moving_on_from_inside_a_text_field_lands_on_the_rating_and_tab_adds_to_the_text(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_first_item(app, pilot)
        await answer(app, pilot, "1", "Alpha.")
        await pilot.press("ctrl+down", "tab")  # into 1.2's practice
        await pilot.press("ctrl+up", "!")  # back to 1.1: on its rating, where "!" is only a hint
        practice = app.screen.query_one("#practice", TextArea)
        assert practice.text == "Alpha."
        await pilot.press("tab", "!")
        assert practice.text == "Alpha.!"


async def test_the_rating_chooser_says_what_the_highlighted_value_requires(tmp_path):
    from csf.tui.widgets.rating import RatingChooser

    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    scale = Registry().get("partnership-csf").scale
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+down")  # from factor 1 to its first item
        await settle(app, pilot)
        chooser = app.screen.query_one(RatingChooser)
        assert app.focused is chooser  # an item opens on its rating

        def shown() -> list[str]:
            return [str(chooser.get_option_at_index(i).prompt) for i in range(chooser.option_count)]

        assert not any(v.description in text for v in scale.values for text in shown())  # "Not answered yet" is highlighted
        await pilot.press("up")
        await pilot.press("up")
        await pilot.press("up")
        partly = scale.values[1]
        assert [i for i, text in enumerate(shown()) if any(v.description in text for v in scale.values)] == [1]
        assert partly.description in shown()[1] and shown()[1].startswith(f"2 ( ) {partly.label}")
        await pilot.press("up")
        assert scale.values[0].description in shown()[0] and partly.description not in shown()[1]
