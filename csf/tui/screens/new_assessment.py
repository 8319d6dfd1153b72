"""Start a new assessment: which framework, which area, which period, and the file.

The file name follows the area and framework as they are typed, until the person
types a name of their own. No framework is chosen until the person chooses one, so
an early Enter cannot start an assessment on a framework nobody picked. The
assessment is made by `new_assessment` and written by `store.create`, which refuses
to replace an existing file.
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
from ..widgets.line_input import LineInput
from ..widgets.status import key_footer


class NewAssessment(ModalScreen[Path | None]):
    """Returns the path of the file created, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="new.cancel")]

    def __init__(self, registry: Registry, directory: Path):
        super().__init__()
        self.registry = registry
        self.directory = directory
        self._suggested = ""
        self._not_offered = ""  # framework files left out: said until the dialog closes
        self._about: str | None = None  # the field the problem line now speaks of

    def compose(self) -> ComposeResult:
        try:
            frameworks = self.registry.all()
        except CsfError as e:
            frameworks, problems = [], [str(e)]
        else:
            problems = self.registry.problems  # files that did not load are left out, and said so
        self._not_offered = _left_out(problems)
        options = [(f"{f.label} · {f.title}", (f.id, f.version)) for f in frameworks]
        with VerticalScroll(classes="dialog new"):
            yield Static("New assessment", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("Framework")
                yield Select(options, prompt="choose a framework" if options else "no framework can be read",
                             disabled=not options, id="framework", compact=True)
            for name, label, hint in (
                ("area", "Area", "the borough or partnership assessed, e.g. Lambeth"),
                ("period", "Period", "optional, e.g. 2009-10 for a financial year"),
                ("completed-by", "Completed by", "optional: name or role"),
                ("file", "File", ""),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield LineInput(placeholder=hint, id=name, compact=True)
            yield Static(self._not_offered, id="new-problem", classes="problems")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield key_footer()

    def on_mount(self) -> None:
        """The cursor starts in the first field, the framework, which has no default; or the area with none to choose."""
        self._suggest()
        framework = self.query_one("#framework", Select)
        (self.query_one("#area", Input) if framework.disabled else framework).focus()

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
        if chosen is Select.NULL:
            if not self.query_one("#framework", Select).disabled:
                self._tell("framework", "! Choose a framework.")
            return  # with none to choose, the problem line already says why
        framework_id, version = chosen
        if not value["file"]:
            self._tell("file", "! Name the file to create.")
            return
        path = Path(value["file"])
        field = "framework"  # the field to put right if the step under way fails
        try:
            framework = self.registry.get(framework_id, version)
            field = "area"
            assessment = new_assessment(framework, value["area"], value["period"], value["completed-by"])
            field = "file"
            path.parent.mkdir(parents=True, exist_ok=True)
            store.create(path, assessment)
        except (CsfError, OSError) as e:
            self._tell(field, f"! {e}")
            return
        self.dismiss(path)

    def _tell(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field to put it right."""
        self._about = field
        self.query_one("#new-problem", Static).update(message)
        self.query_one(f"#{field}").focus()

    @on(Input.Changed)
    @on(Select.Changed)
    def _put_right(self, event: Input.Changed | Select.Changed) -> None:
        """Once the field a problem is about has been changed, the problem no longer stands."""
        if event.control.id == self._about:
            self._about = None
            self.query_one("#new-problem", Static).update(self._not_offered)

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
