"""Someone changed the file behind our back: say so, and let the person choose.

Nothing is overwritten either way. "Keep both" writes this window's version to a new
file beside the original before reading the original back.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

RELOAD, KEEP_BOTH = "reload", "keep-both"


class ConflictDialog(ModalScreen[str]):
    """Returns RELOAD or KEEP_BOTH; there is no way out that loses or overwrites work."""

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
            yield Static(f"Keep both: your version is written to {self.mine_name}, then {self.file_name} is opened as it now is.")
            yield Static("Reload: your changes since the last save are dropped and the file is opened as it now is.")
            with Horizontal(classes="buttons"):
                yield Button("Keep both", variant="primary", id=KEEP_BOTH, compact=True)
                yield Button("Reload (drop mine)", variant="error", id=RELOAD, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{KEEP_BOTH}", Button).focus()  # Enter keeps everything

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
