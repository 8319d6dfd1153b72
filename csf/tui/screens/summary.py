"""The summary: a bar and a score per factor, the overall figure, and everything left to do.

Every number comes from the Report the assessment screen hands over; this screen only
draws it. The list of what is left is the way back: Enter goes to that item.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import ROUND_HALF_UP

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...assessment import STATES
from ...export.content import computation
from ...report import Report
from ...rules import Finding
from ...scoring import Score, Scorecard
from ..widgets.outline import FLAGGED, UNANSWERED, item_key, styled_mark
from ..widgets.status import StatusLine, assessment_title, key_footer, progress
from .export import ExportDialog
from .help import HelpScreen

BAR = 12


def bar(score: Score) -> Text:
    """Filled and empty blocks, so the bar reads without colour; blank when not scored."""
    if score.percent is None:
        return Text("·" * BAR, style="dim")
    filled = int((score.percent * BAR / 100).to_integral_value(ROUND_HALF_UP))
    return Text.assemble(("█" * filled, "green"), ("░" * (BAR - filled), "dim"))


def score_table(report: Report) -> Table:
    card: Scorecard = report.scorecard
    scored = report.framework.scoring.method != "none"
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
    table.add_column(report.framework.columns.section, ratio=1, no_wrap=True, overflow="ellipsis")
    if scored:
        table.add_column("", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
    table.add_column("answered", justify="right", no_wrap=True)
    if scored:
        table.add_column("n/a", justify="right", no_wrap=True)

    def row(label: Text | str, score: Score) -> list[Text | str]:
        answered = f"{score.answered}/{score.total}"
        return [label, bar(score), card.format(score), answered, str(score.excluded)] if scored else [label, answered]

    for s in card.sections:
        table.add_row(*row(s.section.heading, s.score))
    table.add_section()
    table.add_row(*row(Text("Overall", style="bold"), card.overall), style="bold")
    return table


def archived_line(assessment) -> str:
    """Answers kept from earlier framework versions: never scored, never lost."""
    entries = assessment.archived
    names = ", ".join(f"{e.get('item') or 'section ' + str(e.get('section'))} ({(e.get('framework') or {}).get('version', '?')})"
                      for e in entries)
    return f"Archived: {len(entries)} answer(s) kept from earlier framework versions, in every export's appendix: {names}"


class SummaryScreen(Screen[None]):
    """Scores, and the to-do list whose Enter goes to that item (with `arrive`, before the summary closes)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="summary.back"),
        Binding("e", "export", "Export", id="summary.export"),
        Binding("f1,question_mark", "help", "Help", key_display="F1", id="summary.help"),
    ]

    def __init__(self, report: Report, arrive: Callable[[str], Awaitable[None]]):
        super().__init__()
        self.arrive = arrive
        self.report = report
        self._keys: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Vertical(id="summary"):
            yield Static(score_table(self.report), id="scores")
            if self.report.scorecard.method == "points":
                yield Static("\n".join(computation(self.report)), classes="hint")
            if self.report.assessment.archived:
                yield Static(archived_line(self.report.assessment), id="archived", classes="hint")
            yield Static(id="todo-title", classes="field-label")
            yield OptionList(id="todo")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show(f"Summary · {assessment_title(self.report)}", progress(self.report))
        findings = sorted(self.report.findings, key=lambda f: f.severity == "missing")  # rule problems first
        problems = sum(f.severity != "missing" for f in findings)
        self.query_one("#todo-title", Static).update(
            f"To do: {problems} rule problem(s), {len(findings) - problems} not answered. Enter goes to the item."
            if findings else "Nothing to do: every item is answered and no rule asks for more."
        )
        options = []
        for f in findings:
            mark = UNANSWERED if f.severity == "missing" else FLAGGED
            prompt = Text.assemble(styled_mark(mark), f" {f.item or ''} ", self._say(f))
            options.append(Option(prompt, disabled=f.item is None))
        todo = self.query_one("#todo", OptionList)
        todo.set_options(options)
        todo.highlighted = 0 if options else None
        self._keys = [item_key(f.item) if f.item else None for f in findings]
        todo.focus()

    def _say(self, finding: Finding) -> str:
        """An unanswered item by its words; a rule problem by its message (and which evidence)."""
        if finding.severity == "missing" and finding.item:
            text = self.report.framework.item(finding.item).text
            return f"({finding.message}) {text}" if finding.rule in STATES else text  # in progress, unknown: never a rating
        return finding.message if finding.evidence is None else f"evidence {finding.evidence + 1}: {finding.message}"

    @on(OptionList.OptionSelected, "#todo")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Go to the item, then close: a digit typed straight after Enter rates that item."""
        if (key := self._keys[event.option_index]) is not None:
            await self.arrive(key)
        self.dismiss(None)

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self.report))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())
