"""Every event hall_desk produces is in the event catalogue (issue 21).

Events are written at two doors: a desk's :func:`hall_desk.storage.events.append_event` and head
office's ``_append_head_office`` (its ``<HALL>-00`` chain); both refuse at run time a type the
catalogue does not know. This test reads the source: each call's event type is resolved (a string,
a module constant, the values of a constant mapping, or a parameter resolved at the calls of its
function) and must be a type of a catalogue family — so a new type fails here before any test runs
it. Nothing else inserts into the event log but the downlink and recovery (events others wrote).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

from hall_desk.domain.payloads import known_type

PACKAGE = Path(__file__).resolve().parent.parent / "hall_desk"
DOORS = {"append_event": ("type", 99), "_append_head_office": ("type", 1)}  # keyword, position
# Modules that insert events others wrote (the downlink, recovery through it, head office's
# intake) or that are the doors themselves.
INSERTERS = {
    "hall_desk/storage/events.py",
    "hall_desk/sync/downlink.py",
    "hall_desk/hq/store/chains.py",
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
    ]


def call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def argument(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if position < len(call.args) else None


def enclosing_functions(tree: ast.Module) -> dict[ast.AST, ast.FunctionDef]:
    """node → the innermost function holding it (ast.walk meets outer functions first)."""
    parents: dict[ast.AST, ast.FunctionDef] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for child in ast.walk(node):
                if child is not node:
                    parents[child] = node
    return parents


def resolve(
    expr: ast.expr, module: Any, tree: ast.Module, function: ast.FunctionDef | None, depth: int = 0
) -> set[str]:
    """The event types ``expr`` can be (AssertionError when it cannot be told)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        mapping = getattr(module, expr.value.id)
        assert isinstance(mapping, dict), ast.unparse(expr)
        return set(mapping.values())
    if isinstance(expr, ast.Name):
        params = [a.arg for a in function.args.args + function.args.kwonlyargs] if function else []
        if expr.id in params and function is not None and depth < 3:
            return resolve_parameter(function, params.index(expr.id), expr.id, module, tree, depth)
        assigned: list[ast.expr] = []
        if function is not None:
            assigned = [
                node.value
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
            ]
        if assigned:  # a local variable: every value it is given
            return set().union(*(resolve(v, module, tree, function, depth) for v in assigned))
        value = getattr(module, expr.id, None)
        assert isinstance(value, str), f"{module.__name__}: cannot tell {expr.id}"
        return {value}
    if isinstance(expr, ast.Attribute):
        value = eval(ast.unparse(expr), vars(module))  # a module constant
        assert isinstance(value, str), ast.unparse(expr)
        return {value}
    raise AssertionError(f"{module.__name__}: cannot tell the event type {ast.unparse(expr)}")


def resolve_parameter(
    function: ast.FunctionDef, index: int, name: str, module: Any, tree: ast.Module, depth: int
) -> set[str]:
    parents = enclosing_functions(tree)
    found: set[str] = set()
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and call_name(node) == function.name
    ]
    assert calls, f"{module.__name__}.{function.name} is called nowhere in its module"
    for call in calls:
        given = argument(call, name, index)
        assert given is not None, ast.unparse(call)
        found |= resolve(given, module, tree, parents.get(call), depth + 1)
    return found


def produced_types() -> dict[str, set[str]]:
    """module → the event types its calls to the two doors write."""
    produced: dict[str, set[str]] = {}
    for path, tree in sources():
        parents = enclosing_functions(tree)
        module = None
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or call_name(node) not in DOORS:
                continue
            module = module or importlib.import_module(module_name(path))
            keyword, position = DOORS[call_name(node) or ""]
            expr = argument(node, keyword, position)
            assert expr is not None, f"{path}: {ast.unparse(node)}"
            produced.setdefault(module.__name__, set()).update(
                resolve(expr, module, tree, parents.get(node))
            )
    return produced


def test_every_type_hall_desk_produces_is_in_the_catalogue() -> None:
    produced = produced_types()
    every = set().union(*produced.values())
    # the doors are found: the services' creations and head office's own decisions
    assert {"complaint.created", "refund.proposed", "transfer.opened", "incident.opened"} <= every
    assert {"complaint.replied", "refund.decided", "policy.set", "escrow.released"} <= every
    assert "complaint.verified" in every  # through lifecycle.EVENT_TYPES
    unknown = {m: sorted(t for t in types if not known_type(t)) for m, types in produced.items()}
    assert {m: t for m, t in unknown.items() if t} == {}


def test_a_type_outside_the_catalogue_would_be_found() -> None:
    assert not known_type("parcel.posted") and not known_type("hq_link.renamed")
    tree = ast.parse('append_event(type="parcel.posted")\n')
    statement = tree.body[0]
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
    expr = argument(statement.value, "type", 99)
    assert expr is not None and resolve(expr, object(), tree, None) == {"parcel.posted"}


def test_only_the_doors_and_the_readers_insert_events() -> None:
    writers = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path, _ in sources()
        if any(
            marker in path.read_text(encoding="utf-8")
            for marker in ("INSERT INTO event ", "INSERT INTO event(", "Event.insert(")
        )
    )
    assert set(writers) <= INSERTERS, writers
