"""Rule expressions: checked with `ast` when a framework loads, evaluated by simpleeval.

Framework files are untrusted input. An expression may use only comparisons,
arithmetic, `and`/`or`/`not`, literals, the names its scope provides and a few named
functions; anything else (attribute access, subscripts, lambdas, comprehensions) is a
load error that names the rule. simpleeval then evaluates the already-checked tree, so
Python's own `eval` is never involved.

Nothing an expression can say costs more than its own length: repeating a text or a
list (`[0] * 99999`) and %-formatting a text (`'%0999999999d' % 0`) are refused when the
framework loads, and again when a value read from an assessment (a practice text, say)
would make them happen at run time. With no loops, names bound to plain values and
expressions of at most MAX_SOURCE characters, every rule then runs in a moment.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from .frozen import frozen

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any

MAX_SOURCE = 2000  # characters; the longest rule in the bundled frameworks is under 200
FUNCTIONS: Mapping[str, Any] = MappingProxyType({"len": len, "min": min, "max": max, "abs": abs})

_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot,
    ast.Name, ast.Load, ast.Constant, ast.Call, ast.IfExp, ast.Tuple, ast.List,
)  # fmt: skip


class ExpressionError(ValueError):
    """An expression that may not be used; the message says why and where in it."""


_SEQUENCES = (str, list, tuple)


def _times(a: Any, b: Any) -> Any:
    if isinstance(a, _SEQUENCES) or isinstance(b, _SEQUENCES):
        raise ExpressionError("repeating a text or a list with * is not allowed")
    return a * b


def _remainder(a: Any, b: Any) -> Any:
    if isinstance(a, _SEQUENCES):
        raise ExpressionError("% formatting of a text is not allowed; % is for numbers")
    return a % b


@cache
def simple_operators() -> Mapping[type, Any]:
    """simpleeval's operators, with the limits simpleeval puts on them. simpleeval is
    imported when a rule first runs, not when csf starts: `csf score` and `csf frameworks
    list` run none."""
    from simpleeval import DEFAULT_OPERATORS

    return MappingProxyType(DEFAULT_OPERATORS)


def _operators() -> dict[type, Any]:
    return simple_operators() | {ast.Mult: _times, ast.Mod: _remainder}


@frozen
class Expression:
    """A checked expression, parsed once, evaluated many times."""

    source: str
    tree: ast.Expression

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        evaluator = _evaluator()
        evaluator.names = dict(names)
        return evaluator.eval(self.source, previously_parsed=self.tree.body)


_local = threading.local()


def _evaluator():  # -> simpleeval.EvalWithCompoundTypes
    """One evaluator per thread, reused by every rule: building one cost more than most
    rules take to run (5,000 builds for a check of 1,000 items). Only the names differ
    from one expression to the next; a thread of its own keeps a TUI export and an
    autosave apart."""
    evaluator = getattr(_local, "evaluator", None)
    if evaluator is None:
        from simpleeval import EvalWithCompoundTypes

        evaluator = _local.evaluator = EvalWithCompoundTypes(functions=dict(FUNCTIONS), operators=_operators())  # it adds to the dicts it is given
    return evaluator


def compile_expression(source: str, names: frozenset[str]) -> Expression:
    """Parse and check `source`; raise ExpressionError naming the first offending part."""
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"longer than {MAX_SOURCE} characters; split it into several rules")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"not a valid expression at column {e.offset or 0}: {e.msg}") from None
    for node in ast.walk(tree):
        col = getattr(node, "col_offset", 0) + 1
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"{_describe(node)} is not allowed (column {col})")
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                raise ExpressionError(f"{_describe(node.func)} is not allowed (column {col})")
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                raise ExpressionError(f"only the functions {', '.join(FUNCTIONS)} may be called (column {col})")
        elif isinstance(node, ast.Name) and node.id not in names and node.id not in FUNCTIONS:
            known = ", ".join(sorted(names)) or "none"
            raise ExpressionError(f"unknown name {node.id!r} (column {col}); known names: {known}")
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, int, float, bool, type(None))):
            raise ExpressionError(f"literal {node.value!r} is not allowed (column {col})")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and (_literal_sequence(node.left) or _literal_sequence(node.right)):
            raise ExpressionError(f"repeating a text or a list with * is not allowed (column {col})")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _literal_sequence(node.left):
            raise ExpressionError(f"% formatting of a text is not allowed; % is for numbers (column {col})")
    return Expression(source.strip(), tree)


def _literal_sequence(node: ast.AST) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) or isinstance(node, ast.Constant) and isinstance(node.value, str)


def string_literals_compared_with(tree: ast.AST, name: str) -> list[str]:
    """String literals an expression compares `name` against, e.g. rating == 'fully-met'."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        if any(isinstance(o, ast.Name) and o.id == name for o in operands):
            for operand in operands:
                values = operand.elts if isinstance(operand, (ast.Tuple, ast.List)) else [operand]
                found += [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return found


def _describe(node: ast.AST) -> str:
    words = {
        ast.Attribute: "attribute access (a.b)",
        ast.Subscript: "indexing (a[b])",
        ast.Lambda: "lambda",
        ast.NamedExpr: "assignment (:=)",
    }
    return words.get(type(node), type(node).__name__)
