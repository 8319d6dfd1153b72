"""One item on screen: its factor, its words, and every field of its answer.

The widgets are built once and refilled for each item, so moving through a framework
of hundreds of items costs the same as moving through ten. Every edit goes straight
into the session (so a quit a moment later still has it) and is announced with
`Edited`; the screen decides when to save.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from ...assessment import Evidence, parse_number
from ...framework import Item
from ...parameters import fill
from ...report import Report
from ..screens.confirm import Confirm
from ..screens.evidence import EvidenceForm
from ..session import Session
from .editor import Editor
from .evidence import EvidenceList
from .figures import FiguresForm, shown
from .line_input import LineInput
from .rating import RatingChooser


PRACTICE_LABEL = {"text": "Answer", "number": "Comment on the figure (optional)"}
RATING_WORD = {"question": "Answer"}  # a yes/no question is answered; a checklist item is rated


class ItemPage(VerticalScroll, can_focus=False):
    """The page for whichever item the outline points at.

    The page itself takes no focus: Tab goes from field to field (see `fields`), and the
    item's words stay at the top while the fields below them scroll.
    """

    @dataclass
    class Edited(Message):
        final: bool  # a whole action (a rating, an evidence entry), not a keystroke

    def __init__(self, session: Session, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.item: Item | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Take the page's new scrollable height without laying the screen out a second time.

        Items differ in length, so nearly every move changes the page's virtual height, and
        Textual answers that with a second layout of the whole screen, identical to the first
        unless a scroll bar appears or goes, which lays the screen out again on its own.
        """
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def compose(self) -> ComposeResult:
        yield Static(id="item-text", classes="item-text")
        yield Static(id="factor-heading", classes="factor-heading")
        yield Static(id="factor-description", classes="description")
        yield Static(id="item-help", classes="item-help")
        yield Label(id="rating-label", classes="field-label")
        yield RatingChooser(id="rating")
        yield Label("Figures the answer is worked out from", id="figures-label", classes="field-label")
        yield FiguresForm(id="figures")
        yield Static(id="derivation", classes="derivation")  # below the figures: its growing moves no field being typed in
        yield Label("Value", id="value-label", classes="field-label")
        yield LineInput(id="value", placeholder="a number", compact=True)
        yield Static(id="value-problem", classes="problems")
        yield Static(id="item-findings", classes="problems")
        yield Label(id="practice-label", classes="field-label")
        yield Editor(id="practice")
        yield Label("Evidence  (a adds, Enter edits, Delete removes)", classes="field-label")
        yield EvidenceList(id="evidence")
        add = Button("Add evidence", id="add-evidence", compact=True)
        add.can_focus = False  # for the mouse; from the keyboard, `a` in the list adds
        yield add
        yield Label("Notes", classes="field-label")
        yield Editor(id="notes")
        yield Label("Actions in the plan  (F6 adds one, Ctrl+T shows the plan)", id="actions-label", classes="field-label")
        yield Static(id="item-actions")

    async def show(self, item_id: str, report: Report) -> None:
        """Fill every field from the session for `item_id`."""
        framework = self.session.framework
        item = self.item = framework.item(item_id)
        assert item is not None
        section = framework.section_of(item_id)
        answer = self.session.answer(item_id)
        _put(self.query_one("#factor-heading", Static), section.heading)
        _put(self.query_one("#factor-description", Static), fill(section.description or "", framework, report.assessment))
        _put(self.query_one("#item-text", Static), Text.assemble((f"{item.id}  ", "bold"), (item.text, "bold")))
        _put(self.query_one("#item-help", Static), _help(item))
        for name in ("#rating-label", "#rating"):
            self.query_one(name).display = item.rated
        _put(self.query_one("#rating-label", Label), f"{self.rating_word}  (a digit, or ↑ ↓ and Enter)")
        for name in ("#figures-label", "#figures"):
            self.query_one(name).display = bool(item.inputs)
        if item.inputs:
            await self.query_one(FiguresForm).show(item.inputs, answer.inputs)
        for name in ("#value-label", "#value", "#value-problem"):
            self.query_one(name).display = item.type == "number"
        self.query_one("#value", Input).value = shown(answer.value)
        _put(self.query_one("#practice-label", Label), PRACTICE_LABEL.get(item.type, "Current practice"))
        self.query_one("#practice", Editor).load(answer.practice)
        self.query_one("#notes", Editor).load(answer.notes)
        self._show_rating()
        self.update_report(report)
        self.scroll_home(animate=False)

    def update_report(self, report: Report) -> None:
        """Refresh what the rules say about this item: its derived answer, findings, evidence warnings."""
        if self.item is None:
            return
        item, framework = self.item, self.session.framework
        resolved = report.resolved[item.id]
        answer = self.session.answer(item.id)
        findings = report.findings_for(item.id)
        derivation = _derivation(framework, resolved) if item.rated else Text()
        _put(self.query_one("#derivation", Static), derivation)
        item_findings = [f"! {f.message}" for f in findings if f.severity != "missing" and f.evidence is None]
        _put(self.query_one("#item-findings", Static), "\n".join(item_findings))
        self.query_one(EvidenceList).show(answer.evidence, findings)
        if (focused := self.screen.focused) in self.fields():
            self.reveal(focused)  # a longer warning or derivation above must not push the cursor off screen

    def show_actions(self, lines: Text) -> None:
        """The action plan's actions for this item, beside its answer (see screens/plan.py)."""
        _put(self.query_one("#item-actions", Static), lines or Text("None yet.", style="dim"))

    def _show_rating(self) -> None:
        item = self.item
        if item is not None and item.rated:
            clear = "Use the derived answer" if item.derive else "Not answered yet"
            self.query_one(RatingChooser).show(self.session.framework.scale, self.session.answer(item.id).rating, clear)

    @property
    def rating_word(self) -> str:
        return RATING_WORD.get(self.item.type, "Rating") if self.item else "Rating"

    def fields(self) -> list[Widget]:
        """The item's fields in the order Tab visits them: rating, figures, value, practice, evidence, notes."""
        item = self.item
        if item is None:
            return []
        order: list[Widget] = [self.query_one(RatingChooser)] if item.rated else []
        order += self.query_one(FiguresForm).fields
        if item.type == "number":
            order.append(self.query_one("#value"))
        return [*order, self.query_one("#practice"), self.query_one(EvidenceList), self.query_one("#notes")]

    def field_name(self, field: Widget) -> str:
        """What a field is called on screen, for a hint that says where Tab goes."""
        labels = {"rating": self.rating_word, "value": "Value", "evidence": "Evidence", "notes": "Notes",
                  "practice": str(self.query_one("#practice-label", Label).content)}
        return labels.get(field.id or "") or self.query_one(FiguresForm).label_of(field) or "the next field"

    def rate(self, digit: int) -> bool:
        """Choose the rating numbered `digit` on screen; False when this item has no such rating."""
        return self.item is not None and self.item.rated and self.query_one(RatingChooser).choose(digit)

    def reveal(self, field: Widget) -> None:
        """Scroll `field` into view once the page is laid out; the item's words are docked above it."""
        self.call_after_refresh(self.scroll_to_widget, field, animate=False)

    def flush(self) -> None:
        """Copy every field into the session now: a quit may come before their events."""
        if self.item is None:
            return
        changes = {"practice": self.query_one("#practice", TextArea).text, "notes": self.query_one("#notes", TextArea).text}
        if self.item.type == "number":
            changes["value"] = _number(self.query_one("#value", Input).value)[0]
        if self.item.inputs and (read := self.query_one(FiguresForm).read()) is not None:
            changes["inputs"] = read[0]
        self._edit(**changes)

    def _edit(self, final: bool = False, **changes) -> None:
        assert self.item is not None
        if self.session.edit_answer(self.item.id, replace(self.session.answer(self.item.id), **changes)) or final:
            self.post_message(self.Edited(final))

    # --- fields ----------------------------------------------------------------------

    @on(TextArea.Changed, "#practice")
    def _practice(self, event: TextArea.Changed) -> None:
        event.stop()  # the page owns its fields' words: no one above listens for them
        if self.item is not None:
            self._edit(practice=event.text_area.text)

    @on(TextArea.Changed, "#notes")
    def _notes(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.item is not None:
            self._edit(notes=event.text_area.text)

    @on(RatingChooser.Chosen)
    def _rated(self, event: RatingChooser.Chosen) -> None:
        self._edit(final=True, rating=event.rating, reconfirm=None)  # choosing a rating, even the same one, confirms it
        self._show_rating()

    @on(FiguresForm.Changed)
    def _figures(self, event: FiguresForm.Changed) -> None:
        self._edit(final=event.final, inputs=event.inputs)

    @on(Input.Changed, "#value")
    @on(Input.Submitted, "#value")
    def _value(self, event: Input.Changed | Input.Submitted) -> None:
        if self.item is None or self.item.type != "number":
            return
        value, problem = _number(event.value)
        self.query_one("#value-problem", Static).update(problem)
        self._edit(final=isinstance(event, Input.Submitted), value=value)

    # --- evidence --------------------------------------------------------------------

    @on(Button.Pressed, "#add-evidence")
    def _add_pressed(self) -> None:
        self._evidence_action("add", None)

    @on(EvidenceList.Requested)
    def _requested(self, event: EvidenceList.Requested) -> None:
        self._evidence_action(event.action, event.index)

    @work
    async def _evidence_action(self, action: str, index: int | None) -> None:
        """Add, edit or remove one entry, asking first; the item is fixed before the dialog opens."""
        assert self.item is not None
        item_id = self.item.id
        evidence = self.session.answer(item_id).evidence
        if action == "remove" and index is not None:
            question = f"Remove evidence {index + 1}, “{evidence[index].description}”?"
            if await self.app.push_screen_wait(Confirm(question, "Remove")):
                self._put_evidence(item_id, evidence[:index] + evidence[index + 1:])
            return
        current = evidence[index] if action == "edit" and index is not None else None
        heading = f"Evidence for {item_id}" + (f", entry {index + 1}" if current else ": new entry")
        draft = self.app.recent.take_draft(self.session.path, item_id) if current is None else None
        form = EvidenceForm(current, heading, draft)
        form.on_quit = partial(self._salvage, item_id, index if current else None)
        entry = await self.app.push_screen_wait(form)
        if entry is not None:
            self._put_evidence(item_id, _placed(self.session.answer(item_id).evidence, index if current else None, entry))

    def _salvage(self, item_id: str, index: int | None, form: EvidenceForm) -> str | None:
        """The app is quitting with `form` open: keep a whole entry, and an unfinished one as a draft.

        Returns a line to print after the app has stopped, or None when nothing needed saying.
        """
        try:
            entry = form.entry()
        except ValueError:
            typed = form.typed()
            if not any(typed.values()) or typed == form.initial:
                return None
            self.app.recent.keep_draft(self.session.path, item_id, typed)
            return (f"the evidence entry you had not finished for {item_id} is kept as a draft; "
                    f"it comes back when you next add evidence to {item_id}")
        self._put_evidence(item_id, _placed(self.session.answer(item_id).evidence, index, entry))
        return None

    def _put_evidence(self, item_id: str, entries: tuple[Evidence, ...]) -> None:
        self.session.edit_answer(item_id, replace(self.session.answer(item_id), evidence=entries))
        if self.item is not None and self.item.id == item_id:
            self.query_one(EvidenceList).show(entries, ())  # the rules' verdict follows with the next report
        self.post_message(self.Edited(final=True))


def _placed(evidence: tuple[Evidence, ...], index: int | None, entry: Evidence) -> tuple[Evidence, ...]:
    """`entry` in place of entry `index`, or added at the end."""
    return evidence[:index] + (entry,) + evidence[index + 1:] if index is not None else (*evidence, entry)


def _number(text: str) -> tuple[float | int | None, str]:
    """The value a number field holds, and what is wrong with it if it does not parse.

    A field that does not parse gives no value, not the number typed on the way to it
    (see FiguresForm.read).
    """
    try:
        return parse_number(text, whole=False), ""
    except ValueError as e:
        return None, f"! {text.strip()!r} {e}, so no value is saved until it is corrected."


def _put(widget: Static, content: str | Text) -> None:
    """Show `content`, hidden when empty; an unchanged widget is left alone, so moving
    between items repaints only what differs."""
    if widget.content != content:
        widget.update(content)
    widget.display = bool(content)


def _help(item: Item) -> Text:
    text = Text()
    for label, body in (("Note", item.note), ("Definition", item.definition), ("Guidance", item.guidance)):
        if body:
            if text:
                text.append("\n")
            text.append(f"{label}: ", style="bold")
            text.append(body)
    return text


def _derivation(framework, resolved) -> Text:
    """What the figures give, as a sentence, and whether the person's own rating overrides it."""
    d = resolved.derivation
    if d is None:
        return Text()

    def label(value_id: str) -> str:
        return framework.scale.get(value_id).label

    if d.value is None:
        return Text(f"No answer from the figures yet ({d.explanation}).", style="dim")
    sentence = _because(resolved.item, resolved.answer, d.value)
    if resolved.overridden:
        return Text.assemble(
            ("! Overridden: ", "bold red"),
            f"you chose {label(resolved.answer.rating)}; the figures give {label(d.value)}, as {sentence}. "
            "Choose “Use the derived answer” to follow the figures.",
        )
    if resolved.derived:
        return Text.assemble(("= ", "bold"), (label(d.value), "bold"), f", worked out from the figures: {sentence}.")
    return Text(f"Your answer agrees with the figures: {label(d.value)}, as {sentence}.", style="dim")


def _because(item: Item, answer, value: str) -> str:
    """'at least 1 refuge place per 10,000 population is not met with refuge places 15 and population 227,500'."""
    derive = item.derive
    assert derive is not None
    rule = derive.explain or derive.when.source
    rule = rule[:1].lower() + rule[1:] if rule[1:2].islower() else rule
    given = {name: value for name, value in answer.inputs.items() if value is not None}
    figures = [f"{i.label} {_figure(given[i.name])}" for i in item.inputs if i.name in given]
    verdict = "is met" if value == derive.then else "is not met"
    return f"“{rule}” {verdict}" + (f" with {' and '.join(figures)}" if figures else "")


def _figure(value) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else shown(value)
