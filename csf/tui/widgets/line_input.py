"""A one-line field that keeps all of a multi-line paste, on one line.

Textual's Input keeps only the first line of a paste and drops the rest without a
word, and Ctrl+V of text copied inside the app would put line breaks into a field
that is saved as one line. People paste from minutes and reports, where a title
often runs over two lines, so here the lines are joined with single spaces instead.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def one_line(text: str) -> str:
    """The lines of `text`, each stripped, blank ones left out, joined with single spaces."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class LineInput(Input):
    """An Input whose pastes, from the terminal or from Ctrl+V, arrive as one line."""

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would keep the first line only
        event.stop()
        self._insert(event.text)

    def action_paste(self) -> None:
        self._insert(self.app.clipboard)

    def _insert(self, pasted: str) -> None:
        """Put the pasted text, made one line, in place of the selection (or at the cursor)."""
        if line := one_line(pasted):
            self.replace(line, *self.selection)
