"""Command palette (Ctrl+P) entries: every action by name, and every factor and item.

Someone who has forgotten a key can type what they want ("summary", "export", or
words from an item) and get there.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .widgets.outline import item_key, section_key

if TYPE_CHECKING:
    from .screens.assessment import AssessmentScreen
    from .screens.home import HomeScreen

Command = tuple[str, Callable[[], object], str]


class _Commands(Provider):
    """Actions shown before anything is typed; `_targets` join them once the person types."""

    @abstractmethod
    def _actions(self) -> list[Command]: ...

    def _targets(self) -> Iterator[Command]:
        return iter(())

    async def discover(self) -> Hits:
        for name, run, hint in self._actions():
            yield DiscoveryHit(name, run, help=hint)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, hint in [*self._actions(), *self._targets()]:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=hint or None)


class AssessmentCommands(_Commands):
    @property
    def _screen(self) -> AssessmentScreen:
        return self.screen  # type: ignore[return-value]

    def _actions(self) -> list[Command]:
        s = self._screen
        return [
            ("Next item to answer", s.action_next_unanswered, "Ctrl+N"),
            ("Summary: scores and what is left to do", s.action_summary, "Ctrl+R"),
            ("Export (Word, Markdown, HTML, JSON, CSV)", s.action_export, "Ctrl+O"),
            ("Find an item", s.action_find, "Ctrl+F"),
            ("Go to a factor", s.action_jump_to_factor, "Ctrl+G"),
            ("Save now", s.action_save, "Ctrl+S; csf also saves by itself"),
            ("Help: keys and marks", s.action_help, "F1"),
            ("Open another assessment", self.app.action_home, "the list of assessments"),
        ]

    def _targets(self) -> Iterator[Command]:
        s = self._screen
        for section in s.session.framework.sections:
            yield f"Go to factor {section.heading}", partial(s.go_to, section_key(section.id)), ""
            for item in section.items:
                yield f"Go to {item.id} {item.text}", partial(s.go_to, item_key(item.id)), ""


class HomeCommands(_Commands):
    @property
    def _screen(self) -> HomeScreen:
        return self.screen  # type: ignore[return-value]

    def _actions(self) -> list[Command]:
        s = self._screen
        return [
            ("New assessment", s.action_new, "n"),
            ("Read the list of assessments again", s.action_refresh, "r"),
            ("Help: keys and marks", s.action_help, "F1"),
        ]
