"""The first screen of `csf`: the assessments here and lately opened, and "New assessment".

Each row is read with the same loader and scored with the same function as everywhere
else, on a worker thread so the screen appears at once. A file that cannot be read is
listed with the reason rather than left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ... import store
from ...errors import CsfError, display
from ...registry import Registry
from ...report import evaluate
from ..commands import HomeCommands
from ..recent import RecentFiles
from ..widgets.status import StatusLine
from .help import HelpScreen
from .new_assessment import NewAssessment

COLUMNS = ("Area", "Answered", "Score", "Framework", "File")


@dataclass(frozen=True)
class Row:
    path: Path
    cells: tuple[str, ...]


class HomeScreen(Screen[None]):
    COMMANDS = {HomeCommands}
    BINDINGS = [
        Binding("n", "new", "New assessment", id="home.new"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
        Binding("f1,question_mark", "help", "Help", key_display="F1", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self, registry: Registry, recent: RecentFiles, directory: Path):
        super().__init__()
        self.registry = registry
        self.recent = recent
        self.directory = directory

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-hint", classes="hint")
        yield Footer()

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
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            return Row(path, ("(cannot open)", "", "", reason, display(path)))
        a, card = report.assessment, report.scorecard
        score = card.format(card.overall) if report.framework.scoring.method != "none" else ""
        area = f"{a.area} {a.period}" if a.period else a.area
        return Row(path, (area, f"{report.answered}/{report.total}", score, report.framework.label, display(path)))

    def _fill(self, rows: list[Row]) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # Each column as wide as its widest cell, set here: left to itself the table measures
        # rows on its own idle, and a frame drawn before then stays cached at header width.
        for index, label in enumerate(COLUMNS):
            table.add_column(label, width=max(cell_len(text) for text in (label, *(row.cells[index] for row in rows))))
        for row in rows:
            table.add_row(*(Text(cell) for cell in row.cells), key=str(row.path))  # shown as written, not as markup
        hint = "Enter opens the highlighted assessment; n starts a new one." if rows else (
            f"No assessments yet in {display(self.directory)}/. Press n to start one.")
        self.query_one("#home-hint", Static).update(hint)
        table.focus()

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

