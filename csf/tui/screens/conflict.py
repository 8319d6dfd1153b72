"""Someone changed the file behind our back: say so, and say what happens next.

Nothing is overwritten or dropped: this window's version is written to a new file
beside the original before the original is read back, so one key can never throw
typing away. The dialog names that file before anything happens.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..widgets.status import key_footer

KEEP_BOTH = "keep-both"


class ConflictDialog(ModalScreen[str]):
    """Returns KEEP_BOTH, the one way on: nothing is lost or overwritten."""

    def __init__(self, file_name: str, mine_name: str):
        super().__init__()
        self.file_name = file_name
        self.mine_name = mine_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog conflict"):
            yield Static("The file changed on disk", classes="dialog-title")
            yield Static(
                f"{self.file_name} was changed by someone or something else since you opened it. "
                "Your latest changes have not been written to it, and will not be without your say."
            )
            yield Static(f"Keep both: your version is written to {self.mine_name}, then {self.file_name} is opened "
                         "as it now is, so you can compare the two and carry on in either.")
            with Horizontal(classes="buttons"):
                yield Button("Keep both", variant="primary", id=KEEP_BOTH, compact=True)
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one(f"#{KEEP_BOTH}", Button).focus()  # Enter keeps everything

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
