"""The text field for practice, notes and narratives: soft-wrapped, as prose is.

Textual's TextArea moves to the start or end of a line but not of the whole text; a
factor narrative runs to pages, so Ctrl+Home and Ctrl+End go there, as in a word
processor.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class Editor(TextArea):
    BINDINGS = [
        Binding("ctrl+home", "text_start", "Start of the text", show=False),
        Binding("ctrl+end", "text_end", "End of the text", show=False),
    ]

    def __init__(self, **kwargs):
        super().__init__(soft_wrap=True, **kwargs)

    def action_text_start(self) -> None:
        self.move_cursor((0, 0))

    def action_text_end(self) -> None:
        self.move_cursor(self.document.end)
