"""The csf TUI application: the home screen or one assessment, and a clean way out.

Quitting writes every open assessment (Session.close) and never asks "save?": there is
nothing unsaved to ask about. If the file changed on disk while it was open, this
version goes to a new file beside it and the person is told where, after the screen
closes. If a file cannot be written at all (a full disk, say), the app stays open with
the work on screen and says why; once the app has stopped, such a failure is printed as
an `error:` line naming the file.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from rich.text import Text
from textual.app import App

from ..errors import EXIT_PROBLEMS, CsfError, display, reason
from ..registry import Registry
from .recent import RecentFiles, default_path
from .screens.assessment import AssessmentScreen
from .screens.evidence import EvidenceForm
from .screens.home import HomeScreen
from .session import Session


QUEUE_WAIT = 0.5  # seconds Ctrl+Q waits for keys already on their way to a field


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
        self._quit_refused = False  # a quit was refused because a file could not be saved
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
        if isinstance(screen, AssessmentScreen):
            try:
                note = self._close(screen)
            except (CsfError, OSError) as e:
                self._not_saved(screen.session, e, "go to the list of assessments again")
                return
            self.sessions.remove(screen.session)
            if note:
                self.notify(note, severity="warning", timeout=30)
        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen(self.registry, self.recent, self.directory))

    async def action_quit(self) -> None:
        """Save every open assessment, then stop.

        If one cannot be saved, say so and stay open, so the person can put it right or
        copy their text; quitting again after that leaves, and run() reports the file.
        """
        await self._typed_so_far()
        notes, failed = self._salvage_forms(), []
        for screen in [s for s in self.screen_stack if isinstance(s, AssessmentScreen)]:
            try:
                note = self._close(screen)
            except (CsfError, OSError) as e:
                failed.append((screen.session, e))
                continue
            if note:
                notes.append(note)
        if failed and not self._quit_refused:
            self._quit_refused = True
            for note in notes:
                self.notify(note, severity="warning", timeout=30)
            for session, e in failed:
                self._not_saved(session, e, "quit again (if it still cannot be saved, that leaves without it)")
            return
        unsaved = [session for session, _ in failed]
        self.sessions = [s for s in self.sessions if s in unsaved]  # run() tries these once more, and says so
        self.exit(message=Text("\n".join(f"warning: {note}" for note in notes)) if notes else None)

    async def _typed_so_far(self) -> None:
        """Let the field with the cursor take in the keys pressed before Ctrl+Q.

        Ctrl+Q is acted on by the app as soon as it arrives; keys typed a moment before it
        may still wait in the field's queue, behind which this callback now waits too.
        """
        done = asyncio.Event()
        if self.focused is not None and self.focused.call_later(done.set):
            try:
                await asyncio.wait_for(done.wait(), QUEUE_WAIT)
            except TimeoutError:  # the field has stopped taking messages: quit with what it has
                pass

    def _salvage_forms(self) -> list[str]:
        """Evidence forms still open at Ctrl+Q: each keeps its entry (or a draft) before the files are written."""
        notes = []
        for screen in list(self.screen_stack):
            if isinstance(screen, EvidenceForm) and screen.on_quit is not None:
                if note := screen.on_quit(screen):
                    notes.append(note)
                screen.on_quit = None  # a second Ctrl+Q (after a failed save) must not add the entry twice
        return notes

    def _close(self, screen: AssessmentScreen) -> str | None:
        """Save the screen's assessment for good; a note if it had to go to a file of its own.

        Raises CsfError or OSError (a full disk, say) when it could not be written at all.
        """
        self.recent.leave(screen.session.path, screen.current_key)
        mine = screen.close()
        return kept_note(screen.session.path, mine) if mine is not None else None

    def _not_saved(self, session: Session, error: Exception, wanted: str) -> None:
        """The screen stays, with the work on it, so the person can put things right or copy their text."""
        self.notify(f"{reason(error)}. Your changes are still on screen: put that right, or copy your text, "
                    f"then {wanted}.", title=f"Could not save {display(session.path)}", severity="error", timeout=30)

    def close_sessions(self) -> list[str]:
        """After the app has stopped, however it stopped: save what is still held.

        Returns the lines to print: a note for a version kept in a file of its own, an
        error for a file that could not be written. One failure does not stop the others.
        """
        lines = []
        for session in self.sessions:
            try:
                mine = session.close()
            except (CsfError, OSError) as e:
                lines.append(f"error: could not save {display(session.path)}: {reason(e)}; "
                             "the changes made since it was last saved are lost")
                continue
            if mine is not None:
                lines.append(f"warning: {kept_note(session.path, mine)}")
        self.sessions.clear()
        return lines


def kept_note(path: Path, mine: Path) -> str:
    return f"{display(path)} changed on disk while it was open; your version is in {display(mine)}"


def run(registry: Registry, who: str, path: Path | None) -> int:
    """Entry point for `csf` and `csf open FILE`; a file that cannot be opened fails before the screen."""
    session = Session.open(path, registry, who) if path is not None else None
    app = CsfApp(registry, RecentFiles(default_path()), who, session)
    lines: list[str] = []
    try:
        app.run()
    finally:
        lines = app.close_sessions()
        for line in lines:
            print(line, file=sys.stderr)
    if any(line.startswith("error:") for line in lines):
        return EXIT_PROBLEMS
    return app.return_code or 0
