"""Deciding a derive rule while some of its figures are unknown: true, false, or unknown.

A person may know that two of BVPI Q11's five staff groups were trained and nothing
about the other three. "At least two groups" is then already true, and treating the
three as No (or refusing to decide until they are typed in) would tell the borough
something its figures do not say. So an unknown figure is not a value: it stands for
every value its input could take (a yes/no input is 0 or 1 in a sum; a number is at
least its `minimum`), and the rule is decided only when every such value gives the
same result. Otherwise the result is unknown, with the unknown inputs that could
still change it.

The expression was checked when the framework loaded (`expressions.compile_expression`),
so only its small set of node types occurs here. Operations on known values use
simpleeval's own operators, with the limits simpleeval puts on them; an expression
whose figures are all known is never evaluated here but by `Expression.evaluate`.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping

from .expressions import FUNCTIONS, Expression, simple_operators
from .frozen import frozen

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any

INF = math.inf


@frozen
class Span:
    """A value not known yet: somewhere from `low` to `high` (a yes/no is 0 to 1), depending on `names`."""

    low: float
    high: float
    names: frozenset[str]
    truth: bool | None = None  # known even though the value is not: `unknown or True` is true


UNKNOWN_TRUTH = (0.0, 1.0)


@frozen
class Decision:
    """True or False once decided; None with the unknown inputs that could still change it."""

    value: bool | None
    missing: frozenset[str] = frozenset()


def decide(expression: Expression, known: Mapping[str, Any], unknown: Mapping[str, tuple[float, float]]) -> Decision:
    """Decide `expression` given the `known` figures; each `unknown` input ranges over (low, high).

    Errors in arithmetic on known figures (division by zero) are raised, as
    `Expression.evaluate` raises them.
    """
    result = _Walk(known, unknown).value(expression.tree.body)
    truth = _truth(result)
    if isinstance(truth, Span):
        return Decision(None, truth.names)
    return Decision(truth)


def input_range(kind: str, minimum: float | None) -> tuple[float, float]:
    """Every value an input of this type could take: yes/no is 0 or 1, a number at least its minimum."""
    if kind == "boolean":
        return UNKNOWN_TRUTH
    return (-INF if minimum is None else float(minimum), INF)


def _truth(value: Any) -> bool | Span:
    if not isinstance(value, Span):
        return bool(value)
    if value.truth is not None:
        return value.truth
    if value.low > 0 or value.high < 0:
        return True
    if value.low == value.high == 0:
        return False
    return Span(*UNKNOWN_TRUTH, value.names)


def _bounds(value: Any) -> tuple[float, float] | None:
    """A value's range, or None for a value that is not a number (a string, None, a tuple)."""
    if isinstance(value, Span):
        return value.low, value.high
    if isinstance(value, (bool, int, float)):
        return float(value), float(value)
    return None


def _names(*values: Any) -> frozenset[str]:
    return frozenset().union(*(v.names for v in values if isinstance(v, Span)))


def _hull(values: list[Any]) -> Span:
    bounds = [_bounds(v) for v in values]
    names = _names(*values)
    if any(b is None for b in bounds):
        return Span(-INF, INF, names)
    return Span(min(b[0] for b in bounds), max(b[1] for b in bounds), names)


def _times(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 × ∞ is 0 here: the bound is reached by the finite side


class _Walk:
    def __init__(self, known: Mapping[str, Any], unknown: Mapping[str, tuple[float, float]]):
        self.known = known
        self.unknown = unknown

    def value(self, node: ast.AST) -> Any:
        method = getattr(self, f"_{type(node).__name__}")
        return method(node)

    def _Constant(self, node: ast.Constant) -> Any:
        return node.value

    def _Name(self, node: ast.Name) -> Any:
        if node.id in self.known:
            return self.known[node.id]
        low, high = self.unknown[node.id]
        return Span(low, high, frozenset({node.id}))

    def _Tuple(self, node: ast.Tuple) -> Any:
        items = [self.value(e) for e in node.elts]
        return _hull(items) if any(isinstance(i, Span) for i in items) else tuple(items)

    def _List(self, node: ast.List) -> Any:
        items = [self.value(e) for e in node.elts]
        return _hull(items) if any(isinstance(i, Span) for i in items) else items

    def _BoolOp(self, node: ast.BoolOp) -> Any:
        """Python's `and`/`or`, three-valued: a known deciding operand decides, whatever the others are."""
        stops_on = isinstance(node.op, ast.Or)  # `or` stops at the first true operand, `and` at the first false
        open_: list[Any] = []  # operands whose truth is unknown, any of which might be the result
        for operand in node.values:
            value = self.value(operand)
            truth = _truth(value)
            if isinstance(truth, Span):
                open_.append(value)
            elif truth is stops_on:
                if not open_:
                    return value
                hull = _hull([*open_, value])  # an open operand, or this one: decided either way
                return Span(hull.low, hull.high, hull.names, truth=stops_on)
        return value if not open_ else _hull([*open_, value])

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.value(node.operand)
        if not isinstance(value, Span):
            return simple_operators()[type(node.op)](value)
        if isinstance(node.op, ast.Not):
            truth = _truth(value)
            return (not truth) if isinstance(truth, bool) else truth
        if isinstance(node.op, ast.USub):
            return Span(-value.high, -value.low, value.names)
        return value

    def _BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.value(node.left), self.value(node.right)
        if not isinstance(left, Span) and not isinstance(right, Span):
            return simple_operators()[type(node.op)](left, right)
        a, b, names = _bounds(left), _bounds(right), _names(left, right)
        if a is None or b is None:
            return Span(-INF, INF, names)
        if isinstance(node.op, ast.Add):
            return Span(a[0] + b[0], a[1] + b[1], names)
        if isinstance(node.op, ast.Sub):
            return Span(a[0] - b[1], a[1] - b[0], names)
        if isinstance(node.op, ast.Mult):
            products = [_times(x, y) for x in a for y in b]
            return Span(min(products), max(products), names)
        if isinstance(node.op, ast.Div) and (b[0] > 0 or b[1] < 0):
            quotients = [x / y for x in a for y in b if not (math.isinf(x) and math.isinf(y))]
            if any(math.isinf(x) for x in a) and any(math.isinf(y) for y in b):
                return Span(-INF, INF, names)
            return Span(min(quotients), max(quotients), names)
        return Span(-INF, INF, names)  # // and %, or a divisor that may be 0: no useful bound

    def _Compare(self, node: ast.Compare) -> Any:
        """A chain a < b <= c is (a < b) and (b <= c), each three-valued."""
        left = self.value(node.left)
        open_names: frozenset[str] = frozenset()
        for op, comparator in zip(node.ops, node.comparators):
            right = self.value(comparator)
            result = self._compare(op, left, right)
            if isinstance(result, Span):
                open_names |= result.names
            elif not result:
                return False
            left = right
        return Span(*UNKNOWN_TRUTH, open_names) if open_names else True

    @staticmethod
    def _compare(op: ast.cmpop, left: Any, right: Any) -> bool | Span:
        if not isinstance(left, Span) and not isinstance(right, Span):
            return bool(simple_operators()[type(op)](left, right))
        unknown = Span(*UNKNOWN_TRUTH, _names(left, right))
        a, b = _bounds(left), _bounds(right)
        if a is None or b is None:
            if isinstance(op, (ast.Eq, ast.NotEq)) and not isinstance(left if a is None else right, (tuple, list)):
                return isinstance(op, ast.NotEq)  # a number is never equal to a string or None
            return unknown
        if isinstance(op, ast.Lt):
            return True if a[1] < b[0] else False if a[0] >= b[1] else unknown
        if isinstance(op, ast.LtE):
            return True if a[1] <= b[0] else False if a[0] > b[1] else unknown
        if isinstance(op, ast.Gt):
            return True if a[0] > b[1] else False if a[1] <= b[0] else unknown
        if isinstance(op, ast.GtE):
            return True if a[0] >= b[1] else False if a[1] < b[0] else unknown
        if isinstance(op, (ast.Eq, ast.NotEq)) and (a[1] < b[0] or b[1] < a[0]):
            return isinstance(op, ast.NotEq)
        return unknown

    def _IfExp(self, node: ast.IfExp) -> Any:
        test = _truth(self.value(node.test))
        if isinstance(test, bool):
            return self.value(node.body if test else node.orelse)
        body, orelse = self.value(node.body), self.value(node.orelse)
        if not isinstance(body, Span) and not isinstance(orelse, Span) and body == orelse:
            return body
        hull = _hull([body, orelse])
        return Span(hull.low, hull.high, hull.names | test.names)

    def _Call(self, node: ast.Call) -> Any:
        name = node.func.id  # checked at load: one of FUNCTIONS, called by name
        args = [self.value(a) for a in node.args]
        if not any(isinstance(a, Span) for a in args):
            return FUNCTIONS[name](*args)
        bounds = [_bounds(a) for a in args]
        names = _names(*args)
        if name in ("min", "max") and len(args) > 1 and all(b is not None for b in bounds):
            pick = min if name == "min" else max
            return Span(pick(b[0] for b in bounds), pick(b[1] for b in bounds), names)
        if name == "abs" and len(args) == 1 and bounds[0] is not None:
            low, high = bounds[0]
            if low >= 0:
                return Span(low, high, names)
            if high <= 0:
                return Span(-high, -low, names)
            return Span(0.0, max(-low, high), names)
        return Span(-INF, INF, names)
