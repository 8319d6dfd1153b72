"""The rating chooser: the framework's own scale, one line per value.

The chosen value is marked (•) in the text itself, not only by colour. Digits pick a
value directly (1 for the first), so rating an item is one key press. Where the
framework says what a value requires, it is shown under the highlighted value, one
at a time, so the choice is made against the framework's words rather than a guess
at what "Fully met" means, and the chooser stays short on a small terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.cache import LRUCache
from textual.geometry import Region
from textual.style import Style
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...framework import Scale, ScaleValue
from .options import SteadyOptionList


class RatingChooser(SteadyOptionList):
    """Options are the scale's values and then a way back to 'no rating'."""

    @dataclass
    class Chosen(Message):
        chooser: RatingChooser
        rating: str | None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._values: list[str | None] = []
        self._shown: tuple = ()
        self._described: int | None = None  # the option whose description is on screen
        self._faces: dict[tuple, Option] = {}  # every option shown so far for `_faces_of`, never changed once made
        self._faces_of: Scale | None = None
        self._drawn: LRUCache[tuple, list[Strip]] = LRUCache(256)  # the faces' drawn lines, kept across set_options
        self._drawn_at: tuple | None = None  # the width and padding the frame being drawn is drawn at

    def show(self, scale: Scale, chosen: str | None, clear_label: str) -> None:
        """Mark `chosen` and highlight it; the options are rebuilt only when they differ from those on screen.

        Rebuilt, they already describe the value highlighted, so the page is laid out once
        for the new item rather than again when the description arrives.
        """
        if self._shown != (scale, chosen, clear_label):
            self._shown = (scale, chosen, clear_label)
            self._values = [*scale.ids, None]
            self._described = self._index_of(chosen)
            self._put_faces()
        self.highlighted = self._index_of(chosen)

    def _index_of(self, chosen: str | None) -> int:
        return self._values.index(chosen) if chosen in self._values else len(self._values) - 1

    def _put_faces(self) -> None:
        """Show each value as it now looks (chosen or not, described or not).

        A value looks one of four ways, so each look is made and drawn once and then
        reused: moving between items, or ↑ ↓ in the chooser, draws from memory what an
        earlier item already showed, where Textual would rebuild and redraw every option.
        """
        scale, chosen, clear_label = self._shown
        if scale is not self._faces_of:
            self._faces, self._faces_of = {}, scale
            self._drawn.clear()
        options = []
        for n, value in enumerate(self._values):
            key = (n, value == chosen, n == self._described, clear_label)
            if (option := self._faces.get(key)) is None:
                option = self._faces[key] = Option(self._option(n, described=n == self._described))
            options.append(option)
        self.set_options(options)

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            return super().render_lines(crop)
        finally:
            self._drawn_at = None  # worked out once in each frame (see _get_option_render), afresh outside one

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """Textual's drawing of an option, kept while its face is: Textual forgets it on set_options."""
        if self._drawn_at is None:  # what else an option's drawing depends on: the same for every line of a frame
            self._drawn_at = (self.scrollable_content_region.width, self.get_component_styles("option-list--option").padding)
        key = (option, style, *self._drawn_at)
        if (strips := self._drawn.get(key)) is None:
            strips = self._drawn[key] = super()._get_option_render(option, style)
        return strips

    def _option(self, index: int, described: bool = False) -> Text:
        scale, chosen, clear_label = self._shown
        if index == len(scale.values):
            return self._prompt(index + 1, clear_label, chosen is None, "")
        v = scale.values[index]
        return self._prompt(index + 1, v.label, v.id == chosen, _worth(v), v.description if described else None)

    @on(OptionList.OptionHighlighted)
    def _describe(self, event: OptionList.OptionHighlighted) -> None:
        """Say what the highlighted value requires; the one described before goes back to one line."""
        event.stop()
        if event.option_index == self._described or not self._shown:
            return
        self._described = event.option_index
        self._put_faces()
        self.highlighted = event.option_index  # set_options let go of it

    @staticmethod
    def _prompt(number: int, label: str, chosen: bool, worth: str, description: str | None = None) -> Text:
        return Text.assemble(
            (f"{number} ", "dim"), ("(•) " if chosen else "( ) ", "bold" if chosen else ""), (label, "bold" if chosen else ""),
            (f"  {worth}" if worth else "", "dim"), (f"\n      {description}" if description else "", "dim"),
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self._values[event.option_index]))

    def choose(self, number: int) -> bool:
        """Choose the value numbered `number` (1 for the first); False when there is none."""
        if not 1 <= number <= len(self._values):
            return False
        self.highlighted = number - 1
        self.action_select()
        return True

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and self.choose(int(event.character)):
            event.stop()


def _worth(value: ScaleValue) -> str:
    if value.not_applicable:
        return "not scored"
    return f"{value.points} point" + ("" if value.points == 1 else "s")
