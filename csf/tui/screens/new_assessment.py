"""Start a new assessment: which framework, which area, which period, and the file.

The file name follows the area and framework as they are typed, until the person
types a name of their own. The assessment is made by `new_assessment` and written by
`store.create`, which refuses to replace an existing file.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ... import store
from ...assessment import new_assessment
from ...errors import CsfError, display
from ...assessment import slug
from ...registry import Registry


class NewAssessment(ModalScreen[Path | None]):
    """Returns the path of the file created, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="new.cancel")]

    def __init__(self, registry: Registry, directory: Path):
        super().__init__()
        self.registry = registry
        self.directory = directory
        self._suggested = ""

    def compose(self) -> ComposeResult:
        try:
            frameworks = self.registry.all()
        except CsfError as e:
            frameworks, problems = [], [str(e)]
        else:
            problems = self.registry.problems  # files that did not load are left out, and said so
        options = [(f"{f.label} · {f.title}", (f.id, f.version)) for f in frameworks]
        with VerticalScroll(classes="dialog new"):
            yield Static("New assessment", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("Framework")
                yield Select(options, value=options[0][1] if options else Select.NULL, allow_blank=not options,
                             prompt="no framework can be read", id="framework", compact=True)
            for name, label, hint in (
                ("area", "Area", "the borough or partnership assessed, e.g. Lambeth"),
                ("period", "Period", "optional, e.g. 2009-10 for a financial year"),
                ("completed-by", "Completed by", "optional: name or role"),
                ("file", "File", ""),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield Input(placeholder=hint, id=name, compact=True)
            yield Static(_left_out(problems), id="new-problem", classes="problems")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._suggest()
        self.query_one("#area", Input).focus()

    @on(Input.Changed, "#area")
    @on(Select.Changed, "#framework")
    def _suggest(self) -> None:
        """Keep the file name in step with area and framework unless the person changed it."""
        file_input = self.query_one("#file", Input)
        chosen = self.query_one("#framework", Select).value
        framework_id = chosen[0] if chosen is not Select.NULL else "FRAMEWORK"
        area = self.query_one("#area", Input).value
        suggestion = display(self.directory / f"{slug(area) if area.strip() else 'AREA'}-{framework_id}.yaml")
        if file_input.value in ("", self._suggested):
            file_input.value = suggestion
        self._suggested = suggestion

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        chosen = self.query_one("#framework", Select).value
        value = {name: self.query_one(f"#{name}", Input).value.strip() for name in ("area", "period", "completed-by", "file")}
        problem = self.query_one("#new-problem", Static)
        if chosen is Select.NULL:
            return  # no framework could be read; the problem line says why
        framework_id, version = chosen
        if not value["file"]:
            problem.update("! Name the file to create.")
            return
        path = Path(value["file"])
        try:
            framework = self.registry.get(framework_id, version)
            assessment = new_assessment(framework, value["area"], value["period"], value["completed-by"])
            path.parent.mkdir(parents=True, exist_ok=True)
            store.create(path, assessment)
        except (CsfError, OSError) as e:
            problem.update(f"! {e}")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def _left_out(problems: list[str]) -> str:
    """What was wrong with the framework files that are not offered, file by file."""
    if not problems:
        return ""
    lines = ["! Not offered: these framework files cannot be read."]
    for problem in problems:
        lines += [f"  {line}" for line in problem.splitlines()]
    return "\n".join(lines)
