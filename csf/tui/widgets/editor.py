"""The text field for practice, notes and narratives: soft-wrapped, as prose is.

Two things Textual's TextArea does not do on its own, each for someone writing a long
answer rather than code: Ctrl+Home and Ctrl+End go to the start and end of the whole
text (a factor narrative runs to pages); and coming into a field for the first time
puts the cursor after the text already there, so typing adds to it rather than
landing in front of it.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea


class Editor(TextArea):
    BINDINGS = [
        Binding("ctrl+home", "text_start", "Start of the text", show=False),
        Binding("ctrl+end", "text_end", "End of the text", show=False),
    ]

    def __init__(self, **kwargs):
        super().__init__(soft_wrap=True, **kwargs)
        self._loaded = False  # text loaded and the field not yet entered since
        self._styled_by: tuple = ()  # what the colours were last worked out from (see render_lines)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw, working the colours out from CSS again only when what they come from has changed.

        TextArea works them out (`TextAreaTheme.apply_css`) each time it draws, and any
        change of text throws away what that reads from, so each item shown and each key
        typed paid for it. They come from the text area's theme, the app's theme, the
        colours around and of the field (its rich_style) and its component styles, which
        Textual makes anew whenever it applies CSS to the field (focus, a theme, a class).
        """
        styled_by = (self._theme, self.app.theme, self.rich_style, *self._component_styles.values())
        if styled_by != self._styled_by:
            self._styled_by = styled_by
            return super().render_lines(crop)
        return Widget.render_lines(self, crop)  # TextArea's own, less the colours

    def load(self, text: str) -> None:
        """Show another answer's text: the view at its start, unless the cursor is in this
        field already (moving on with Ctrl+↓ from inside it), when it goes after the text.

        The same words as shown (an empty field, most often) keep their document, as
        load_text would leave it but without building and drawing it again; the undo
        history goes all the same, so Ctrl+Z cannot reach into the answer shown before.
        """
        if text == self.text:
            self.history.clear()
            self.move_cursor((0, 0))
        else:
            self.load_text(text)
        self._loaded = not self.has_focus
        if self.has_focus:
            self.action_text_end()

    def on_focus(self, event: events.Focus) -> None:
        if self._loaded and not event.from_app_focus:  # not the terminal window regaining focus
            self._loaded = False
            self.action_text_end()

    def action_text_start(self) -> None:
        self.move_cursor((0, 0))

    def action_text_end(self) -> None:
        self.move_cursor(self.document.end)
