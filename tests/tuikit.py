"""Building blocks for the TUI tests: an app on a copy of a file, in a directory of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from csf.registry import Registry
from csf.tui.app import CsfApp
from csf.tui.recent import RecentFiles
from csf.tui.session import Session

from .conftest import REPO
from .helpers import mini, write_yaml

LAMBETH = REPO / "assessments" / "examples" / "lambeth.yaml"
WHO = "tester"


def lambeth_copy(directory: Path) -> Path:
    target = directory / "assessments" / "lambeth.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(LAMBETH, target)
    return target


def app_for(directory: Path, path: Path | None = None, frameworks: Path | None = None) -> CsfApp:
    """The app as `csf open PATH` (or plain `csf`) would start it, remembering files under `directory`."""
    registry = Registry([frameworks] if frameworks else [])
    session = Session.open(path, registry, WHO) if path is not None else None
    return CsfApp(registry, RecentFiles(directory / "state" / "recent.json"), WHO, session, directory / "assessments")


BACKGROUND = {"autosave", "home", "export"}  # worker groups that finish by themselves; others wait on a dialog


async def settle(app: CsfApp, pilot) -> None:
    """Let saving, scoring and reading run out, and the messages they post be handled."""
    await pilot.pause()
    running = [w for w in app.workers if w.group in BACKGROUND]
    if running:  # an empty list would mean "every worker"
        await app.workers.wait_for_complete(running)
    await pilot.pause()


def derived_framework(directory: Path) -> Path:
    """A small framework with one BVPI-Q2-like derived question, written to `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    data = mini(
        id="derived",
        scale={"values": [{"id": "yes", "label": "Yes", "points": 1}, {"id": "no", "label": "No", "points": 0}]},
        scoring={"method": "points", "denominator": "all", "decimals": 1, "formula": "N = (a / 2) × 100"},
        sections=[{
            "id": "1", "title": "Questions",
            "items": [
                {
                    "id": "Q1", "type": "question", "text": "Is there a refuge place per ten thousand people?",
                    "inputs": [
                        {"name": "places", "label": "Refuge places", "type": "integer", "minimum": 0},
                        {"name": "population", "label": "Population", "type": "integer", "minimum": 1},
                    ],
                    "derive": {"when": "places >= population / 10000", "then": "yes", "otherwise": "no",
                               "explain": "At least 1 place per 10,000 people"},
                },
                {"id": "Q2", "type": "question", "text": "Is there a forum?"},
            ],
        }],
    )
    write_yaml(directory / "derived.yaml", data)
    return directory


async def at_first_item(app: CsfApp, pilot) -> None:
    """Settle, then from the factor text a return like Lambeth's opens on, Ctrl+N to its first item."""
    await settle(app, pilot)
    if app.screen.current_key.startswith("section:"):
        await pilot.press("ctrl+n")
        await settle(app, pilot)
