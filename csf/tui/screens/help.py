"""Every key, what the marks mean, and how saving works, on one screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.status import key_footer

CONTRACT = (
    "However you arrive at an item (Ctrl+N, Ctrl+↓/↑, F7/F8, Ctrl+F, the palette, a click or Enter in the "
    "outline, a line of the summary), the cursor is on its rating, so a digit rates it. A digit rates the "
    "item from anywhere on its page except inside a text field. Tab goes rating → (its figures, if its "
    "answer is worked out from them) → current practice → "
    "evidence → notes → the next item's rating; Shift+Tab goes back. A key pressed where nothing takes "
    "typing says where typing goes instead."
)

KEYS = {
    "Anywhere": [
        ("F1 or ?", "this help (? only when you are not typing in a field)"),
        ("Ctrl+P", "command palette: every command, every factor and item by name"),
        ("Ctrl+Q", "quit; everything is already saved, so nothing is asked; an open evidence form is kept too"),
        ("Tab / Shift+Tab", "next / previous field; past an item's notes, the next item's rating"),
        ("Ctrl+Home / Ctrl+End", "in a text field: start / end of the whole text"),
    ],
    "Assessment": [
        ("Ctrl+↓ or F8", "next row of the outline (factor or item)"),
        ("Ctrl+↑ or F7", "previous row of the outline"),
        ("Ctrl+N", "next item not yet answered"),
        ("Ctrl+G", "go to a factor"),
        ("Ctrl+F", "find words in the framework and in what you wrote (practice, evidence, notes, factor text)"),
        ("Ctrl+R", "summary: scores, bars, everything still to do"),
        ("Ctrl+O", "export (Word, Markdown, HTML, JSON, CSV) to exports/"),
        ("Ctrl+S", "save now (csf also saves by itself within a second)"),
        ("Ctrl+T", "the action plan: actions by priority with their RAG word"),
        ("F6", "add an action for the item on screen to the action plan"),
        ("Esc", "back to the outline; there ↑ ↓ move and Enter goes to the answer"),
        ("f", "in the outline: only unanswered items, then only flagged ones, then all"),
        ("1 2 3 …", "rate the item on screen, from anywhere on its page but a text field"),
        ("a / Enter / Delete", "in the evidence list: add / edit / remove an entry"),
        ("31/03/2009", "a date in an evidence form; 31 March 2009 and 2009-03-31 are taken too"),
    ],
    "Summary": [
        ("Enter", "go to the highlighted item"),
        ("e", "export"),
        ("Esc", "back to the assessment"),
    ],
    "Action plan": [
        ("a / Enter / p", "add an action / edit the highlighted one / add a dated progress update"),
        ("Ctrl+S or Enter", "in an action or progress form: keep it (Esc cancels)"),
        ("Esc", "back to the assessment"),
    ],
    "List of assessments": [
        ("Enter", "open the highlighted assessment"),
        ("n", "start a new assessment"),
        ("r", "read the list again"),
        ("Delete", "take the highlighted file off the files opened lately (the file itself stays)"),
        ("q", "quit"),
    ],
}

MARKS = [
    ("✓", "answered"),
    ("·", "not answered yet"),
    ("!", "answered, but a rule asks for something (evidence, current practice, a recent date)"),
    ("=", "supplied centrally (e.g. the brief's C1 figures, by PIB): not asked of the area"),
]

SAVING = (
    "Saving: csf writes your changes to the file within about a second of each change, when you "
    "leave a field or an item, and when you quit. If the file is changed by anyone else while you "
    "have it open, csf stops and says so: your version is written to a file beside it, and the window "
    "then shows theirs, so both are kept. It never overwrites their changes. If the "
    "file cannot be written at all (a full disk), csf says so and stays open so you can free space or "
    "copy your text; a second Ctrl+Q leaves anyway and names the file whose latest changes were lost."
)


def help_text() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    grid.add_row(Text("Where the cursor goes", style="bold underline"), "")
    grid.add_row("", CONTRACT)
    grid.add_row("", "")
    for heading, rows in KEYS.items():
        grid.add_row(Text(heading, style="bold underline"), "")
        for key, what in rows:
            grid.add_row(key, what)
        grid.add_row("", "")
    grid.add_row(Text("Marks in the outline", style="bold underline"), "")
    for mark, what in MARKS:
        grid.add_row(mark, what)
    grid.add_row("", "")
    grid.add_row("", SAVING)
    return grid


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss(None)", "Close help", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("csf: keys and marks  (Esc closes this help)", classes="dialog-title")
            yield Static(help_text())
        yield key_footer()
