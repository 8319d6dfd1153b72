"""`csf parameter FILE [NAME=VALUE ...]`: a report's own values of its framework's parameters.

The DSVB brief's data period and deadlines change every round; they are set here, per
report, and every view fills them in where the brief prints them.
"""

from __future__ import annotations

import argparse

from . import store
from .errors import EXIT_OK, UsageError
from .parameters import shown, with_value
from .registry import Registry


def cmd_parameter(args: argparse.Namespace, registry: Registry, who: str) -> int:
    loaded = store.load(args.file, registry)
    framework, assessment = loaded.framework, loaded.assessment
    if not framework.parameters:
        raise UsageError(f"{framework.label} has no parameters to set")
    updated = assessment
    for setting in args.settings:
        updated = with_value(framework, updated, setting, who)
    if updated is not assessment:
        store.save(args.file, updated, loaded.digest)
    for parameter in framework.parameters:
        print(f"{parameter.name}: {shown(parameter, updated)}  ({parameter.label}; the source prints {parameter.printed!r})")
    return EXIT_OK
