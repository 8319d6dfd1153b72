"""A carried rating in the TUI: shown as to re-confirm, confirmed by choosing a rating."""

from __future__ import annotations

import yaml
from textual.widgets import Static

from csf.tui.screens.summary import SummaryScreen

from .helpers import mini, run, write_yaml
from .tuikit import app_for, settle


async def test_choosing_the_same_rating_confirms_a_carried_one(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    write_yaml(frameworks / "mini.yaml", mini())
    last, this = tmp_path / "last.yaml", tmp_path / "this.yaml"
    fw = ("--frameworks-dir", str(frameworks))
    run(capsys, *fw, "new", "--framework", "mini", "--area", "Brent", "--period", "2009-10", "-o", str(last))
    run(capsys, *fw, "answer", str(last), "1.1", "--rating", "partly-met", "--practice", "Our forum meets monthly.")
    run(capsys, *fw, "answer", str(last), "1.2", "--rating", "fully-met", "--practice", "Chaired by the council.")
    assert run(capsys, *fw, "new", "--from", str(last), "-o", str(this))[0] == 0
    app = app_for(tmp_path, this, frameworks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.current_key == "item:1.3"  # the first item without an answer
        await pilot.press("ctrl+up", "ctrl+up")
        await settle(app, pilot)
        assert app.screen.current_key == "item:1.1"
        findings = str(app.screen.query_one("#item-findings", Static).content)
        assert "! to re-confirm: carried from the 2009-10 assessment; confirm the rating or change it" in findings
        await pilot.press("2")  # Partly met again: the rating it had
        await settle(app, pilot)
        assert "to re-confirm" not in str(app.screen.query_one("#item-findings", Static).content)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    answers = yaml.safe_load(this.read_text(encoding="utf-8"))["answers"]
    assert answers["1.1"]["rating"] == "partly-met" and "reconfirm" not in answers["1.1"]
    assert answers["1.2"]["reconfirm"] == {"reason": "new period", "period": "2009-10"}


async def test_the_summary_lists_archived_answers(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    write_yaml(frameworks / "mini.yaml", mini())
    smaller = mini(version="2.0")
    smaller["sections"][1]["items"] = [{"id": "2.2", "text": "Item 2.2"}]
    write_yaml(frameworks / "mini-2.yaml", smaller)
    path = tmp_path / "a.yaml"
    fw = ("--frameworks-dir", str(frameworks))
    run(capsys, *fw, "new", "--framework", "mini", "--version", "1.0", "--area", "Brent", "-o", str(path))
    run(capsys, *fw, "answer", str(path), "2.1", "--rating", "not-met", "--practice", "Nothing yet.")
    assert run(capsys, *fw, "migrate", str(path), "--to", "mini@2.0")[0] == 0
    app = app_for(tmp_path, path, frameworks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        line = str(app.screen.query_one("#archived", Static).content)
        assert line == "Archived: 1 answer(s) kept from earlier framework versions, in every export's appendix: 2.1 (1.0)"
