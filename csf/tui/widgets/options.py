"""An option list that keeps what it has drawn when only its height changes."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class SteadyOptionList(OptionList):
    """Textual's OptionList draws every option again after any resize. The rating chooser
    and the evidence list grow and shrink in height from one item to the next (a value's
    description, an entry's warning) while their width stays, so each move between items
    drew them twice; here only a change of width, which rewraps the options, does.
    """

    _drawn_width: int | None = None

    def _on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width == self._drawn_width:
            event.prevent_default()  # OptionList's own handler would drop every drawn option
        self._drawn_width = width
