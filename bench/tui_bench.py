"""TUI timings: first screen against a bare Textual app, and one move between items.

Each first-screen figure is the time from starting `run_test` to the first screen being
mounted and idle, the same wait for both apps. A move is the `step` action on a
1,000-item framework followed by the refresh it causes (Pilot.pause waits for it).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("csf")


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


async def _moves(path: Path, frameworks: list[Path], count: int) -> list[float]:
    app = _csf_app(path, frameworks)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(count):
            start = time.perf_counter()
            screen.action_step(1)
            await pilot.pause()
            times.append(time.perf_counter() - start)
        await pilot.press("ctrl+q")
    return times


def measure(example: Path, repeat: int) -> tuple[float, float, float]:
    """(first screen with the example, first screen of a bare app, median move on 1,000 items)."""
    import generate

    ours = statistics.median(asyncio.run(_first_screen(lambda: _csf_app(example, []))) for _ in range(repeat))
    bare = statistics.median(asyncio.run(_first_screen(BareApp)) for _ in range(repeat))
    with tempfile.TemporaryDirectory() as tmp:
        frameworks = Path(tmp) / "frameworks"
        frameworks.mkdir()
        _, assessment = generate.write(frameworks, 1000)
        moves = asyncio.run(_moves(assessment, [frameworks], 50))
    return ours, bare, statistics.median(moves)
