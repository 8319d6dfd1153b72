"""TUI timings: first screen and the cost of one move, each against the same widgets without csf.

Each first-screen figure is the time from starting `run_test` to the first screen being
mounted and idle, the same wait for both apps.

A move is what one step to the next item costs the process: CPU time from the step
until every frame it causes has been laid out and painted by the app's own 60 Hz
refresh, less the CPU time of an idle moment of the same length. CPU time rather than
wall-clock time, because a move's repaints are spread over frames the app waits for,
and waiting is not work. Both apps, csf's and the reference with the same widget types
and nothing of csf, are measured the same way on a 1,000-item outline.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, OptionList, Static, TextArea, Tree

import generate
from rounds import in_turn

SIZE = (120, 40)
SETTLE = 0.1  # seconds after a move: six frames at 60 Hz, enough for every repaint it causes


class SameWidgetsApp(App[None]):
    """The widget types of csf's assessment screen, with nothing of csf behind them: it
    shows how much of the first screen, and of a move, is the widgets' own cost."""

    BINDINGS = [(f"ctrl+{key}", "quit", key) for key in "bdefghkl"]

    def __init__(self, items: int = 55):
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Horizontal():
            tree: Tree[None] = Tree("outline")
            tree.show_root = False
            for n in range(self.items):
                tree.root.add_leaf(f"· {n} {generate.sentence(n)}")
            yield tree
            with VerticalScroll():
                yield from (Static(id=f"text-{n}") for n in range(4))
                yield from (Label(f"label {n}") for n in range(6))
                yield OptionList(id="rating")
                yield TextArea(id="practice", soft_wrap=True)
                yield OptionList(id="evidence")
                yield Button("Add evidence")
                yield Input()
                yield TextArea(id="notes", soft_wrap=True)
            yield TextArea(id="narrative")
        yield Footer()

    def step(self) -> None:
        """Move the outline's cursor down one line and refill the page for that line."""
        tree = self.query_one(Tree)
        n = tree.cursor_line + 1
        tree.move_cursor_to_line(n)
        self.query_one("#text-0", Static).update(f"Factor {n // 100 + 1}")
        self.query_one("#text-1", Static).update(generate.sentence(n // 100, 60))
        self.query_one("#text-2", Static).update(generate.sentence(n))
        self.query_one("#rating", OptionList).set_options([f"{k} ( ) value {k}" for k in range(1, 6)])
        self.query_one("#practice", TextArea).load_text(generate.sentence(n, 80))
        self.query_one("#evidence", OptionList).set_options([f"1. {generate.sentence(n, 8)}\n   Minutes · 2009-06-01"])


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
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
        await pilot.press("ctrl+q")
    return elapsed


async def _cpu_during(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    await asyncio.sleep(SETTLE)
    return time.process_time() - start


async def _move_cost(app: App, step: Callable[[], object], count: int) -> float:
    """Median CPU seconds per move, less the median of idle moments between the moves."""
    moves, idle = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(count):
            idle.append(await _cpu_during(lambda: None))
            moves.append(await _cpu_during(step))
        await pilot.press("ctrl+q")
    return max(0.0, statistics.median(moves) - statistics.median(idle))


def measure(example: Path, repeat: int, moves: int) -> dict[str, float]:
    """Seconds: first screens (Lambeth and 10,000 items, csf and the same widgets) and the
    CPU cost of a move at 1,000 items (csf and the same widgets)."""
    with tempfile.TemporaryDirectory() as tmp:
        frameworks = Path(tmp) / "frameworks"
        frameworks.mkdir()
        _, big = generate.write(frameworks, 10000)
        _, assessment = generate.write(frameworks, 1000)
        makers = {
            "first": lambda: _csf_app(example, []),
            "first_same": SameWidgetsApp,
            "first_10k": lambda: _csf_app(big, [frameworks]),
            "first_same_10k": lambda: SameWidgetsApp(10000),
        }
        times = in_turn([partial(lambda make: asyncio.run(_first_screen(make)), m) for m in makers.values()], repeat)
        result = {name: statistics.median(t) for name, t in zip(makers, times)}
        app = _csf_app(assessment, [frameworks])
        result["move"] = asyncio.run(_move_cost(app, lambda: app.screen.action_step(1), moves))
    same = SameWidgetsApp(1000)
    result["move_same"] = asyncio.run(_move_cost(same, same.step, moves))
    return result
