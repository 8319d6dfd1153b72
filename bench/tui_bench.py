"""TUI timings: first screen against a bare Textual app, and one move between items.

Each first-screen figure is the time from starting `run_test` to the first screen being
mounted and idle, the same wait for both apps. A move is the `step` action on a
1,000-item framework and the layout and render it causes, less what Pilot.pause costs
on its own (it waits for the next refresh tick even when nothing changed).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Static, TextArea, Tree


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("csf")


class SameWidgetsApp(App[None]):
    """The widget types of csf's assessment screen, with nothing of csf behind them: it
    shows how much of the first screen is the widgets' own cost."""

    BINDINGS = [(f"ctrl+{key}", "quit", key) for key in "bdefghkl"]

    def compose(self) -> ComposeResult:
        with Horizontal():
            tree: Tree[None] = Tree("outline")
            for n in range(55):
                tree.root.add_leaf(f"item {n}")
            yield tree
            with VerticalScroll():
                yield from (Static(f"text {n}") for n in range(11))
                yield from (Label(f"label {n}") for n in range(6))
                yield Input()
                yield Button("Add evidence")
                yield from (TextArea("practice " * 200, soft_wrap=True) for _ in range(3))
        yield Footer()


def _csf_app(path: Path, frameworks: list[Path]):
    from csf.registry import Registry
    from csf.tui.app import CsfApp
    from csf.tui.recent import RecentFiles
    from csf.tui.session import Session

    registry = Registry(frameworks)
    state = Path(tempfile.mkdtemp()) / "recent.json"
    return CsfApp(registry, RecentFiles(state), "bench", session=Session.open(path, registry, "bench"))


async def _first_screen(make) -> float:
    start = time.perf_counter()
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
        await pilot.press("ctrl+q")
    return elapsed


async def _moves(path: Path, frameworks: list[Path], count: int) -> tuple[float, float]:
    """Median (move + wait for the screen) and median (wait alone): their difference is the move."""
    app = _csf_app(path, frameworks)
    moves, waits = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(count):
            start = time.perf_counter()
            await pilot.pause()
            waits.append(time.perf_counter() - start)
            start = time.perf_counter()
            screen.action_step(1)
            await pilot.pause()
            moves.append(time.perf_counter() - start)
        await pilot.press("ctrl+q")
    return statistics.median(moves), statistics.median(waits)


def measure(example: Path, repeat: int) -> tuple[float, float, float, float]:
    """(first screen with the example, of a bare app, of the same widgets, median move on 1,000 items)."""
    import generate

    ours = statistics.median(asyncio.run(_first_screen(lambda: _csf_app(example, []))) for _ in range(repeat))
    bare = statistics.median(asyncio.run(_first_screen(BareApp)) for _ in range(repeat))
    same = statistics.median(asyncio.run(_first_screen(SameWidgetsApp)) for _ in range(repeat))
    with tempfile.TemporaryDirectory() as tmp:
        frameworks = Path(tmp) / "frameworks"
        frameworks.mkdir()
        _, assessment = generate.write(frameworks, 1000)
        move, wait = asyncio.run(_moves(assessment, [frameworks], 50))
    return ours, bare, same, max(0.0, move - wait)
