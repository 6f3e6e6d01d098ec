"""The shape of the house (issue 10): one-way imports, one symbolic -> numeric boundary,
files small enough to hold in your head, models that do not know their claims.

The import graph is read from the source with :mod:`ast` (every ``import`` statement,
including those inside functions), so the test sees what a reader sees.
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "efftheory"

#: The layers, bottom to top: a module may import its own layer or a lower one.
LAYERS = {"errors": 0, "_version": 0, "limits": 0, "symbolic": 1, "numeric": 2, "results": 3, "claims": 3, "models": 4,
          "display": 3, "theories": 4, "report": 5, "diagram": 5, "commands": 6, "cli": 7,
          "cli_help": 7, "__main__": 8, "__init__": 8}
MAX_LINES = 400


def _modules() -> dict:
    """Module name -> path, for every module of the package."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set:
    """The package modules that ``name`` imports (resolved relative imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "efftheory"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "efftheory":
                continue
            for alias in node.names:     # ``from . import sextic`` imports a submodule
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS["__init__"] if len(parts) == 1 else LAYERS[parts[1]]


def test_no_import_circle():
    """Tarjan's strongly connected components of the import graph are all single modules."""
    index, low, stack, on, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))
    for v in GRAPH:
        if v not in index:
            visit(v)
    assert not circles, circles


def test_no_import_runs_up_a_layer():
    upward = [(a, b) for a, targets in GRAPH.items() for b in targets if _layer(b) > _layer(a)]
    assert not upward, upward


def test_models_do_not_import_their_claims_or_figures():
    """Within a paper package only claims, figures and the paper's ``__init__`` may see claims/figures."""
    bad = []
    for name, targets in GRAPH.items():
        parts = name.split(".")
        if len(parts) != 4 or parts[1] != "theories":
            continue
        if parts[3].startswith(("claims", "figures")):
            continue
        bad += [(name, t) for t in targets if t.split(".")[-1].startswith(("claims", "figures"))]
    assert not bad, bad


def test_lambdify_only_in_compile():
    """Every compiled kernel comes from numeric/compile.py, the one symbolic -> numeric boundary."""
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "lambdify" in p.read_text() and p != PACKAGE / "numeric" / "compile.py"]
    assert not offenders, offenders


def test_modules_fit_in_a_head():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    big = {k: v for k, v in sizes.items() if v > MAX_LINES}
    assert not big, big


def test_symbolic_role_files_are_pure_sympy():
    """Every ``*_symbolic.py`` imports no numerical library (checked in a fresh interpreter)."""
    names = sorted(n for n, p in MODULES.items() if p.name.endswith("_symbolic.py"))
    assert len(names) >= 5, names
    code = ("import sys, importlib\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = [m for m in ('numpy', 'scipy', 'matplotlib') if m in sys.modules]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("package", sorted(p.parent.name for p in (PACKAGE / "theories").glob("*/__init__.py")))
def test_every_paper_package_is_registered(package):
    from efftheory.theories import PAPERS
    assert package in PAPERS
