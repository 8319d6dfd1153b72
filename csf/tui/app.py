"""The csf TUI application: the home screen or one assessment, and a clean way out.

Quitting writes every open assessment (Session.close) and never asks "save?": there is
nothing unsaved to ask about. If the file changed on disk while it was open, this
version goes to a new file beside it and the person is told where, after the screen
closes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.text import Text
from textual.app import App

from ..errors import CsfError, display
from ..registry import Registry
from .recent import RecentFiles, default_path
from .screens.assessment import AssessmentScreen
from .screens.home import HomeScreen
from .session import Session


class CsfApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "csf"

    def __init__(self, registry: Registry, recent: RecentFiles, who: str, session: Session | None = None,
                 directory: Path = Path("assessments")):
        super().__init__()
        self.registry = registry
        self.recent = recent
        self.who = who
        self.directory = directory
        self.sessions: list[Session] = []
        self._first = session

    def on_mount(self) -> None:
        if self._first is not None:
            self._push(self._first)
        else:
            self.push_screen(HomeScreen(self.registry, self.recent, self.directory))

    def open_assessment(self, path: Path) -> None:
        try:
            session = Session.open(path, self.registry, self.who)
        except CsfError as e:
            self.notify(str(e), title=f"Cannot open {display(path)}", severity="error", timeout=15)
            return
        self._push(session)

    def _push(self, session: Session) -> None:
        self.recent.add(session.path)
        self.sessions.append(session)
        self.push_screen(AssessmentScreen(session, self.registry))

    def action_home(self) -> None:
        """Close the assessment on screen and show the list of assessments."""
        screen = self.screen
        if isinstance(screen, AssessmentScreen) and (note := self._close(screen)):
            self.notify(note, severity="warning", timeout=30)
        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen(self.registry, self.recent, self.directory))

    async def action_quit(self) -> None:
        notes = [note for s in self.screen_stack if isinstance(s, AssessmentScreen) and (note := self._close(s))]
        self.exit(message=Text("\n".join(f"warning: {note}" for note in notes)) if notes else None)

    def _close(self, screen: AssessmentScreen) -> str | None:
        """Save the screen's assessment for good; a note if it had to go to a file of its own."""
        mine = screen.close()
        self.sessions.remove(screen.session)
        return kept_note(screen.session.path, mine) if mine is not None else None

    def close_sessions(self) -> list[str]:
        """After the app has stopped, however it stopped: save what is still held."""
        return [kept_note(s.path, mine) for s in self.sessions if (mine := s.close()) is not None]


def kept_note(path: Path, mine: Path) -> str:
    return f"{display(path)} changed on disk while it was open; your version is in {display(mine)}"


def run(registry: Registry, who: str, path: Path | None) -> int:
    """Entry point for `csf` and `csf open FILE`; a file that cannot be opened fails before the screen."""
    session = Session.open(path, registry, who) if path is not None else None
    app = CsfApp(registry, RecentFiles(default_path()), who, session)
    try:
        app.run()
    finally:
        for note in app.close_sessions():
            print(f"warning: {note}", file=sys.stderr)
    return app.return_code or 0
