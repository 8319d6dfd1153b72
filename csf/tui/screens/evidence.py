"""The form for one piece of evidence: what it is, where it is, when, and who holds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...assessment import Evidence, parse_date
from ...export.content import long_date
from ..widgets.line_input import LineInput
from ..widgets.status import key_footer


FIELDS = ("description", "source", "date", "owner")


class EvidenceForm(ModalScreen[Evidence | None]):
    """Returns the evidence as entered, or None when cancelled. Unknown fields are kept.

    `draft` fills the fields with an entry not finished last time. Esc on a form with
    something typed in it asks once before throwing it away. `on_quit`, set by whoever
    opened the form, is called if the app quits with the form still open.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Keep", id="evidence-form.save"),
        Binding("escape", "cancel", "Cancel", id="evidence-form.cancel"),
    ]

    def __init__(self, evidence: Evidence | None, heading: str, draft: dict[str, str] | None = None):
        super().__init__()
        self.evidence = evidence
        self.heading = heading
        self.draft = draft
        self.on_quit: Callable[[EvidenceForm], str | None] | None = None
        self._asked = False

    def compose(self) -> ComposeResult:
        e = self.evidence or Evidence("")
        values = self.draft or {"description": e.description, "source": e.source, "date": shown_date(e.date),
                                "owner": e.owner}
        fields = (
            ("description", "What it is", "required, e.g. Partnership board minutes, March 2009"),
            ("source", "Where it is", "e.g. minutes, intranet page, report"),
            ("date", "Date", "e.g. 12/03/2009 or 12 March 2009"),
            ("owner", "Who holds it", "e.g. DV co-ordinator"),
        )
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            for name, label, hint in fields:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield LineInput(values.get(name, ""), placeholder=hint, id=name, compact=True)
            yield Static(DRAFT_NOTE if self.draft else "", id="form-problem", classes="problems")
            with Horizontal(classes="buttons"):
                yield Button("Keep", variant="primary", id="keep", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield key_footer()

    def on_mount(self) -> None:
        self.initial = self.typed()  # what a cancel or a quit compares with
        self.query_one("#description", Input).focus()

    def typed(self) -> dict[str, str]:
        """What the fields hold now, as typed."""
        return {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}

    def entry(self) -> Evidence:
        """The entry the fields make; ValueError (naming the field first) when they make none."""
        values = self.typed()
        if not values["description"]:
            raise ValueError("description", "! Say what the evidence is.")
        try:
            date = parse_date(values["date"]) if values["date"] else None  # what the file format takes, no more
        except ValueError as e:
            raise ValueError("date", f"! {e}.") from None
        base = self.evidence or Evidence("")
        return replace(base, description=values["description"], source=values["source"], date=date,
                       owner=values["owner"])

    @on(Input.Submitted)
    @on(Button.Pressed, "#keep")
    def action_save(self) -> None:
        try:
            self.dismiss(self.entry())
        except ValueError as e:
            field, message = e.args
            self._tell(field, message)

    def _tell(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field to put it right, not on the button pressed."""
        self.query_one("#form-problem", Static).update(message)
        self.query_one(f"#{field}", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without keeping; if something was typed, only at the second asking."""
        if self.typed() != self.initial and any(self.typed().values()) and not self._asked:
            self._asked = True
            self.query_one("#form-problem", Static).update(
                "! Throw away what you typed here? Esc again throws it away; Ctrl+S keeps it.")
            return
        self.dismiss(None)


DRAFT_NOTE = "You had not finished this entry last time; here it is. Ctrl+S keeps it, Esc throws it away."


def shown_date(iso: str | None) -> str:
    """A stored date as the form shows it: '2009-03-12' → '12/03/2009'."""
    return long_date(iso) if iso else ""
