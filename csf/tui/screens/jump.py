"""Go somewhere by name: a factor from the list, or an item by words from its text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

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


class JumpTo(ModalScreen[None]):
    """Goes to the factor or item chosen with `arrive`, before it closes: a key typed straight
    after Enter must find the cursor already on the new page, not on the one before."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="jump.close"),
        Binding("down", "move(1)", "Next", show=False, id="jump.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="jump.up"),
    ]

    def __init__(self, report: Report, find: bool, arrive: Callable[[str], Awaitable[None]]):
        super().__init__()
        self.arrive = arrive
        self.report = report
        self.find = find
        self._keys: list[str] = []  # the outline key of each option shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump"):
            yield Static("Find: in the framework and in what you wrote" if self.find else "Go to a factor", classes="dialog-title")
            if self.find:
                yield Input(placeholder="words from an item, its number, or what you wrote", id="query")
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
            options.append(Option(Text.assemble((counts, "dim"), s.section.heading)))
        self._keys = [section_key(s.section.id) for s in self.report.scorecard.sections]
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        matches.highlighted = 0
        matches.focus()

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        """Every word must appear, in any order and any case, in one place: the item's number and
        words, or what the borough wrote for it (practice, an evidence entry, notes, a factor's text).
        Each hit says where it is."""
        words = query.lower().split()
        found = [hit for hit in self._places() if all(w in hit[2].lower() for w in words)] if words else [
            (item_key(i.id), "", f"{i.id} {i.text}") for i in self.report.framework.items()]
        self._keys = [key for key, _, _ in found[:SHOWN]]  # an item can match in several places: by position, not id
        options = [self._option(key, place, text, words) for key, place, text in found[:SHOWN]]
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        matches.highlighted = 0 if options else None
        more = f"; the first {SHOWN} are shown" if len(found) > SHOWN else ""
        self.query_one("#count", Static).update(f"{len(found)} match(es){more}. Enter goes to the highlighted one.")

    def _places(self) -> Iterator[tuple[str, str, str]]:
        """(outline key, where, text) for every text that can be searched, in outline order."""
        framework, assessment = self.report.framework, self.report.assessment
        for section in framework.sections:
            if narrative := assessment.narratives.get(section.id, ""):
                yield section_key(section.id), f"factor {section.number or section.id}, its text", narrative
            for item in section.items:
                answer = assessment.answer(item.id)
                yield item_key(item.id), "", f"{item.id} {item.text}"
                if answer.practice:
                    yield item_key(item.id), "current practice", answer.practice
                for n, e in enumerate(answer.evidence, 1):
                    yield item_key(item.id), f"evidence {n}", " · ".join(x for x in (e.description, e.source, e.owner) if x)
                if answer.notes:
                    yield item_key(item.id), "notes", answer.notes

    def _option(self, key: str, place: str, text: str, words: list[str]) -> Option:
        kind, ident = key.split(":", 1)
        if kind == "section":
            return Option(Text.assemble(("¶ ", "bold"), (f"In {place}: ", "dim"), _around(text, words)))
        item = self.report.framework.item(ident)
        title = Text.assemble(styled_mark(item_mark(self.report, ident)), f" {ident} {item.text}")
        if place:
            title.append_text(Text.assemble("\n   ", (f"in {place}: ", "dim"), _around(text, words)))
        return Option(title)

    def action_move(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            current = matches.highlighted if matches.highlighted is not None else -step
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    @on(Input.Submitted, "#query")
    async def _submitted(self) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.highlighted is not None:
            await self._go(self._keys[matches.highlighted])

    @on(OptionList.OptionSelected, "#matches")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        await self._go(self._keys[event.option_index])

    async def _go(self, key: str) -> None:
        await self.arrive(key)
        self.dismiss(None)


def _around(text: str, words: list[str], width: int = 60) -> Text:
    """The part of `text` around the first word searched for, on one line, the words in bold."""
    flat = " ".join(text.split())
    at = min((flat.lower().find(w) for w in words if w in flat.lower()), default=0)
    start = max(0, at - width // 3)
    shown = ("…" if start else "") + flat[start:start + width] + ("…" if start + width < len(flat) else "")
    out = Text(shown)
    for w in words:
        out.highlight_words([w], style="bold", case_sensitive=False)
    return out
