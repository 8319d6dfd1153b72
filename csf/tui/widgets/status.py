"""The top line of every screen: where you are on the left, how far you have got on the right."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from ...report import Report


class StatusLine(Static):
    """Left text shortened with an ellipsis before the right text is ever cut."""

    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    left = ""
    right = ""

    def show(self, left: str, right: str = "") -> None:
        if (left, right) == (self.left, self.right):
            return
        self.left, self.right = left, right
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(Text(left, style="bold"), Text(right))
        self.update(grid)


def assessment_title(report: Report) -> str:
    a = report.assessment
    area = f"{a.area} {a.period}" if a.period else a.area
    return f"{area} · {report.framework.label}"


def progress(report: Report) -> str:
    """'12 of 49 answered · score 70.0%': the score always beside how much it covers."""
    text = f"{report.answered} of {report.total} answered"
    card = report.scorecard
    if report.framework.scoring.method != "none":
        shown = card.format(card.overall)
        text += f" · score {shown}" if card.overall.scored else f" · {shown}: nothing rated yet"
    return text


class KeyFooter(Footer):
    """Textual's Footer, with its keys from the start and rebuilt only when they change.

    Textual's Footer starts empty and builds its keys (a widget each) once the screen first
    says its bindings changed, then afresh whenever focus moves or the screen says so
    again, which happens several times while a screen starts and on every move between
    items; most of those times the keys are the same.
    """

    _shown: tuple = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.set_reactive(Footer._bindings_ready, True)  # the screen's keys are known when it composes

    def _keys(self) -> tuple:
        """What compose() draws from: each key shown, whether it is enabled, its tooltip."""
        return tuple((binding, enabled, tooltip) for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                     if binding.show)

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await super().recompose()


def key_footer() -> Footer:
    """The bottom line of every screen and dialog: its own keys, compact so that none is cut at 80
    columns. Ctrl+P (the palette) is in the help rather than taking a tenth of the line."""
    return KeyFooter(compact=True, show_command_palette=False)
