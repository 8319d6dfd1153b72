"""An item's evidence, one entry per option: Enter edits, a adds, Delete removes.

A rule's warning about an entry (dated too long ago) is printed under that entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...assessment import Evidence
from ...export.content import long_date
from ...rules import Finding
from .options import SteadyOptionList


class EvidenceList(SteadyOptionList):
    """Asks its page to add, edit or remove; the page owns the answer."""

    BINDINGS = [
        Binding("a", "request('add')", "Add evidence", show=False, id="evidence.add"),  # named in the field's label
        Binding("delete", "request('remove')", "Remove evidence", show=False, id="evidence.remove"),
    ]

    @dataclass
    class Requested(Message):
        evidence_list: EvidenceList
        action: str  # "add" | "edit" | "remove"
        index: int | None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._shown: list[Text] = []

    def show(self, evidence: tuple[Evidence, ...], findings: tuple[Finding, ...]) -> None:
        """List the entries; the options are rebuilt only when their text differs from what is on screen."""
        prompts = [_prompt(n, e, [f for f in findings if f.evidence == n]) for n, e in enumerate(evidence)]
        if prompts == self._shown and self.option_count:
            return
        self._shown = prompts
        if not evidence:
            self.set_options([Option(Text("No evidence yet: press a to add some.", style="dim"), disabled=True)])
            return
        keep = self.highlighted
        self.set_options(prompts)
        self.highlighted = min(keep or 0, len(evidence) - 1)

    def action_request(self, action: str) -> None:
        index = self.highlighted if self.highlighted is not None and not self.get_option_at_index(self.highlighted).disabled else None
        if action == "add" or index is not None:
            self.post_message(self.Requested(self, action, index))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # an entry under the cursor is only chosen; no one above follows it

    @on(OptionList.OptionSelected)
    def _edit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Requested(self, "edit", event.option_index))


def _prompt(index: int, evidence: Evidence, findings: list[Finding]) -> Text:
    details = " · ".join(x for x in (evidence.source, long_date(evidence.date) if evidence.date else "", evidence.owner) if x)
    text = Text.assemble((f"{index + 1}. ", "dim"), evidence.description)
    if details:
        text.append(f"\n   {details}", style="dim")
    for finding in findings:
        text.append(f"\n   ! {finding.message}", style="bold red")
    return text
