"""TUI timings: first screen and the cost of one move, each against the same widgets without csf.

Each first-screen figure is the time from making the app to its first screen being
mounted and idle, the same wait for both apps. csf's includes opening the assessment; the
reference reads the same two files with PyYAML's C loader, the least any program showing
them must do, and builds a widget tree of the same size as csf's assessment screen.

A move is what one step to the next item costs the process: CPU time from the step
until every frame it causes has been laid out and painted by the app's own 60 Hz
refresh, less the CPU time of an idle moment of the same length. CPU time rather than
wall-clock time, because a move's repaints are spread over frames the app waits for,
and waiting is not work. Both apps, csf's and the reference with the same widget types
and nothing of csf, are measured the same way on a 1,000-item outline.
"""

from __future__ import annotations

import asyncio
import inspect
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Footer, Input, Label, OptionList, Static, TextArea, Tree

import generate
import yaml
from rounds import in_turn

SIZE = (120, 40)
LAMBETH_FRAMEWORK = Path(__file__).resolve().parent.parent / "frameworks" / "partnership-csf.yaml"
SETTLE = 0.1  # seconds after a move: six frames at 60 Hz, enough for every repaint it causes


class SameWidgetsApp(App[None]):
    """The widget types of csf's assessment screen, with nothing of csf behind them: it
    shows how much of the first screen, and of a move, is the widgets' own cost."""

    BINDINGS = [(f"ctrl+{key}", f"nothing('{key}')", f"Key {key}") for key in "bdefghk"]  # with Quit, eight footer keys, as csf shows

    def __init__(self, items: int = 55, files: tuple[Path, ...] = ()):
        super().__init__()
        self.items = items
        for path in files:  # what any program showing these files must do: read them
            with path.open("rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)

    def action_nothing(self, key: str) -> None:
        """The footer shows a key only for an action that exists."""

    def compose(self) -> ComposeResult:
        """The tree of csf's assessment screen (status line, outline, a switcher of an item
        page and a factor page), counted widget by widget, in Textual's own classes."""
        yield Static("status", id="status")
        with Horizontal():
            tree: Tree[None] = Tree("outline")
            tree.show_root = False
            for n in range(self.items):
                tree.root.add_leaf(f"· {n} {generate.sentence(n)}")
            yield tree
            with ContentSwitcher(initial="item"), VerticalScroll(id="item"):
                yield from (Static(id=f"text-{n}") for n in range(8))
                yield from (Label(f"label {n}") for n in range(6))
                yield Vertical()  # the figures form, empty on a checklist item
                yield OptionList(id="rating")
                yield TextArea(id="practice", soft_wrap=True)
                yield OptionList(id="evidence")
                yield Button("Add evidence")
                yield Input()
                yield TextArea(id="notes", soft_wrap=True)
            with VerticalScroll(id="factor"):
                yield Static(id="factor-heading")
                yield Static(id="factor-description")
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
    result = action()
    if inspect.isawaitable(result):  # csf's step is a coroutine: it moves focus once the page is shown
        await result
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
            "first_same": lambda: SameWidgetsApp(55, (LAMBETH_FRAMEWORK, example)),
            "first_10k": lambda: _csf_app(big, [frameworks]),
            "first_same_10k": lambda: SameWidgetsApp(10000, (frameworks / "bench-10000.yaml", big)),
        }
        times = in_turn([partial(lambda make: asyncio.run(_first_screen(make)), m) for m in makers.values()], repeat)
        result = {name: statistics.median(t) for name, t in zip(makers, times)}
        app = _csf_app(assessment, [frameworks])
        result["move"] = asyncio.run(_move_cost(app, lambda: app.screen.action_step(1), moves))
    same = SameWidgetsApp(1000)
    result["move_same"] = asyncio.run(_move_cost(same, same.step, moves))
    return result
