"""One disclosure policy, passed explicitly (no function carries a default threshold).

Walks the source of every module under ``src/cpanalysis`` with :mod:`ast`:

* no function may give a default to a parameter named ``threshold``,
  ``small_group`` or ``reliability_limit`` (a forgotten argument would
  silently protect a table at 5 whatever the run asked);
* a ``policy`` parameter may default (to ``DEFAULT_POLICY``) only on the
  top-level public API functions listed in ``PUBLIC_DEFAULTS``;
* inside the package, every call of one of those public functions passes
  ``policy=`` (their default is for users, not for the briefings).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cpanalysis"

POLICY_PARTS = {"threshold", "small_group", "reliability_limit"}

#: Public functions exported from ``cpanalysis`` that may keep a convenient
#: ``policy=DEFAULT_POLICY`` for users at a prompt.
PUBLIC_DEFAULTS = {
    "cpanalysis.protect.suppression.suppress",
    "cpanalysis.protect.proportion.proportion",
    "cpanalysis.protect.bands.compare_by_band",
}
PUBLIC_NAMES = {name.rsplit(".", 1)[1] for name in PUBLIC_DEFAULTS}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(tree: ast.AST, prefix: str):
    """Every function with its qualified name (methods and nested functions too)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{prefix}.{node.name}"
            yield name, node
            yield from _functions(node, name)
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}.{node.name}")
        else:
            yield from _functions(node, prefix)


def _defaulted(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    names = [p.arg for p in positional[len(positional) - len(a.defaults):]] if a.defaults else []
    names += [p.arg for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
    return names


def policy_default_problems() -> list[str]:
    problems = []
    for module, path, tree in _modules():
        for qualname, fn in _functions(tree, module):
            for name in _defaulted(fn):
                where = f"{path.relative_to(SRC.parent)}:{fn.lineno} {qualname}"
                if name in POLICY_PARTS:
                    problems.append(f"{where}: parameter {name!r} has a default; take policy: DisclosurePolicy")
                elif name == "policy" and qualname not in PUBLIC_DEFAULTS:
                    problems.append(f"{where}: 'policy' has a default; only the public API may")
    return problems


def policy_call_problems() -> list[str]:
    problems = []
    for module, path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name not in PUBLIC_NAMES:
                continue
            keywords = {k.arg for k in node.keywords}
            if "policy" not in keywords and None not in keywords:  # None: **kwargs passed on
                problems.append(f"{path.relative_to(SRC.parent)}:{node.lineno} {name}(...) without policy=")
    return problems


def test_no_function_defaults_a_disclosure_setting():
    problems = policy_default_problems()
    assert not problems, "\n".join(problems)


def test_package_calls_of_the_public_functions_pass_the_policy():
    problems = policy_call_problems()
    assert not problems, "\n".join(problems)


def test_the_walker_sees_defaults_in_every_form():
    src = (
        "def a(x, threshold=5): pass\n"
        "def b(x, *, small_group: int = 10): pass\n"
        "class C:\n    def m(self, *, policy=P): pass\n"
        "def d(x, *, threshold): pass\n"
    )
    tree = ast.parse(src)
    found = {q: _defaulted(fn) for q, fn in _functions(tree, "m")}
    assert found == {"m.a": ["threshold"], "m.b": ["small_group"], "m.C.m": ["policy"], "m.d": []}
