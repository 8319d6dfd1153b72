"""Widgets the screens are built from: outline, pages, rating chooser, evidence list, figures."""
