"""Export from the TUI: choose a format, and be told where the file went.

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


class ExportDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="export.close")]

    def __init__(self, report: Report):
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        from ...export import DEFAULT_DIRECTORY, FORMATS

        with VerticalScroll(classes="dialog export"):
            yield Static(f"Export to {DEFAULT_DIRECTORY}/", classes="dialog-title")
            yield Label("Protective marking for every page (optional)")
            yield Input(placeholder="e.g. OFFICIAL-SENSITIVE", id="marking", compact=True)
            yield Label("Format (Enter writes it)")
            yield OptionList(*[Option(Text.assemble((f.suffix, "bold"), f"  {f.help}"), id=f.name) for f in FORMATS.values()], id="formats")
            yield Static(id="result")

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

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
