"""Go somewhere by name: a factor from the list, or an item by words from its text."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...report import Report
from ..widgets.outline import item_key, item_mark, section_key, styled_mark
from ..widgets.status import key_footer

SHOWN = 200  # a search that matches more than this says so rather than listing them all


class JumpTo(ModalScreen[str | None]):
    """Returns an outline key ('item:1.3', 'section:2'), or None when dismissed."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="jump.close"),
        Binding("down", "move(1)", "Next", show=False, id="jump.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="jump.up"),
    ]

    def __init__(self, report: Report, find: bool):
        super().__init__()
        self.report = report
        self.find = find

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump"):
            yield Static("Find an item" if self.find else "Go to a factor", classes="dialog-title")
            if self.find:
                yield Input(placeholder="words from the item, or its number", id="query")
            yield OptionList(id="matches")
            yield Static(id="count", classes="hint")
        yield key_footer()

    def on_mount(self) -> None:
        if self.find:
            self._search("")
            self.query_one("#query", Input).focus()
        else:
            self._factors()

    def _factors(self) -> None:
        options = []
        for s in self.report.scorecard.sections:
            counts = f"{s.score.answered}/{s.score.total} "
            options.append(Option(Text.assemble((counts, "dim"), s.section.heading), id=section_key(s.section.id)))
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        matches.highlighted = 0
        matches.focus()

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        """Every word must appear in the item's id or text, in any order, any case."""
        words = query.lower().split()
        found = [
            item for item in self.report.framework.items()
            if all(w in f"{item.id} {item.text}".lower() for w in words)
        ]
        options = [
            Option(Text.assemble(styled_mark(item_mark(self.report, i.id)), f" {i.id} {i.text}"), id=item_key(i.id))
            for i in found[:SHOWN]
        ]
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        matches.highlighted = 0 if options else None
        more = f"; the first {SHOWN} are shown" if len(found) > SHOWN else ""
        self.query_one("#count", Static).update(f"{len(found)} item(s) match{more}. Enter goes to the highlighted one.")

    def action_move(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            current = matches.highlighted if matches.highlighted is not None else -step
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.highlighted is not None:
            self.dismiss(matches.get_option_at_index(matches.highlighted).id)

    @on(OptionList.OptionSelected, "#matches")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
