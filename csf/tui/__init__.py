"""The Textual TUI, where a borough fills in its assessment item by item.

Imported only by `csf` with no arguments and by `csf open`, so that the other commands
start without paying for Textual.
"""
