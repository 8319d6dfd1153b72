"""The outline: every factor and item in framework order, each item with a status mark.

The mark is a character first and a colour second, so it reads on a monochrome
terminal and to someone who cannot tell red from green. Only the labels whose mark
changed are redrawn after an edit; the tree itself is built once.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...framework import Framework, Item, Section
from ...report import Report

ANSWERED, UNANSWERED, FLAGGED, SUPPLIED = "✓", "·", "!", "="
MARK_STYLE = {ANSWERED: "green", UNANSWERED: "dim", FLAGGED: "bold red", SUPPLIED: "dim"}


def section_key(section_id: str) -> str:
    return f"section:{section_id}"


def item_key(item_id: str) -> str:
    return f"item:{item_id}"


def item_mark(report: Report, item_id: str) -> str:
    """Flagged by a rule beats answered; anything else is still to answer."""
    if any(f.severity != "missing" for f in report.findings_for(item_id)):
        return FLAGGED
    resolved = report.resolved[item_id]
    if not resolved.answered and not resolved.item.asked:
        return SUPPLIED  # supplied centrally (the brief's C1 figures): not the area's to answer
    return ANSWERED if resolved.answered else UNANSWERED


def styled_mark(mark: str) -> Text:
    return Text(mark, style=MARK_STYLE[mark])


class Outline(Tree[str]):
    """Factors (headings, always open) and their items; node data is a key like 'item:1.3'."""

    BINDINGS = [Binding("f", "screen.filter", "Filter", id="outline.filter")]

    def __init__(self, framework: Framework, report: Report, **kwargs):
        self._sized: tuple | None = None  # what the scroll bar was last updated for (see _size_updated)
        self._widths: dict[int, tuple[Text, int]] = {}  # node id -> (the label measured, its width); set first: Tree measures while it starts
        self._line_style: Style | None = None  # the outline's style for the lines being drawn (see render_lines)
        super().__init__("outline", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.framework = framework
        self.keys: list[str] = []  # the rows shown, in order
        self._labels: dict[str, Text] = {}  # every row's label, shown or filtered out
        self._by_key: dict[str, TreeNode[str]] = {}
        self.only: str | None = None  # the filter's name; None shows every item
        for section in framework.sections:
            self._labels[section_key(section.id)] = self._section_label(section, report)
            for item in section.items:
                self._labels[item_key(item.id)] = self._item_label(item, report)
        self._fill_rows(lambda key: True)

    def _fill_rows(self, keep: Callable[[str], bool]) -> None:
        """(Re)build the rows: every factor, and the items `keep` lets through."""
        self.clear()
        self.keys, self._by_key = [], {}
        for section in self.framework.sections:
            parent = self._add(self.root, section_key(section.id))
            for item in section.items:
                if keep(item_key(item.id)):
                    self._add(parent, item_key(item.id))

    def filter(self, name: str | None, keep: Callable[[str], bool], current: str | None) -> None:
        """Show only the items `keep` lets through (and `current`, so the page and the highlight still agree)."""
        self.only = name
        self._fill_rows(lambda key: key == current or keep(key))
        if current in self.keys:
            self.go_to(current)

    def _add(self, parent: TreeNode[str], key: str) -> TreeNode[str]:
        label = self._labels[key]
        if parent is self.root:
            node = parent.add(label, data=key, expand=True, allow_expand=False)
        else:
            node = parent.add_leaf(label, data=key)
        self.keys.append(key)
        self._by_key[key] = node
        return node

    @staticmethod
    def _item_label(item: Item, report: Report) -> Text:
        return Text.assemble(styled_mark(item_mark(report, item.id)), f" {item.id} {item.text}")

    @staticmethod
    def _section_label(section: Section, report: Report) -> Text:
        answered = sum(report.resolved[i.id].answered for i in section.items)
        return Text.assemble((f"{answered}/{len(section.items)} ", "dim"), (section.heading, "bold"))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Update the scroll bar only when the outline's size or its rows have changed.

        Textual's ScrollView compares the layout's virtual size with the tree's own (its
        rows), which never match, so every layout of the screen, one per move between
        items, drew the outline's scroll bar again and then the screen under it.
        """
        sized = (size, self.virtual_size, container_size, self.styles.gutter)
        if sized == self._sized:
            return False
        self._sized = sized
        return super()._size_updated(size, virtual_size, container_size, layout)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work the outline's style out once for the lines drawn now, not once for each line.

        Textual's Tree asks for its rich_style (a walk up every ancestor's styles) in
        render_line, once per line; nothing it depends on changes while a frame is drawn.
        """
        self._line_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, self._line_style or self.rich_style)

    def get_label_width(self, node: TreeNode[str]) -> int:
        """Each label measured once, not again on every rebuild of the tree's lines.

        Textual's Tree renders every label to measure it whenever its lines are rebuilt,
        which happens several times while the first screen settles: with 10,000 items
        that was the one part of start-up growing faster than the outline. A label that
        is replaced (its mark changed) is a new object, and is measured afresh.
        """
        label = node.label
        cached = self._widths.get(node.id)
        if cached is not None and cached[0] is label:
            return cached[1]
        width = super().get_label_width(node)
        self._widths[node.id] = (label, width)
        return width

    def update_marks(self, report: Report) -> None:
        """Relabel only what changed: typing must not redraw a thousand lines."""
        for section in self.framework.sections:
            self._relabel(section_key(section.id), self._section_label(section, report))
            for item in section.items:
                self._relabel(item_key(item.id), self._item_label(item, report))

    def _relabel(self, key: str, label: Text) -> None:
        if self._labels[key] != label:
            self._labels[key] = label
            if key in self._by_key:
                self._by_key[key].set_label(label)

    def go_to(self, key: str) -> None:
        """Put the cursor on `key`; the tree then says so with NodeHighlighted. A row filtered
        out brings every row back: the highlight always shows the page's item."""
        if key not in self._by_key:
            self.filter(None, lambda k: True, None)
        line = self.keys.index(key)
        if self.size:
            self.move_cursor_to_line(line)
        else:  # not laid out yet: scrolled now, the row would go to the top; scroll once the height is known
            self.cursor_line = line
            self.call_after_refresh(self.scroll_to_line, line, animate=False)
