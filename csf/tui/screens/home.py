"""The first screen of `csf`: the assessments here and lately opened, and "New assessment".

Each row is read with the same loader and scored with the same function as everywhere
else, on a worker thread so the screen appears at once. A file that cannot be read is
listed with the reason rather than left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ... import store
from ...errors import CsfError, display
from ...registry import Registry
from ...report import evaluate
from ..commands import HomeCommands
from ..recent import RecentFiles
from ..widgets.status import StatusLine, key_footer
from .help import HelpScreen
from .new_assessment import NewAssessment

COLUMNS = ("Area", "Answered", "Score", "Framework", "File")
AREA, FRAMEWORK, FILE = (COLUMNS.index(name) for name in ("Area", "Framework", "File"))
NARROWEST = 10
UNREADABLE = "(cannot open)"


@dataclass(frozen=True)
class Row:
    path: Path
    cells: tuple[str, ...]


class HomeScreen(Screen[None]):
    COMMANDS = {HomeCommands}
    BINDINGS = [
        Binding("n", "new", "New assessment", id="home.new"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
        Binding("delete", "forget", "Forget", key_display="Del", id="home.forget"),
        Binding("f1,question_mark", "help", "Help", key_display="F1", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self, registry: Registry, recent: RecentFiles, directory: Path):
        super().__init__()
        self.registry = registry
        self.recent = recent
        self.directory = directory
        self._rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-hint", classes="hint")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("csf · assessments", f"in {display(self.directory)}/ and opened lately")

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self._read(self._paths())

    def _paths(self) -> list[Path]:
        """Lately opened first, then the assessments directory; each file once."""
        found = self.recent.files()
        if self.directory.is_dir():
            found += sorted(self.directory.rglob("*.yaml"))
        seen: dict[Path, Path] = {}
        for path in found:
            seen.setdefault(path.resolve(), path)
        return list(seen.values())

    @work(thread=True, exclusive=True, group="home")
    def _read(self, paths: list[Path]) -> None:
        rows = [self._row(path) for path in paths]
        self.app.call_from_thread(self._fill, rows)

    def _row(self, path: Path) -> Row:
        try:
            loaded = store.load(path, self.registry)
            report = evaluate(loaded.framework, loaded.assessment)
        except (CsfError, OSError) as e:
            reason = " ".join(str(e).split()) or type(e).__name__
            name = self._shown_name(path)
            reason = re.sub(r"^(\d+): ", r"line \1: ", reason.removeprefix(f"{display(path)}:").strip())
            return Row(path, (UNREADABLE, "", "", "", f"{name}\n{reason}"))
        a, card = report.assessment, report.scorecard
        score = card.format(card.overall) if report.framework.scoring.method != "none" else ""
        area = f"{a.area} {a.period}" if a.period else a.area
        return Row(path, (area, f"{report.answered}/{report.total}", score, report.framework.label, self._shown_name(path)))

    def _shown_name(self, path: Path) -> str:
        """A file in the assessments folder by its name there (the top line names the folder); any other as it is."""
        try:
            return str(path.resolve().relative_to(self.directory.resolve()))
        except ValueError:
            return display(path)

    def _fill(self, rows: list[Row]) -> None:
        self._rows = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # Each column's width set here, not measured by the table on its own idle (a frame drawn
        # before then stays cached at header width); a cell wider than its column wraps.
        for label, width in zip(COLUMNS, self._widths(rows, table.size.width)):
            table.add_column(label, width=width)
        for row in rows:
            cells = [Text(cell) for cell in row.cells]  # shown as written, not as markup
            if row.cells[0] == UNREADABLE:
                cells[FILE].stylize("red", len(row.cells[FILE].split("\n")[0]))
            table.add_row(*cells, key=str(row.path), height=None)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        hint = "Enter opens the highlighted assessment; n starts a new one." if rows else (
            f"No assessments yet in {display(self.directory)}/. Press n to start one.")
        self.query_one("#home-hint", Static).update(hint)
        table.focus()

    @staticmethod
    def _widths(rows: list[Row], room: int) -> list[int]:
        """Every column as wide as its widest cell, so long as the File column stays on screen.

        On a narrow screen the others give way, and their cells wrap: first Area down to its
        widest borough name (so only "(cannot open)" wraps), then Framework, then Area again.
        Why a file cannot be opened is printed under its name and never sets a width.
        """
        readable = [row for row in rows if row.cells[0] != UNREADABLE]
        widths = [max(cell_len(text) for text in (label, *(row.cells[i] for row in readable))) for i, label in enumerate(COLUMNS)]
        names = [cell_len(row.cells[FILE].split("\n")[0]) for row in rows]
        widths[FILE] = max(widths[FILE], *names) if rows else widths[FILE]
        widths[AREA] = max(widths[AREA], *(cell_len(UNREADABLE) for row in rows if row not in readable), 0)
        room -= 2 * len(COLUMNS) + 1  # each cell's padding, and the scroll bar
        floors = [(AREA, max([cell_len(COLUMNS[AREA]), *(cell_len(r.cells[AREA]) for r in readable)])),
                  (FRAMEWORK, NARROWEST), (AREA, NARROWEST)]
        for index, floor in floors:
            excess = sum(widths) - room
            if excess > 0:
                widths[index] = max(min(floor, widths[index]), widths[index] - excess)
        return widths

    def on_resize(self) -> None:
        if self._rows:
            self._fill(self._rows)

    def action_forget(self) -> None:
        """Take the highlighted file off "opened lately"; a file in the assessments folder stays listed."""
        table = self.query_one(DataTable)
        if not self._rows:
            return
        path = self._rows[table.cursor_row].path
        if not self.recent.forget(path):
            self.notify(f"{display(path)} is listed because it is in {display(self.directory)}/, not because you "
                        "opened it lately.", timeout=6)
            return
        self.notify(f"{display(path)} is off the list of files opened lately; the file itself is untouched.", timeout=6)
        self.action_refresh()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_assessment(Path(str(event.row_key.value)))

    @work
    async def action_new(self) -> None:
        path = await self.app.push_screen_wait(NewAssessment(self.registry, self.directory))
        if path is not None:
            self.app.open_assessment(path)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

