"""The action plan in the TUI: actions by priority with their RAG word, an action form, a progress form.

A RAG mark is always a word in brackets ([RED], [AMBER], [GREEN], [DONE]); colour only
repeats it. Each form checks what it is given the way `csf plan` does (a unique ref, a
RAG word the plan knows, real dates, items of the framework) and says what to put right
in the field concerned; every change is saved at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...assessment import parse_date
from ...errors import CsfError, UsageError
from ...export.content import long_date
from ...framework import Framework
from ...plan import COMPLETE, Action, Plan, Priority, Progress, count, free_ref, groups
from ..plansession import PlanSession
from ..widgets.line_input import LineInput

MARKS = {"red": ("[RED]", "bold red"), "amber": ("[AMBER]", "bold yellow"), "green": ("[GREEN]", "bold green"),
         COMPLETE: ("[DONE]", "bold"), "unrated": ("[NO RAG]", "dim")}


def mark(action: Action) -> Text:
    word, style = MARKS[action.status]
    return Text(word, style=style)


def action_line(action: Action) -> Text:
    """'[AMBER] 5.2 (iii)  Train staff · council, police · target 31 March 2010'."""
    details = [", ".join(action.leads)] if action.leads else []
    if action.target:
        details.append(f"target {long_date(action.target)}")
    if action.completed:
        details.append(f"done {long_date(action.completed)}")
    tail = f"  · {' · '.join(details)}" if details else ""
    return Text.assemble(mark(action), " ", (action.ref, "bold"), f"  {action.action or '(action to be written)'}", (tail, "dim"))


def counts_line(plan: Plan) -> str:
    c = count(plan.actions)
    parts = [f"{MARKS[b][0]} {c.numbers[b]}" for b in ("red", "amber", "green", COMPLETE, "unrated")]
    return f"{c.total} actions: " + "  ".join(parts)


ACTION_FIELDS = (
    ("ref", "Ref", "e.g. 5.2 (iii); unique in the plan"),
    ("action", "Action", "the activity or action"),
    ("priority", "Priority", "its title, e.g. Priority 1: Access (a new title adds a priority)"),
    ("outcome", "Outcome", "the outcome it works towards"),
    ("leads", "Leads", "lead agencies or groups, separated by ;"),
    ("items", "Items", "item ids it answers, separated by ,"),
    ("target", "Target date", "e.g. 31/03/2010"),
    ("rag", "RAG", "red, amber or green"),
    ("completed", "Completed", "the date it was done, if it is"),
)


class CheckedForm(ModalScreen):
    """A form whose `entry()` raises ValueError(field, message) until the fields make sense:
    Enter or Ctrl+S keeps it, or says what to put right and puts the cursor there."""

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            self.dismiss(self.entry())
        except ValueError as e:
            field, message = e.args
            self.query_one("#form-problem", Static).update(message)
            self.query_one(f"#{field}", Input).focus()


class ActionForm(CheckedForm):
    """Returns the action and its priority title as entered, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Keep", id="action-form.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="action-form.cancel"),
    ]

    def __init__(self, plan: Plan, framework: Framework, action: Action | None, heading: str):
        super().__init__()
        self.plan, self.framework, self.action, self.heading = plan, framework, action, heading

    def compose(self) -> ComposeResult:
        a = self.action or Action(ref="")
        priority = next((p.title for p in self.plan.priorities if p.id == a.priority), "")
        values = {"ref": a.ref, "action": a.action, "priority": priority, "outcome": a.outcome, "leads": "; ".join(a.leads),
                  "items": ", ".join(a.items), "target": long_date(a.target) if a.target else "", "rag": a.rag or "",
                  "completed": long_date(a.completed) if a.completed else ""}
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            for name, label, hint in ACTION_FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield LineInput(values[name], placeholder=hint, id=name, compact=True)
            yield Static(id="form-problem", classes="problems")
            with Horizontal(classes="buttons"):
                yield Button("Keep", variant="primary", id="keep", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#action" if self.action and self.action.ref else "#ref", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def entry(self) -> tuple[Action, str]:
        """The action the fields make; ValueError(field, message) when they make none."""
        ref, text = self._value("ref"), self._value("action")
        if not ref:
            raise ValueError("ref", "! Give the action a ref, e.g. 5.2 (iii).")
        other = self.plan.action(ref)
        if other is not None and (self.action is None or other.ref != self.action.ref):
            raise ValueError("ref", f"! The plan already has an action {other.ref}; each ref is unique.")
        if not text:
            raise ValueError("action", "! Say what the action is.")
        items = tuple(dict.fromkeys(i.strip() for i in self._value("items").split(",") if i.strip()))
        unknown = [i for i in items if self.framework.item(i) is None]
        if unknown:
            raise ValueError("items", f"! {', '.join(unknown)}: not an item of {self.framework.label}.")
        try:
            rag = self.plan.rag_word(self._value("rag")) if self._value("rag") else None
        except UsageError as e:
            raise ValueError("rag", f"! {e}.") from None
        dates = {}
        for name in ("target", "completed"):
            try:
                dates[name] = parse_date(self._value(name)) if self._value(name) else None
            except ValueError as e:
                raise ValueError(name, f"! {e}.") from None
        leads = tuple(dict.fromkeys(x.strip() for x in self._value("leads").split(";") if x.strip()))
        base = self.action or Action(ref=ref)
        action = replace(base, ref=ref, action=text, outcome=self._value("outcome"), leads=leads, items=items, rag=rag, **dates)
        return action, self._value("priority")

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ProgressForm(CheckedForm):
    """One dated progress update, optionally by one of the action's leads."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Keep", id="progress-form.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="progress-form.cancel"),
    ]

    def __init__(self, action: Action, today: dt.date | None = None):
        super().__init__()
        self.action = action
        self.today = today or dt.date.today()

    def compose(self) -> ComposeResult:
        leads = "; ".join(self.action.leads) or "none yet"
        with Vertical(classes="dialog"):
            yield Static(f"Progress on {self.action.ref}: {self.action.action}", classes="dialog-title")
            for name, label, value, hint in (("text", "Progress", "", "what has been done"),
                                             ("on", "Date", long_date(self.today.isoformat()), "e.g. 01/12/2009"),
                                             ("by", "By", "", f"one of the leads ({leads}), or blank")):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield LineInput(value, placeholder=hint, id=name, compact=True)
            yield Static(id="form-problem", classes="problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def entry(self) -> Progress:
        text, on_, by = (self.query_one(f"#{n}", Input).value.strip() for n in ("text", "on", "by"))
        if not text:
            raise ValueError("text", "! Say what progress was made.")
        try:
            date = parse_date(on_)
        except ValueError as e:
            raise ValueError("on", f"! {e}.") from None
        if by and by not in self.action.leads:
            raise ValueError("by", f"! {by} is not one of this action's leads ({'; '.join(self.action.leads) or 'none yet'}).")
        return Progress(on=date, text=text, by=by)



def place_priority(plan: Plan, action: Action, title: str) -> tuple[Plan, Action]:
    """The action under the priority titled `title` (added when new), or under none when blank."""
    if not title:
        return plan, replace(action, priority=None)
    priority = plan.priority(title)
    if priority is None:
        priority = Priority(plan.next_priority_id(), " ".join(title.split()))
        plan = plan.with_priority(priority)
    return plan, replace(action, priority=priority.id)


class PlanScreen(Screen[None]):
    """The plan's actions by priority. a adds, Enter edits, p adds a progress update."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="plan.back"),
        Binding("a", "add", "Add action", id="plan.add"),
        Binding("p", "progress", "Progress", id="plan.progress"),
        Binding("e", "edit", "Edit", show=False, id="plan.edit"),
    ]

    def __init__(self, plans: PlanSession, framework: Framework):
        super().__init__()
        self.plans, self.framework = plans, framework

    def compose(self) -> ComposeResult:
        yield Static(id="plan-title", classes="dialog-title")
        yield Static(id="plan-counts")
        yield OptionList(id="actions")
        yield Static("a adds an action, Enter edits the highlighted one, p adds a progress update, Esc goes back.",
                     classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self, highlight: str | None = None) -> None:
        plan = self.plans.plan
        where = str(self.plans.path) if self.plans.exists else f"{self.plans.path} (written when the first action is added)"
        self.query_one("#plan-title", Static).update(f"Action plan: {plan.area} {plan.period}".rstrip() + f"  ·  {where}")
        self.query_one("#plan-counts", Static).update(counts_line(plan))
        options: list[Option | None] = []
        for group in groups(plan):
            c = group.counts
            options.append(Option(Text(f"{group.heading}  ({c.total})", style="bold underline"), disabled=True))
            options += [Option(action_line(a), id=a.ref) for a in group.actions]
        listing = self.query_one(OptionList)
        listing.set_options(options)
        refs = [o.id for o in options if o is not None and o.id]
        if refs:
            listing.highlighted = next((i for i, o in enumerate(options) if o.id == (highlight or refs[0])), None)

    def _current(self) -> Action | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        ref = listing.get_option_at_index(listing.highlighted).id
        return self.plans.plan.action(ref) if ref else None

    def action_add(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        if (action := self._current()) is not None:
            self._edit(action)

    @on(OptionList.OptionSelected, "#actions")
    def _selected(self) -> None:
        self.action_edit()

    @work
    async def _edit(self, action: Action | None) -> None:
        heading = f"Action {action.ref}" if action else "New action"
        got = await self.app.push_screen_wait(ActionForm(self.plans.plan, self.framework, action, heading))
        if got is not None:
            edited, title = got
            self._save(edited, title, replaces=action)

    @work
    async def action_progress(self) -> None:
        action = self._current()
        if action is None:
            self.notify("Highlight an action first (↑ ↓), or add one with a.")
            return
        update = await self.app.push_screen_wait(ProgressForm(action))
        if update is not None:
            self._save(replace(action, progress=(*action.progress, update)), None, replaces=action)

    def _save(self, action: Action, title: str | None, replaces: Action | None) -> None:
        save_action(self, self.plans, action, title, replaces)
        self.refresh_list(action.ref)


def save_action(screen: Screen, plans: PlanSession, action: Action, title: str | None, replaces: Action | None) -> bool:
    """Put `action` in the plan (in place of `replaces`) and save at once; say so, or say why not."""
    plan = plans.plan
    if title is not None:
        plan, action = place_priority(plan, action, title)
    if replaces is not None and replaces.ref != action.ref:  # the ref itself was changed
        plan = replace(plan, actions=tuple(a for a in plan.actions if a.ref != replaces.ref))
    try:
        screen.notify(plans.save(plan.with_action(action)), timeout=3)
    except (CsfError, OSError) as e:
        screen.notify(f"Not saved: {e}", severity="error", timeout=15)
        plans.reload()
        return False
    return True


def draft_for(plan: Plan, item) -> Action:
    """A new action for an item, as the item page starts it: the item its outcome, its id the ref."""
    return Action(ref=free_ref(plan, item.id), outcome=item.text, items=(item.id,))
