"""Export from the TUI: choose a format, and be told where the file went.

The fields are shown in the order the cursor visits them: the format list, where it
starts, then the optional protective marking.

The writing is `csf.export.export`, the same function `csf export` calls, run on a
worker thread because Word rendering takes a noticeable moment.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import CsfError, display
from ...report import Report
from ..widgets.line_input import LineInput
from ..widgets.status import key_footer


class ExportDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="export.close")]

    def __init__(self, report: Report):
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        from ...export import DEFAULT_DIRECTORY, FORMATS

        with VerticalScroll(classes="dialog export"):
            yield Static(f"Export to {DEFAULT_DIRECTORY}/", classes="dialog-title")
            yield Label("Format (Enter writes it)")
            yield OptionList(*[Option(Text.assemble((f.suffix, "bold"), f"  {f.help}"), id=f.name) for f in FORMATS.values()], id="formats")
            yield Label("Protective marking for every page (optional; Enter here writes too)")
            yield LineInput(placeholder="e.g. OFFICIAL-SENSITIVE", id="marking", compact=True)
            yield Static(id="result")
        yield key_footer()

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    @on(Input.Submitted, "#marking")
    def _marked(self) -> None:
        """Enter after typing a marking writes the highlighted format, as Enter in the list does."""
        self.query_one("#formats", OptionList).action_select()

    @on(OptionList.OptionSelected, "#formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#result", Static).update("Writing…")
        self._write(event.option.id or "docx", self.query_one("#marking", Input).value.strip())

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, marking: str) -> None:
        from ... import export

        try:
            done = export.export(self.report, fmt, None, export.Options(today=dt.date.today(), marking=marking))
        except (CsfError, OSError) as e:
            self.app.call_from_thread(self._show, Text(f"! Not written: {e}", style="bold red"))
            return
        text = Text.assemble(("Written to ", ""), (display(done.path), "bold"), ".")
        if done.warnings:
            text.append(f"\nStill to look at ({len(done.warnings)}):")
            for warning in done.warnings:
                text.append(f"\n• {warning}")
        self.app.call_from_thread(self._show, text)

    def _show(self, text: Text) -> None:
        self.query_one("#result", Static).update(text)
