"""The figures a derived answer is worked out from (BVPI Q2: population, refuge places).

One field per input the framework declares. A figure that does not parse is shown as
a problem under the fields and is not stored, so the file never holds '27o'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from textual import on
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ...assessment import InputValue, parse_number
from ...framework import Input as FigureSpec
from .line_input import LineInput

YES_NO = [("Yes", True), ("No", False)]


def shown(value: InputValue) -> str:
    """A stored figure as its field shows it: 270000 → '270,000', none → ''."""
    if value is None or isinstance(value, bool):
        return ""
    return f"{value:,}" if isinstance(value, int) else str(value)


class FiguresForm(Vertical):
    """Fields for an item's declared inputs; posts Changed with every figure that parses."""

    @dataclass
    class Changed(Message):
        form: FiguresForm
        inputs: Mapping[str, InputValue]
        final: bool

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._fields: dict[Widget, FigureSpec] = {}  # the fields on screen now, and the figure each is for

    async def show(self, specs: tuple[FigureSpec, ...], values: Mapping[str, InputValue]) -> None:
        # Fields of the item shown before may still have events queued: they are no longer
        # in `_fields`, so they are ignored rather than read as this item's figures.
        self._fields = {}
        await self.remove_children()
        fields = {self._field(s, values.get(s.name)): s for s in specs}
        rows = [Horizontal(Label(s.label), field, classes="row figure") for field, s in fields.items()]
        await self.mount_all([*rows, Static(id="figures-problems", classes="problems")])
        self._fields = fields

    @property
    def fields(self) -> list[Widget]:
        return list(self._fields)

    def label_of(self, field: Widget) -> str | None:
        spec = self._fields.get(field)
        return spec.label if spec else None

    def read(self) -> tuple[Mapping[str, InputValue], list[str]] | None:
        """The figures the fields hold now, and a problem for each field that does not parse;
        None while the fields are being rebuilt for another item.

        A field that does not parse gives no figure: what was typed on the way to it
        ("34999" on the way to "34999.5") must not stay in the file looking like the answer.
        """
        if not self._fields:
            return None
        given: dict[str, InputValue] = {}
        problems = []
        for field, spec in self._fields.items():
            if isinstance(field, Select):
                value = None if field.value is Select.NULL else bool(field.value)
            else:
                try:
                    value = parse_number(field.value, spec.type == "integer", spec.minimum)
                except ValueError as e:
                    problems.append(f"! {spec.label}: {field.value.strip()!r} {e}, so no figure is saved until it is corrected.")
                    continue
            if value is not None:  # a blank field is no figure, not a null in the file
                given[spec.name] = value
        return MappingProxyType(given), problems

    @staticmethod
    def _field(spec: FigureSpec, value: InputValue) -> Input | Select:
        if spec.type == "boolean":
            return Select(YES_NO, value=value if isinstance(value, bool) else Select.NULL, prompt="not given",
                          id=f"figure-{spec.name}", compact=True)
        return LineInput(shown(value), placeholder="a number" if spec.type == "number" else "a whole number",
                     id=f"figure-{spec.name}", compact=True)

    @on(Input.Changed)
    @on(Input.Submitted)
    def _typed(self, event: Input.Changed | Input.Submitted) -> None:
        event.stop()
        if event.input in self._fields:
            self._changed(final=isinstance(event, Input.Submitted))

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.select in self._fields:
            self._changed(final=True)

    def _changed(self, final: bool) -> None:
        read = self.read()
        assert read is not None  # an event from a field in `_fields`
        given, problems = read
        self.query_one("#figures-problems", Static).update("\n".join(problems))
        self.post_message(self.Changed(self, given, final))
