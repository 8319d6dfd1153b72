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
from textual.widgets import Input, Label, Select, Static

from ...assessment import InputValue
from ...framework import Input as FigureSpec

YES_NO = [("Yes", True), ("No", False)]


def parse_number(text: str, whole: bool, minimum: float | None = None) -> int | float | None:
    """'270,000' → 270000; blank → None. ValueError says what is wrong, in words."""
    text = text.strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError("is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("is not a number")
    if whole and not value.is_integer():
        raise ValueError("must be a whole number")
    if minimum is not None and value < minimum:
        raise ValueError(f"must be at least {minimum:g}")
    return int(value) if value.is_integer() else value


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
        self._specs: tuple[FigureSpec, ...] = ()
        self._values: dict[str, InputValue] = {}

    async def show(self, specs: tuple[FigureSpec, ...], values: Mapping[str, InputValue]) -> None:
        self._specs = specs
        self._values = {s.name: values.get(s.name) for s in specs}
        await self.remove_children()
        rows = [Horizontal(Label(s.label), self._field(n, s), classes="row figure") for n, s in enumerate(specs)]
        await self.mount_all([*rows, Static(id="figure-problems", classes="problems")])

    def _field(self, index: int, spec: FigureSpec) -> Input | Select:
        value = self._values[spec.name]
        if spec.type == "boolean":
            return Select(YES_NO, value=Select.NULL if value is None else value, prompt="not given", id=f"figure-{index}",
                          compact=True)
        return Input(shown(value), placeholder="a number" if spec.type == "number" else "a whole number", id=f"figure-{index}",
                     compact=True)

    def _spec_of(self, widget_id: str | None) -> FigureSpec:
        return self._specs[int((widget_id or "").removeprefix("figure-"))]

    @on(Input.Changed)
    @on(Input.Submitted)
    def _typed(self, event: Input.Changed | Input.Submitted) -> None:
        event.stop()
        spec = self._spec_of(event.input.id)
        problems = self.query_one("#figure-problems", Static)
        try:
            self._values[spec.name] = parse_number(event.value, spec.type == "integer", spec.minimum)
        except ValueError as e:
            problems.update(f"! {spec.label}: {event.value.strip()!r} {e}, so it is not saved.")
            return
        problems.update("")
        self.post_message(self.Changed(self, self._given(), isinstance(event, Input.Submitted)))

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        spec = self._spec_of(event.select.id)
        self._values[spec.name] = None if event.value is Select.NULL else bool(event.value)
        self.post_message(self.Changed(self, self._given(), True))

    def _given(self) -> Mapping[str, InputValue]:
        """Only the figures given: a blank field is no figure, not a null in the file."""
        return MappingProxyType({k: v for k, v in self._values.items() if v is not None})
