"""A factor (section) on screen: its description, its score so far, and its narrative.

The narrative is where a borough writes about the factor as a whole; Lambeth's return
is written entirely this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.message import Message
from textual.widgets import Static, TextArea

from ...framework import Section
from ...parameters import fill
from ...report import Report
from ..session import Session
from .editor import Editor


class FactorPage(VerticalScroll):
    """Focusable itself, to read the factor with ↑ ↓ and Page keys; Enter or Tab goes to the narrative."""

    BINDINGS = [Binding("enter", "screen.tab(1)", "Write", show=False, id="factor.write")]

    @dataclass
    class Edited(Message):
        final: bool

    def __init__(self, session: Session, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.section: Section | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="section-heading", classes="factor-heading", markup=False)  # a file's words, shown as written
        yield Static(id="section-description", classes="description", markup=False)
        yield Static(id="section-score", classes="section-score")
        yield Static(id="narrative-label", classes="field-label", markup=False)
        yield Editor(id="narrative")

    def show(self, section_id: str, report: Report) -> None:
        section = self.section = self.session.framework.section(section_id)
        assert section is not None
        self.query_one("#section-heading", Static).update(section.heading)
        self.query_one("#section-description", Static).update(fill(section.description or "", self.session.framework, report.assessment))
        self.query_one("#section-description").display = bool(section.description)
        practice = self.session.framework.columns.practice_for(report.assessment.area)
        self.query_one("#narrative-label", Static).update(f"For the factor as a whole. {practice}")
        self.query_one("#narrative", Editor).load(self.session.narrative(section_id))
        self.update_report(report)
        self.scroll_home(animate=False)

    def reveal(self, field: Widget) -> None:
        if field is not self:
            self.call_after_refresh(self.scroll_to_widget, field, animate=False)

    def update_report(self, report: Report) -> None:
        if self.section is None:
            return
        card = report.scorecard
        score = next(s.score for s in card.sections if s.section.id == self.section.id)
        line = f"{score.answered} of {score.total} answered"
        if report.framework.scoring.method != "none":
            shown = card.format(score) + ("" if score.scored else " (none of its items is rated yet)")
            line = f"Score: {shown} · {line}" + (f" · {score.excluded} not applicable" if score.excluded else "")
        self.query_one("#section-score", Static).update(line)

    def flush(self) -> None:
        if self.section is not None:
            self._edit(self.query_one("#narrative", TextArea).text)

    @on(TextArea.Changed, "#narrative")
    def _narrative(self, event: TextArea.Changed) -> None:
        event.stop()  # the page owns the narrative's words: no one above listens for them
        if self.section is not None:
            self._edit(event.text_area.text)

    def _edit(self, text: str) -> None:
        assert self.section is not None
        if self.session.edit_narrative(self.section.id, text):
            self.post_message(self.Edited(final=False))
