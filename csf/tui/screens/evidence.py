"""The form for one piece of evidence: what it is, where it is, when, and who holds it."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...assessment import Evidence, parse_date
from ..widgets.line_input import LineInput


class EvidenceForm(ModalScreen[Evidence | None]):
    """Returns the evidence as entered, or None when cancelled. Unknown fields are kept."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="evidence-form.cancel"),
        Binding("ctrl+s", "save", "Keep", id="evidence-form.save"),
    ]

    def __init__(self, evidence: Evidence | None, heading: str):
        super().__init__()
        self.evidence = evidence
        self.heading = heading

    def compose(self) -> ComposeResult:
        e = self.evidence or Evidence("")
        fields = (
            ("description", "What it is", e.description, "required, e.g. Partnership board minutes, March 2009"),
            ("source", "Where it is", e.source, "e.g. minutes, intranet page, report"),
            ("date", "Date", e.date or "", "YYYY-MM-DD, e.g. 2009-03-12"),
            ("owner", "Who holds it", e.owner, "e.g. DV co-ordinator"),
        )
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            for name, label, value, hint in fields:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield LineInput(value, placeholder=hint, id=name, compact=True)
            yield Static(id="form-problem", classes="problems")
            with Horizontal(classes="buttons"):
                yield Button("Keep", variant="primary", id="keep", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#description", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#keep")
    def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in ("description", "source", "date", "owner")}
        if not values["description"]:
            self._tell("description", "! Say what the evidence is.")
            return
        try:
            date = parse_date(values["date"]) if values["date"] else None  # what the file format takes, no more
        except ValueError as e:
            self._tell("date", f"! {e}.")
            return
        base = self.evidence or Evidence("")
        self.dismiss(replace(base, description=values["description"], source=values["source"], date=date,
                             owner=values["owner"]))

    def _tell(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field to put it right, not on the button pressed."""
        self.query_one("#form-problem", Static).update(message)
        self.query_one(f"#{field}", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

