"""The keyboard contract, pressed as a person presses it and read back from the file.

Arriving at an item by any route puts the cursor on its rating, so a digit rates it;
Tab goes rating → current practice → evidence → notes → the next item; a key that
nothing takes says so. These tests only press keys (and click once, in the outline):
no focus() calls, no widget values set from the test.
"""

from __future__ import annotations

import pytest

from csf import store
from csf.registry import Registry
from textual.geometry import Region
from textual.widgets import TextArea

from .helpers import CSF_VERSION
from .tuikit import app_for, lambeth_copy, settle

RATINGS = {"1": "fully-met", "2": "partly-met", "3": "not-met", "4": "not-applicable"}


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")


def saved(path):
    return store.load(path, Registry()).assessment


def hints(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_issue_as_reported_ctrl_n_digit_tab_sentence_ctrl_q(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "2", "tab", *"We meet.", "ctrl+q")
    answer = saved(path).answer("1.1")
    assert (answer.rating, answer.practice) == ("partly-met", "We meet.")


async def test_every_route_to_an_item_then_a_digit_rates_that_item(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    rated: dict[str, str] = {}

    async def rate(digit: str) -> None:
        key = app.screen.current_key
        await pilot.press(digit)
        rated[key.split(":", 1)[1]] = RATINGS[digit]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")  # from Lambeth's first factor to 1.1
        await rate("1")
        for keys, digit in [
            (["ctrl+n"], "2"), (["ctrl+down"], "3"), (["f8"], "4"), (["ctrl+up"], "1"), (["f7"], "2"),
            (["ctrl+f", *"golden", "enter"], "3"),  # Ctrl+F: 1.7, "golden thread"
            (["ctrl+p", *"Go to 2.3", "enter"], "1"),  # the palette
            (["ctrl+r", "down", "enter"], "2"),  # a line of the summary's to-do list
            (["escape", "down", "down", "enter"], "4"),  # Enter in the outline
        ]:
            before = app.screen.current_key
            await pilot.press(*keys)
            await settle(app, pilot)
            assert app.screen.current_key != before, keys  # the route moved
            await rate(digit)
        assert list(rated) == ["1.1", "1.2", "1.3", "1.4", "1.7", "2.3", "1.5"]  # 1.7 again from the outline
        outline = app.screen.query_one("#outline")
        await pilot.click(outline, offset=(8, 4))  # a click on an item in the outline
        await settle(app, pilot)
        assert app.screen.current_key not in ("item:1.7", None)
        assert app.screen.query_one("#outline").cursor_node.data == app.screen.current_key
        await rate("3")
        await pilot.press("ctrl+q")
    answers = saved(path)
    assert {item: answers.answer(item).rating for item in rated} == rated


async def test_ctrl_g_goes_to_a_factor_where_a_digit_rates_nothing_and_says_why(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g", "down", "enter", "2")
        assert app.screen.current_key == "section:2"
        assert any("A factor has no rating" in h for h in hints(app))
        await pilot.press("ctrl+down", "2")  # its first item
        await pilot.press("ctrl+q")
    answers = saved(path)
    assert answers.answer("2.1").rating == "partly-met"
    assert [i for i in answers.answers if answers.answer(i).rating] == ["2.1"]


async def test_tab_goes_rating_practice_evidence_notes_then_the_next_item(tmp_path):
    path = lambeth_copy(tmp_path)
    before = saved(path).answer("1.1").notes
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "1", "tab", *"Yes", "tab", "tab", *" N", "tab", "3")  # ... 1.2's rating
        await pilot.press("shift+tab", "shift+tab", "shift+tab", *"!")  # back through 1.1's notes, evidence: practice
        assert app.screen.current_key == "item:1.1"
        assert app.screen.query_one("#practice", TextArea).text == "Yes!"
        await pilot.press("ctrl+q")
    answers = saved(path)
    first, second = answers.answer("1.1"), answers.answer("1.2")
    assert (first.rating, first.practice, first.notes) == ("fully-met", "Yes!", before + " N")
    assert second.rating == "not-met"


async def test_moving_between_items_draws_each_ones_own_rating_and_the_highlighted_values_words(tmp_path):
    """What the chooser draws for an item is reused for the next one that looks the same:
    each item must still be drawn with its own mark, and ↑ ↓ must move the words."""
    path = lambeth_copy(tmp_path)
    scale = Registry().get("partnership-csf").scale
    values = ["1 ( ) Fully met  2 points", "2 ( ) Partly met  1 point", "3 ( ) Not met  0 points",
              "4 ( ) Not applicable  not scored", "5 ( ) Not answered yet"]
    app = app_for(tmp_path, path)

    def drawn() -> tuple[list[str], list[str]]:
        """The value lines as drawn, with (•) on the chosen one, and the words drawn under the line above them."""
        chooser = app.screen.query_one("#rating")
        lines = [strip.text.rstrip() for strip in chooser.render_lines(Region(0, 0, chooser.size.width, chooser.size.height))]
        marks = [line for line in lines if line[:1].isdigit()]
        words = " ".join(line for line in lines if not line[:1].isdigit()).split()
        under = next((lines[n - 1] for n, line in enumerate(lines) if not line[:1].isdigit()), "")
        return marks, [under[:1], *words]

    def chosen(number: int) -> list[str]:
        return [line.replace("( )", "(•)") if line.startswith(f"{number} ") else line for line in values]

    def words(number: int) -> list[str]:
        return [str(number), *scale.values[number - 1].description.split()]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "1", "ctrl+down", "2", "ctrl+down", "3", "ctrl+up")
        assert app.screen.current_key == "item:1.2"
        assert drawn() == (chosen(2), words(2))
        await pilot.press("ctrl+up")
        assert drawn() == (chosen(1), words(1))
        await pilot.press("down")
        assert drawn() == (chosen(1), words(2))  # the words follow the highlight, the mark stays
        await pilot.press("up")
        assert drawn() == (chosen(1), words(1))
        await pilot.press("ctrl+down", "ctrl+down")
        assert drawn() == (chosen(3), words(3))
        await pilot.press("ctrl+down")  # 1.4, not rated: "Not answered yet" is chosen, and says nothing more
        assert drawn() == (chosen(5), [""])
        await pilot.press("ctrl+q")
    answers = saved(path)
    assert [answers.answer(i).rating for i in ("1.1", "1.2", "1.3", "1.4")] == ["fully-met", "partly-met", "not-met", None]


async def test_a_text_field_is_drawn_in_the_colours_of_the_theme_chosen_while_it_is_being_written_in(tmp_path):
    """The practice field works its colours out again only when they can have changed: after a
    theme is chosen from the palette, its words, and the words selected, are drawn in the new
    theme's colours."""
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)

    def drawn() -> tuple[set, set, tuple]:
        """The colours of the field's first line of words, of the selected words on its second
        (but the cursor's cell), and those its CSS gives the field now."""
        practice = app.screen.query_one("#practice", TextArea)
        first, second = practice.render_lines(Region(0, 1, practice.size.width, 2))  # under its top border
        assert (first.text[2:10], second.text[2:10]) == ("We meet.", "Monthly.")

        def colours(strip, start: int, end: int) -> set:
            return {(s.style.color, s.style.bgcolor) for s in strip.crop(start, end) if s.text.strip()}

        return colours(first, 2, 10), colours(second, 3, 10), (practice.rich_style.color, practice.rich_style.bgcolor)

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "2", "tab", *"We meet.", "enter", *"Monthly.", "shift+home")  # "Monthly." selected
        words, selected, css = drawn()
        assert words == {css} and selected and css not in selected
        await pilot.press("ctrl+p", *"theme", "enter", *"textual-light", "enter")
        assert app.theme == "textual-light"
        light_words, light_selected, light_css = drawn()
        assert light_words == {light_css} != words
        assert light_selected and light_css not in light_selected and light_selected != selected
        await pilot.press("end", *" Yes.", "ctrl+q")
    answer = saved(path).answer("1.1")
    assert (answer.rating, answer.practice) == ("partly-met", "We meet.\nMonthly. Yes.")


async def test_a_printable_key_on_the_outline_neither_edits_nor_vanishes(tmp_path):
    path = lambeth_copy(tmp_path)
    before = saved(path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "escape", "x", "2")
        assert hints(app) == ["The outline takes no typing: Enter or Tab goes to Rating; f filters it."]  # once, not per key
        await pilot.press("tab", "q")  # on the rating, a letter says how to choose
        assert hints(app)[-1] == "Choose with a digit, or ↑ ↓ and Enter. Tab goes to Current practice."
        await pilot.press("ctrl+q")
    assert saved(path).answers == before.answers


async def test_ctrl_q_with_the_evidence_form_open_keeps_the_entry_and_a_british_date_is_stored_iso(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "tab", "tab", "a", *"Minutes", "tab", "tab", *"31/03/2009", "ctrl+q")
    evidence = saved(path).answer("1.1").evidence
    assert [(e.description, e.date) for e in evidence] == [("Minutes", "2009-03-31")]


async def test_an_unfinished_entry_at_ctrl_q_is_a_draft_offered_back_next_time(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "tab", "tab", "a", "tab", *"MPA", "ctrl+q")  # a source, no description yet
    assert saved(path).answer("1.1").evidence == ()
    assert "MPA" in (tmp_path / "state" / "drafts.json").read_text()

    again = app_for(tmp_path, path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.screen.current_key == "item:1.1"  # where it was left
        await pilot.press("tab", "tab", "a")
        assert "You had not finished this entry" in str(again.screen.query_one("#form-problem").content)
        await pilot.press(*"Report", "tab", "tab", *"2 Mar 2009", "enter")
        await settle(again, pilot)
        await pilot.press("ctrl+q")
    evidence = saved(path).answer("1.1").evidence
    assert [(e.description, e.source, e.date) for e in evidence] == [("Report", "MPA", "2009-03-02")]


async def test_esc_on_a_form_with_words_in_it_asks_once(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "tab", "tab", "a", *"Plan", "escape")
        assert "Esc again throws it away" in str(app.screen.query_one("#form-problem").content)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "1. Plan" in str(app.screen.query_one("#evidence").get_option_at_index(0).prompt)
        await pilot.press("a", *"X", "escape", "escape")  # asked, then thrown away as asked
        await pilot.press("ctrl+q")
    assert [e.description for e in saved(path).answer("1.1").evidence] == ["Plan"]


async def test_the_home_list_keeps_its_file_column_at_80_columns_and_del_forgets_a_recent_file(tmp_path):
    from textual.geometry import Region
    from textual.widgets import DataTable

    lambeth_copy(tmp_path)
    (tmp_path / "assessments" / "kingston.yaml").write_text("area: [unclosed, " + "x" * 200 + "\n")
    elsewhere = tmp_path / "elsewhere" / "lambeth-old.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((tmp_path / "assessments" / "lambeth.yaml").read_bytes())
    app = app_for(tmp_path)
    app.recent.add(elsewhere)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        lines = [strip.text.rstrip() for strip in table.render_lines(Region(0, 0, 80, 8))]
        assert lines[0].split()[-1] == "File" and all(len(line) <= 80 for line in lines)
        assert lines[1].endswith("elsewhere/lambeth-old.yaml") and lines[2].split() == [CSF_VERSION]  # Framework gave way
        assert lines[3].split()[0] == "(cannot" and lines[3].endswith("kingston.yaml")  # and its reason wraps beneath
        assert "line 2: not valid YAML" in lines[4] and lines[7].endswith(" lambeth.yaml")
        assert [row.path.name for row in app.screen._rows] == ["lambeth-old.yaml", "kingston.yaml", "lambeth.yaml"]
        await pilot.press("delete")  # the file opened lately, from elsewhere: off the list
        await settle(app, pilot)
        assert [row.path.name for row in app.screen._rows] == ["kingston.yaml", "lambeth.yaml"]
        await pilot.press("delete")  # one in assessments/ stays, and says why
        assert "is listed because it is in assessments/" in hints(app)[-1]
    assert elsewhere.exists()


async def test_ctrl_f_finds_what_the_borough_wrote_and_says_where(tmp_path):
    from textual.widgets import OptionList

    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "1", "tab", *"Sapphire ok", "ctrl+f", *"sapphire")
        matches = app.screen.query_one("#matches", OptionList)
        shown = [str(matches.get_option_at_index(n).prompt) for n in range(matches.option_count)]
        narratives = [n for n, text in saved(path).narratives.items() if "sapphire" in text.lower()]
        assert narratives and [line.split(",")[0] for line in shown if line.startswith("¶")] == [
            f"¶ In factor {n}" for n in narratives]  # Lambeth's own words, each factor where they are
        mine = [line for line in shown if "in current practice: Sapphire ok" in line]
        assert len(mine) == 1 and mine[0][1:].startswith(" 1.1 An effective partnership")
        await pilot.press("escape", "ctrl+down", "ctrl+f", *"sapphire ok", "enter", "3")  # back to 1.1, and rate it
        await pilot.press("ctrl+q")
    assert saved(path).answer("1.1").rating == "not-met"


async def test_the_outline_filters_to_unanswered_then_flagged_then_all(tmp_path):
    path = lambeth_copy(tmp_path)
    app = app_for(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", "1", "ctrl+down", "2", "ctrl+down", "escape", "f")  # 1.1 flagged: no evidence
        await settle(app, pilot)
        outline = app.screen.query_one("#outline")
        items = [k for k in outline.keys if k.startswith("item:")]
        assert items[:3] == ["item:1.3", "item:1.4", "item:1.5"] and len(items) == 47
        await pilot.press("f")
        await settle(app, pilot)
        assert [k for k in outline.keys if k.startswith("item:")] == ["item:1.1", "item:1.3"]  # and the one on screen
        await pilot.press("up", "enter", "4")  # to 1.1 from the filtered outline, and a digit rates it
        await pilot.press("escape", "f")  # back in the outline: every item again
        assert len(outline.keys) == 49 + 6
        await pilot.press("ctrl+q")
    assert saved(path).answer("1.1").rating == "not-applicable"
