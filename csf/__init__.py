"""csf: self-assessment against domestic and sexual violence partnership frameworks."""

__version__ = "0.1.0"
