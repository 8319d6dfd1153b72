"""One Screen per module: home, assessment, summary, and the dialogs they open."""
