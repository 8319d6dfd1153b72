"""The assessment screen: outline on the left, the factor or item on the right.

Saving is this screen's job and follows three rules. A change is written within
AUTOSAVE_DELAY seconds, even while the person keeps typing; leaving a field, an item
or the screen writes at once; and nothing is ever written over a file that changed on
disk since we read it (the conflict dialog asks what to do). Scoring and saving run on
a worker thread from an immutable snapshot, so a framework of a thousand items stays
responsive; their results come back as messages.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea, Tree

from ...errors import ConflictError, CsfError, display
from ...registry import Registry
from ...report import Report, evaluate
from ..commands import AssessmentCommands
from ..plansession import PlanSession
from ..session import Session, Snapshot, sibling_path
from ..widgets.evidence import EvidenceList
from ..widgets.factor_page import FactorPage
from ..widgets.item_page import ItemPage
from ..widgets.outline import FLAGGED, UNANSWERED, Outline, item_key, item_mark, section_key
from ..widgets.status import StatusLine, assessment_title, key_footer, progress
from .conflict import ConflictDialog
from .export import ExportDialog
from .help import HelpScreen
from .jump import JumpTo
from .plan import ActionForm, PlanScreen, action_line, draft_for, save_action
from .summary import SummaryScreen

AUTOSAVE_DELAY = 1.0
HINT_SECONDS = 4.0


class AssessmentScreen(Screen[None]):
    COMMANDS = {AssessmentCommands}
    BINDINGS = [
        Binding("ctrl+n", "next_unanswered", "To answer", id="assessment.next-unanswered"),
        Binding("ctrl+down,f8", "step(1)", "Next", key_display="^↓", id="assessment.next"),
        Binding("ctrl+up,f7", "step(-1)", "Prev", key_display="^↑", show=False, id="assessment.previous"),
        Binding("ctrl+g", "jump_to_factor", "Factor", id="assessment.factor"),
        Binding("ctrl+f", "find", "Find", id="assessment.find"),
        Binding("ctrl+r", "summary", "Summary", id="assessment.summary"),
        Binding("ctrl+o", "export", "Export", id="assessment.export"),
        Binding("ctrl+t", "plan", "Plan", show=False, id="assessment.plan"),
        Binding("f6", "add_action", "Action", show=False, id="assessment.add-action"),
        Binding("ctrl+s", "save", "Save now", show=False, id="assessment.save"),
        Binding("escape", "outline", "Outline", show=False, id="assessment.outline"),
        Binding("f1,question_mark", "help", "Help", key_display="F1", id="assessment.help"),
        Binding("tab", "tab(1)", "Next field", show=False, id="assessment.next-field"),
        Binding("shift+tab", "tab(-1)", "Previous field", show=False, id="assessment.previous-field"),
    ]

    @dataclass
    class Scored(Message):
        report: Report
        revision: int

    @dataclass
    class Saved(Message):
        revision: int

    @dataclass
    class SaveFailed(Message):
        error: str
        conflict: bool

    def __init__(self, session: Session, registry: Registry):
        super().__init__()
        self.session = session
        self.registry = registry
        self.report = evaluate(session.framework, session.assessment)
        self._report_revision = session.revision
        self._timer: Timer | None = None
        self._conflicted = False
        self._problem = ""
        self.current_key: str | None = None
        self._last_hint = ("", 0.0)
        self._plans: PlanSession | None = None
        # Built here, mounted when first shown: the first screen lays out only the page it shows.
        self.item_page = ItemPage(session, id="item-page")
        self.factor_page = FactorPage(session, id="factor-page")

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):  # the page shown goes beside the outline (see _switch_to)
            yield Outline(self.session.framework, self.report, id="outline")
        yield key_footer()

    async def on_mount(self) -> None:
        """Fill the page before the screen is first laid out, so that it is laid out and drawn once."""
        self._show_status()
        await self.go_to(self._start())
        self._say_conflicts()

    def _say_conflicts(self) -> None:
        """A merge left places for a person to choose (`csf merge`): name them until settled."""
        if "conflicts" not in self.session.assessment.extra:
            return
        from ...merge import describe, open_conflicts

        for conflict in open_conflicts(self.session.assessment.to_data()):
            self.notify(f"Merge conflict: {describe(conflict)}", severity="warning", timeout=30)

    def _start(self) -> str:
        """Where the person left off; else, in a return written factor by factor with nothing yet rated
        (Lambeth's), its first factor's text; else the first item still to answer."""
        keys = self.query_one(Outline).keys
        if (place := self.app.recent.place(self.session.path)) in keys:
            return place
        if not self.report.answered:
            for section in self.session.framework.sections:
                if self.session.narrative(section.id).strip():
                    return section_key(section.id)
        return self._next_unanswered_after(None) or keys[0]

    # --- moving around -----------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#outline")
    async def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        if event.node.data is not None:  # not the hidden root, which the tree highlights as it starts
            await self._show(event.node.data)

    async def _show(self, key: str, leaving: bool = True) -> None:
        """Show `key`'s page; `leaving` takes the fields of the page shown so far first."""
        if key == self.current_key:
            return
        if leaving:
            self._leave_field()
            self.save_now()
        self.current_key = key
        kind, ident = key.split(":", 1)
        if kind == "item":
            await self._switch_to(self.item_page)
            await self.item_page.show(ident, self.report)
            self._show_actions(ident)
        else:
            await self._switch_to(self.factor_page)
            self.factor_page.show(ident, self.report)

    async def _switch_to(self, page: ItemPage | FactorPage) -> None:
        """Put `page` on screen beside the outline and hide the other, mounting `page` the first time it is wanted.

        The pages sit in the body itself rather than in a ContentSwitcher: a container
        less under every line of the page, drawn and cut up again on every move.
        """
        other = self.factor_page if page is self.item_page else self.item_page
        with self.app.batch_update():
            other.display = False
            page.display = True
            if page.parent is None:
                await self.query_one("#body", Horizontal).mount(page)

    @property
    def _on_item(self) -> bool:
        return self.item_page.parent is not None and self.item_page.display

    @on(Tree.NodeSelected, "#outline")
    async def _selected(self, event: Tree.NodeSelected) -> None:
        """Enter on the outline, or a click on one of its rows: go to that answer."""
        await self.go_to(event.node.data)

    async def go_to(self, key: str | None, last: bool = False) -> None:
        """Arrive at `key` by any route: the one place that decides where the cursor goes.

        The page shows the item (or factor), the outline highlights the same row, and the
        cursor lands on the first field of the answer (the rating; `last`: the notes, for
        Shift+Tab coming back), scrolled into view under the item's words. Awaited by the
        key's action, so a digit typed straight after Ctrl+N reaches the new rating.
        """
        if key is None:
            return
        await self._show(key)
        self.query_one(Outline).go_to(key)
        fields = self._fields()
        if fields:
            self._place(fields[-1] if last else fields[0])

    def _fields(self) -> list[Widget]:
        """Where Tab goes on the page shown, in order."""
        if self._on_item:
            return self.item_page.fields()
        return [self.factor_page, self.factor_page.query_one("#narrative")]

    def _place(self, field: Widget) -> None:
        self.set_focus(field, scroll_visible=False)  # at once, not later: the next key must find it here
        (self.item_page if self._on_item else self.factor_page).reveal(field)

    async def action_tab(self, step: int) -> None:
        """Tab and Shift+Tab: field to field, then on to the next item's first field (or back to the
        previous item's last); from the outline, into the page."""
        fields = self._fields()
        focused = self.focused
        if focused not in fields:
            if fields:
                self._place(fields[0] if step > 0 else fields[-1])
            return
        index = fields.index(focused) + step
        if 0 <= index < len(fields):
            self._place(fields[index])
        else:
            await self._step(step, last=step < 0)

    async def action_step(self, step: int) -> None:
        await self._step(step)

    async def _step(self, step: int, last: bool = False) -> None:
        keys = self.query_one(Outline).keys
        index = keys.index(self.current_key) if self.current_key in keys else 0
        await self.go_to(keys[max(0, min(len(keys) - 1, index + step))], last)

    async def action_next_unanswered(self) -> None:
        key = self._next_unanswered_after(self.current_key)
        if key is None:
            self.notify("Every item has an answer. Ctrl+R shows the summary.")
        await self.go_to(key)

    FILTERS = {None: "unanswered", "unanswered": "flagged", "flagged": None}  # f cycles through them

    def action_filter(self) -> None:
        """f in the outline: every item, then only those still to answer, then only those a rule flags."""
        outline = self.query_one(Outline)
        name = self.FILTERS[outline.only]
        wanted = {"unanswered": UNANSWERED, "flagged": FLAGGED}.get(name)
        outline.filter(name, lambda key: wanted is None or item_mark(self.report, key.split(":", 1)[1]) == wanted,
                       self.current_key)
        shown = sum(key.startswith("item:") for key in outline.keys)
        self.notify(f"Outline: {'every item' if name is None else f'{name} items only'} ({shown} shown). "
                    f"f shows {self.FILTERS[name] or 'every item'}.", timeout=HINT_SECONDS)

    # --- keys nothing else took ------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A printable key that no field took: a digit rates the item on screen; any other
        key says where typing goes. Nothing typed vanishes without a word."""
        if not event.is_printable or event.key in self.app.active_bindings:
            return
        focused = self.focused
        if focused is None or any(isinstance(w, (Input, TextArea, Select)) for w in (focused, *focused.ancestors)):
            return  # a field that takes typing (a Select searches its choices as you type)
        event.stop()
        page = self.item_page
        on_item = self._on_item
        if on_item and not isinstance(focused, Outline) and event.character.isdigit() and page.rate(int(event.character)):
            return
        self._hint(self._where_typing_goes(focused, event.character, on_item))

    def _where_typing_goes(self, focused: Widget | None, character: str, on_item: bool) -> str:
        page = self.item_page
        fields = self._fields()
        if isinstance(focused, Outline):
            target = page.field_name(fields[0]) if on_item and fields else "the narrative"
            return f"The outline takes no typing: Enter or Tab goes to {target}; f filters it."
        if not on_item:
            return "A factor has no rating: its items do. Tab or Enter goes to the narrative, Ctrl+↓ to its first item."
        after = fields.index(focused) + 1 if focused in fields else 0
        onward = f"Tab goes to {page.field_name(fields[after])}." if after < len(fields) else "Tab goes to the next item."
        if character.isdigit() and page.item is not None and page.item.rated:
            return f"No {page.rating_word.lower()} is numbered {character} here. {onward}"
        if isinstance(focused, EvidenceList):
            return f"In Evidence: a adds an entry, Enter edits, Delete removes. {onward}"
        if page.item is not None and page.item.rated and focused is fields[0]:
            return f"Choose with a digit, or ↑ ↓ and Enter. {onward}"
        return f"Nothing here takes typing. {onward}"

    def _hint(self, text: str) -> None:
        """One line, once: a sentence typed into nowhere gives one hint, not one per letter."""
        now = time.monotonic()
        if self._last_hint[0] != text or now - self._last_hint[1] > HINT_SECONDS:
            self.notify(text, timeout=HINT_SECONDS)
            self._last_hint = (text, now)

    def _next_unanswered_after(self, key: str | None) -> str | None:
        """The first unanswered item after `key` in outline order, wrapping round to the top."""
        items = [i.id for i in self.session.framework.items()]
        start = items.index(key.split(":", 1)[1]) + 1 if key and key.startswith("item:") else 0
        if key and key.startswith("section:"):
            section = self.session.framework.section(key.split(":", 1)[1])
            start = items.index(section.items[0].id) if section and section.items else 0
        for item_id in items[start:] + items[:start]:
            resolved = self.report.resolved[item_id]
            if not resolved.answered and resolved.item.asked:
                return item_key(item_id)
        return None

    def action_outline(self) -> None:
        self.query_one(Outline).focus()

    def action_jump_to_factor(self) -> None:
        self.app.push_screen(JumpTo(self._fresh_report(), find=False, arrive=self.go_to))

    def action_find(self) -> None:
        self.app.push_screen(JumpTo(self._fresh_report(), find=True, arrive=self.go_to))

    def action_summary(self) -> None:
        self.app.push_screen(SummaryScreen(self._fresh_report(), arrive=self.go_to))

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self._fresh_report()))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # --- the action plan (screens/plan.py) ---------------------------------------------

    @property
    def plans(self) -> PlanSession:
        """The plan that names this assessment, found on first use (or started on the first action)."""
        if self._plans is None:
            a = self.session.assessment
            self._plans = PlanSession(self.session.path, a.area, a.period)
        return self._plans

    def _show_actions(self, item_id: str) -> None:
        """The item's actions; with no plan file yet there are none, and no empty plan is made up on every move."""
        actions = self.plans.plan.actions_for_item(item_id) if self.plans.exists else ()
        lines = Text("\n").join(action_line(a) for a in actions)
        self.item_page.show_actions(lines)

    def action_plan(self) -> None:
        self.plans.reload()
        self.app.push_screen(PlanScreen(self.plans, self.session.framework), lambda _: self._plan_closed())

    def _plan_closed(self) -> None:
        if self.current_key and self.current_key.startswith("item:"):
            self._show_actions(self.current_key.split(":", 1)[1])

    @work
    async def action_add_action(self) -> None:
        """F6 on an item: a new action for it, its text the outcome; saved to the plan at once."""
        if not (self.current_key or "").startswith("item:"):
            self.notify("F6 adds an action for an item: go to one first (Ctrl+↓).")
            return
        item = self.session.framework.item(self.current_key.split(":", 1)[1])
        plan = self.plans.plan
        got = await self.app.push_screen_wait(ActionForm(plan, self.session.framework, draft_for(plan, item), f"New action for {item.id}"))
        if got is not None and save_action(self, self.plans, got[0], got[1], None):
            self._show_actions(item.id)

    def _fresh_report(self) -> Report:
        """Everything typed so far, scored now: summaries and exports must not lag behind."""
        self._leave_field()
        self.save_now()
        if self._report_revision != self.session.revision:
            self._apply_report(evaluate(self.session.framework, self.session.assessment), self.session.revision)
        return self.report

    # --- saving -----------------------------------------------------------------------

    @on(ItemPage.Edited)
    @on(FactorPage.Edited)
    def _edited(self, event: ItemPage.Edited | FactorPage.Edited) -> None:
        if event.final:
            self.session.commit()
            self.save_now()
        elif self._timer is None:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.save_now)
        self._show_status()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, (TextArea, Input, Select)):
            self._leave_field()
            self.save_now()

    def _leave_field(self) -> None:
        """The person has finished with a field: take its text and close the draft."""
        self.item_page.flush()
        self.factor_page.flush()
        self.session.commit()

    def action_save(self) -> None:
        """Save on the spot, for the reassurance of seeing it done."""
        self._leave_field()
        try:
            self.session.save()
        except ConflictError as e:
            self.post_message(self.SaveFailed(str(e), conflict=True))
            return
        except (CsfError, OSError) as e:
            self.post_message(self.SaveFailed(str(e), conflict=False))
            return
        self._show_status()
        self.notify(f"Saved {display(self.session.path)}.", timeout=3)

    def save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._conflicted and self.session.unsaved:
            self._save_in_background(self.session.snapshot())
        self._show_status()

    @work(thread=True, group="autosave")
    def _save_in_background(self, snapshot: Snapshot) -> None:
        self.post_message(self.Scored(evaluate(self.session.framework, snapshot.assessment), snapshot.revision))
        try:
            self.session.save(snapshot)
        except ConflictError as e:
            self.post_message(self.SaveFailed(str(e), conflict=True))
        except (CsfError, OSError) as e:
            self.post_message(self.SaveFailed(str(e), conflict=False))
        else:
            self.post_message(self.Saved(snapshot.revision))

    @on(Scored)
    def _scored(self, event: Scored) -> None:
        if event.revision > self._report_revision:
            self._apply_report(event.report, event.revision)

    def _apply_report(self, report: Report, revision: int) -> None:
        self.report, self._report_revision = report, revision
        self.query_one(Outline).update_marks(report)
        self.item_page.update_report(report)
        self.factor_page.update_report(report)
        self._show_status()

    @on(Saved)
    def _saved(self) -> None:
        self._problem = ""
        if self.session.merged:  # someone else saved meanwhile; their changes are merged in
            self.session.merged = False
            self.notify("The file was changed elsewhere while you worked; their changes and yours are merged.", timeout=8)
            self._apply_report(evaluate(self.session.framework, self.session.assessment), self.session.revision)
            self._show_again()
        self._show_status()

    @work(group="autosave")
    async def _show_again(self) -> None:
        key, self.current_key = self.current_key, None
        if key is not None:
            await self._show(key, leaving=False)

    @on(SaveFailed)
    def _save_failed(self, event: SaveFailed) -> None:
        if not event.conflict:
            if not self._problem:
                self.notify(f"Could not save: {event.error}. csf will try again at the next change.", severity="error")
            self._problem = "not saved"
        elif not self._conflicted:
            self._conflicted = True
            self._problem = "not saved: file changed"
            self._resolve_conflict()
        self._show_status()

    @work
    async def _resolve_conflict(self) -> None:
        """Ask until the choice can be carried out; autosave waits until then.

        Whichever the choice, this window's version is written to a file of its own
        before the original is read back: no single key throws typing away.
        """
        path = self.session.path
        while True:
            mine = sibling_path(path, dt.datetime.now())
            await self.app.push_screen_wait(ConflictDialog(display(path), display(mine)))
            self._leave_field()
            try:
                self.session.keep_mine(mine)
                self.session.reload(self.registry)
            except (CsfError, OSError) as e:
                if not mine.exists():
                    self.notify(f"That did not work: {e}", severity="error", timeout=15)
                    continue
                self.session.reload(self.registry, mine)
                self.notify(f"{display(path)} cannot be read ({e}); you are now working in {display(mine)}.",
                            severity="warning", timeout=30)
            else:
                self.notify(f"Your version is in {display(mine)}. This window shows {display(path)} as it is now.",
                            timeout=15)
            break
        self._conflicted = False
        self._problem = ""
        self._apply_report(evaluate(self.session.framework, self.session.assessment), self.session.revision)
        key, self.current_key = self.current_key, None
        if key is not None:
            await self._show(key, leaving=False)  # the fields hold the text just dropped or kept apart

    def close(self) -> Path | None:
        """Write everything before the screen goes; see `Session.close`."""
        self._leave_field()
        return self.session.close()

    def _show_status(self) -> None:
        state = self._problem or ("saving…" if self.session.unsaved else "saved")
        self.query_one(StatusLine).show(assessment_title(self.report), f"{progress(self.report)} · {state}")
