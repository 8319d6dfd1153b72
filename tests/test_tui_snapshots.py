"""What the home, assessment and summary screens look like at 80×24 and 120×40.

The files are fixed and written to a temporary directory the test runs in, so names
are relative and nothing on screen depends on the clock or the user. Review a changed
SVG before accepting it with `--snapshot-update`.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from csf import store
from csf.assessment import Evidence, new_assessment
from csf.registry import Registry

from .tuikit import app_for, lambeth_copy, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """Lambeth with three items answered (one flagged by a rule), a blank BVPI 225 for Camden, and
    a file that cannot be read."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSF_USER", "tester")
    path = lambeth_copy(tmp_path)
    loaded = store.load(path, Registry())
    a = loaded.assessment
    at = "2009-12-01T10:00:00Z"
    minutes = Evidence("Strategic board minutes", "intranet", "2009-11-12", "Community safety manager")
    a = a.with_answer("1.1", replace(a.answer("1.1"), rating="fully-met", practice="A DV strategic board meets monthly.",
                                     evidence=(minutes,)), "tester", at)
    a = a.with_answer("1.2", replace(a.answer("1.2"), rating="partly-met", practice="Health attends one meeting in three."),
                      "tester", at)
    a = a.with_answer("1.3", replace(a.answer("1.3"), rating="fully-met"), "tester", at)
    store.save(path, a, loaded.digest)
    camden = new_assessment(Registry().get("bvpi-225"), "Camden", "2007-08")
    store.create(tmp_path / "assessments" / "camden-bvpi-225.yaml", camden)
    (tmp_path / "assessments" / "kingston.yaml").write_text("framework: {id: partnership-csf}\narea: [Kingston\n")
    return tmp_path


async def wait(pilot) -> None:
    await settle(pilot.app, pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, workspace, size):
    assert snap_compare(app_for(workspace), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_assessment(snap_compare, workspace, size):
    app = app_for(workspace, workspace / "assessments" / "lambeth.yaml")
    assert snap_compare(app, terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary(snap_compare, workspace, size):
    async def open_summary(pilot) -> None:
        await wait(pilot)
        await pilot.press("ctrl+r")
        await wait(pilot)

    app = app_for(workspace, workspace / "assessments" / "lambeth.yaml")
    assert snap_compare(app, terminal_size=size, run_before=open_summary)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_worked_example_opens_on_its_own_text(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.chdir(tmp_path)
    app = app_for(tmp_path, lambeth_copy(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_evidence_form_shows_its_own_keys(snap_compare, workspace, size):
    async def open_form(pilot) -> None:
        await wait(pilot)
        await pilot.press("tab", "tab", "a", *"Minutes", "tab", "tab", *"31/13/2009", "enter")  # a date it refuses
        await wait(pilot)

    app = app_for(workspace, workspace / "assessments" / "lambeth.yaml")
    assert snap_compare(app, terminal_size=size, run_before=open_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_bvpi_question_keeps_its_words_in_view_while_its_figures_are_typed(snap_compare, workspace, size):
    async def figures(pilot) -> None:
        await wait(pilot)
        await pilot.press("ctrl+down", "tab", *"15", "tab", *"227500", "enter")  # Q2: places, then population
        await wait(pilot)

    app = app_for(workspace, workspace / "assessments" / "camden-bvpi-225.yaml")
    assert snap_compare(app, terminal_size=size, run_before=figures)
