"""Registering your own theory (issue 12, deliverable 4): ``efftheory.register``, the global
``--model FILE.py`` option and the entry-point group ``efftheory.theories``.

The theory is the one ``docs/writing-a-theory.rst`` shows in full, f(m) = a m^2 + b m^4 + m^6: the
test takes the file from the page, writes it to a temporary directory and runs every subcommand on
it.  Reference values are closed forms, derived independently of the code: at a first-order point
f'(m) = 0 and f(m) = f(0) = 0 with x = m^2 != 0, i.e. a + 2bx + 3x^2 = 0 = a + bx + x^2, so
x = -b/2 and a = b^2/4; the wells appear where also d/dx (a + 2bx + 3x^2) = 0: x = -b/3, a = b^2/3;
the origin is unstable below a = 0 (f''(0) = 2a).
"""
import dataclasses
import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import pytest

import efftheory
import efftheory.theories as registry
from efftheory.errors import InputError, UnknownTheoryError
from efftheory.results import EvalResult, SolveResult

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = [name for key in registry.PAPERS for name in registry.get_paper(key).theory_names()]


def theory_file_text(name: str = "my_sextic.py") -> str:
    """The ``name`` code block of docs/writing-a-theory.rst (so the page is what is tested)."""
    lines = (ROOT / "docs" / "writing-a-theory.rst").read_text().splitlines()
    start = lines.index(f"   :caption: {name}") + 1
    body = []
    for line in lines[start:]:
        if line.strip() and not line.startswith("   "):
            break
        body.append(line)
    return textwrap.dedent("\n".join(body)).strip() + "\n"


@pytest.fixture
def theory_file(tmp_path) -> Path:
    path = tmp_path / "my_sextic.py"
    path.write_text(theory_file_text())
    return path


def run(*args, cwd, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "efftheory", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def ok(proc):
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def error_line(proc) -> str:
    """The one line an input error prints (exit status 2, no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-3000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def close(text, exact, digits):
    """``text`` agrees with ``exact`` (a number, or a callable evaluated at the working precision) to
    ``digits`` significant digits, give or take one unit in the last place."""
    with mpmath.workdps(digits + 10):
        exact = exact() if callable(exact) else mpmath.mpf(exact)
        return abs(mpmath.mpf(text) - exact) <= mpmath.mpf(10) ** (1 - digits) * max(1, abs(exact))


@pytest.fixture
def clean_registry():
    """The registry as it was, after the test (other tests see the built-in theories only)."""
    saved = (dict(registry._USER), dict(registry._EXTRA_PAPERS), dict(registry._BROKEN),
             dict(registry._ENTRY_POINTS))
    yield
    for table, old in zip((registry._USER, registry._EXTRA_PAPERS, registry._BROKEN, registry._ENTRY_POINTS),
                          saved):
        table.clear()
        table.update(old)


# ---------------------------------------------------------------------------------------------- (a) every subcommand
def test_every_subcommand_on_a_theory_from_a_file(theory_file, tmp_path, compile_latex):
    model = ("--model", theory_file.name)
    listed = json.loads(ok(run(*model, "list", "--json", cwd=tmp_path)).stdout)["theories"]
    assert [r["name"] for r in listed][:len(BUILTIN)] == BUILTIN
    mine = next(r for r in listed if r["name"] == "my-sextic")
    assert mine["paper"] == "user theory (from my_sextic.py)"
    assert [(p["name"], p["default"]) for p in mine["parameters"]] == [("a", None), ("b", "-1")]
    assert set(mine["special_points"]) == {"spinodal", "first_order"}
    assert ok(run(*model, "list", cwd=tmp_path)).stdout.count("my-sextic  —  user theory") == 1

    shown = ok(run(*model, "show", "my-sextic", cwd=tmp_path)).stdout
    assert "a*m**2 + b*m**4 + m**6" in shown
    assert "m^{6}" in ok(run(*model, "show", "my-sextic", "--latex", cwd=tmp_path)).stdout

    derived = ok(run(*model, "derive", "my-sextic", "--check", cwd=tmp_path))
    assert "all 3 checks passed" in derived.stderr and "first-order point" in derived.stdout

    solved = json.loads(ok(run(*model, "solve", "my-sextic", "--dps", "30", "--json", cwd=tmp_path)).stdout)
    assert solved["theory"] == "my-sextic" and solved["dps"] == 30 and solved["parameters"]["b"] == "-1"
    points = {(p["kind"], round(float(p["values"]["a"]), 6)): p for p in solved["points"]}
    assert set(points) == {("first_order", 0.25), ("spinodal", 0.0), ("spinodal", round(1 / 3, 6))}
    first = points["first_order", 0.25]                        # a = b^2/4, m^2 = -b/2 at b = -1
    assert first["digits"] == 30
    assert close(first["values"]["a"], "0.25", 30)
    assert close(first["values"]["m"], lambda: 1 / mpmath.sqrt(2), 30)
    wells = points["spinodal", round(1 / 3, 6)]                # a = b^2/3, m^2 = -b/3
    assert wells["digits"] == 30
    assert close(wells["values"]["a"], lambda: mpmath.mpf(1) / 3, 30)
    assert close(wells["values"]["m"], lambda: 1 / mpmath.sqrt(3), 30)
    assert points["spinodal", 0.0]["values"] == {"a": "0", "m": "0"}

    phase = json.loads(ok(run(*model, "eval", "my-sextic", "phase", "--param", "a=1/5", "--dps", "20", "--json",
                              cwd=tmp_path)).stdout)
    assert phase["values"]["phase"] == "ordered" and phase["digits"] == 20
    # at a = 1/5 the wells lie at x = m^2 with 3x^2 - 2x + 1/5 = 0, x = (1 + sqrt(2/5)) / 3
    assert close(phase["values"]["m"], lambda: mpmath.sqrt((1 + mpmath.sqrt(mpmath.mpf(2) / 5)) / 3), 20)

    swept = ok(run(*model, "sweep", "my-sextic", "--vary", "a=0:1/2:3", "--dps", "10", "--csv", "-",
                   cwd=tmp_path)).stdout.splitlines()
    assert [row.split(",")[1] for row in swept[1:]] == ["ordered", "coexistence", "disordered"]

    tex = tmp_path / "my-sextic.tex"
    ok(run(*model, "latex", "my-sextic", "-o", tex.name, cwd=tmp_path))
    assert tex.read_text().startswith("\\documentclass") and "first" in tex.read_text()
    compile_latex(tex)

    ok(run(*model, "reproduce", "my-sextic", "--out", "report", cwd=tmp_path))
    results = json.loads((tmp_path / "report" / "results.json").read_text())
    assert [(c["id"], c["passed"]) for c in results["claims"]] == [("my-sextic/first-order", True)]
    assert results["theories"] == ["my-sextic"]


# ---------------------------------------------------------------------------------------------- (b) another b
def test_first_order_point_moves_with_b(theory_file, tmp_path):
    """b = -2: the first-order point a = b^2/4 = 1 with m^2 = -b/2 = 1; the wells at a = b^2/3 = 4/3."""
    solved = json.loads(ok(run("--model", theory_file.name, "solve", "my-sextic", "--param", "b=-2", "--dps", "40",
                               "--json", cwd=tmp_path)).stdout)
    assert solved["parameters"]["b"] == "-2"
    first = next(p for p in solved["points"] if p["kind"] == "first_order")
    assert first["digits"] == 40 and close(first["values"]["a"], 1, 40) and close(first["values"]["m"], 1, 40)
    wells = [p for p in solved["points"] if p["kind"] == "spinodal" and p["values"]["a"] != "0"]
    assert len(wells) == 1 and close(wells[0]["values"]["a"], lambda: mpmath.mpf(4) / 3, 40)
    assert close(wells[0]["values"]["m"], lambda: mpmath.sqrt(mpmath.mpf(2) / 3), 40)
    out_of_domain = error_line(run("--model", theory_file.name, "solve", "my-sextic", "--param", "b=1",
                                   cwd=tmp_path))
    assert "'b'" in out_of_domain and "< 0" in out_of_domain


# ---------------------------------------------------------------------------------------------- (c) errors
def test_model_file_errors_are_one_line_naming_the_file(theory_file, tmp_path):
    assert error_line(run("--model", "missing.py", "list", cwd=tmp_path)) == \
        "efftheory: error: --model missing.py: no such file"
    (tmp_path / "raises.py").write_text("import efftheory\n\nraise ValueError('no such activation\\nmore')\n")
    assert error_line(run("--model", "raises.py", "list", cwd=tmp_path)) == \
        "efftheory: error: --model raises.py, line 3: ValueError: no such activation"
    (tmp_path / "empty.py").write_text("x = 1\n")
    assert "--model empty.py: the file registered no theory" in error_line(run("--model", "empty.py", "list",
                                                                               cwd=tmp_path))
    (tmp_path / "again.py").write_text(theory_file.read_text())
    duplicate = error_line(run("--model", theory_file.name, "--model", "again.py", "list", cwd=tmp_path))
    assert "--model again.py" in duplicate and "'my-sextic' is already registered" in duplicate
    (tmp_path / "builtin.py").write_text(theory_file.read_text().replace('"my-sextic"', '"landau-sextic"'))
    assert "'landau-sextic' is built in and cannot be replaced" in error_line(
        run("--model", "builtin.py", "list", cwd=tmp_path))
    (tmp_path / "notamodel.py").write_text("import efftheory\nefftheory.register('my-sextic')\n")
    assert "takes an efftheory.theories.base.Model or a Paper; got str" in error_line(
        run("--model", "notamodel.py", "list", cwd=tmp_path))
    # the same file twice is loaded once; the option goes before the subcommand
    ok(run("--model", theory_file.name, "--model", theory_file.name, "list", cwd=tmp_path))
    assert error_line(run("list", "--model", theory_file.name, cwd=tmp_path)).startswith("efftheory: error:")


# ---------------------------------------------------------------------------------------------- (d) Python API
def test_register_from_python(theory_file, clean_registry):
    assert "register" in efftheory.__all__
    registry.load_file(theory_file)
    model = efftheory.theory("my-sextic")
    assert model.paper == "user theory (from my_sextic.py)"
    assert efftheory.theory_names() == BUILTIN + ["my-sextic"]
    assert registry.get("my-sextic") is model and registry.all_models()[-1] is model
    result = model.solve({"b": "-2"}, dps=25)
    assert isinstance(result, SolveResult) and close(str(result["first_order"].values["a"]), 1, 25)
    assert isinstance(model.evaluate("phase", {"a": "2"}, dps=15), EvalResult)
    assert [c.check(dps=20).passed for c in model.claims()] == [True]

    with pytest.raises(InputError, match="'my-sextic' is already registered"):
        efftheory.register(model)
    renamed = efftheory.register(model, replace=True)
    assert efftheory.theory("my-sextic") is renamed
    landau = efftheory.theory("landau-sextic")
    for replace in (False, True):
        with pytest.raises(InputError, match="'landau-sextic' is built in and cannot be replaced"):
            efftheory.register(landau, replace=replace)
    with pytest.raises(InputError, match="non-empty ASCII without spaces"):
        efftheory.register(dataclasses.replace(renamed, name="my sextic"))

    registry.unregister("my-sextic")
    assert efftheory.theory_names() == BUILTIN
    with pytest.raises(UnknownTheoryError):
        efftheory.theory("my-sextic")
    with pytest.raises(InputError, match="built in"):
        registry.unregister("landau-sextic")


def test_register_a_paper(clean_registry, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    _write_plugin(tmp_path)
    paper = efftheory.register(__import__("plugin_theories").PAPER)
    assert registry.papers()[-1] is paper and registry.get_paper("plugpaper") is paper
    model = efftheory.theory("plug-sextic")
    assert model.paper == "Plug et al. 2030" and model.solve(dps=20)["first_order"].values["a"] > 0
    with pytest.raises(InputError, match="paper 'plugpaper' is already registered"):
        efftheory.register(paper)
    with pytest.raises(InputError, match="paper 'landau' is built in"):
        efftheory.register(registry.get_paper("landau"))


# ---------------------------------------------------------------------------------------------- (e) entry points
def _write_plugin(root: Path) -> None:
    """An installable-looking plug-in: a package with a Paper, a Model and a callable returning a list."""
    pkg = root / "plugin_theories"
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text(textwrap.dedent('''\
        from efftheory.theories.paper import Paper

        PAPER = Paper(key="plugpaper", citation="Plug et al. 2030", short="Plug et al.", package=__name__,
                      models={"plug-sextic": "sextic"}, claims=None)
        '''))
    (pkg / "sextic.py").write_text(textwrap.dedent('''\
        import dataclasses

        from efftheory.theories.landau.sextic import MODEL as LANDAU

        MODEL = dataclasses.replace(LANDAU, name="plug-sextic")


        def more():
            return [dataclasses.replace(LANDAU, name="plug-two", paper="")]
        '''))


ENTRY_POINTS = {"plugpaper": "plugin_theories:PAPER", "plug-two": "plugin_theories.sextic:more",
                "broken": "no_such_module_for_efftheory:MODEL"}


def test_entry_points_in_process(clean_registry, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    _write_plugin(tmp_path)
    fake = [importlib.metadata.EntryPoint(name, value, registry.ENTRY_POINT_GROUP)
            for name, value in ENTRY_POINTS.items()]
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group=None: [ep for ep in fake if ep.group == group])
    registry._ENTRY_POINTS["loaded"] = False
    with pytest.warns(registry.EntryPointWarning, match="entry point 'broken = no_such_module_for_efftheory:MODEL'"):
        found = registry.names()
    assert found == BUILTIN + ["plug-sextic", "plug-two"]
    assert efftheory.theory("plug-two").paper == "user theory (from entry point plug-two)"
    with pytest.raises(InputError, match="theory 'broken': entry point .* failed: ModuleNotFoundError"):
        efftheory.theory("broken")
    registry.names()                                    # read once: no second warning (filterwarnings = error)


def test_entry_points_of_an_installed_package(tmp_path):
    """A ``*.dist-info/entry_points.txt`` on sys.path, as pip leaves it: ``list`` shows the plug-in's
    theories, the broken one is one warning line, and asking for it exits 2; importing efftheory
    reads no entry point."""
    _write_plugin(tmp_path)
    info = tmp_path / "plugin_theories-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plugin-theories\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{registry.ENTRY_POINT_GROUP}]\n"
                                           + "".join(f"{k} = {v}\n" for k, v in ENTRY_POINTS.items()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    listed = run("list", "--json", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert [r["name"] for r in json.loads(listed.stdout)["theories"]] == BUILTIN + ["plug-sextic", "plug-two"]
    assert listed.stderr.strip().splitlines() == [
        "efftheory: warning: entry point 'broken = no_such_module_for_efftheory:MODEL' (efftheory.theories) failed: "
        "ModuleNotFoundError: No module named 'no_such_module_for_efftheory'; skipped"]
    solved = json.loads(ok(run("solve", "plug-sextic", "--dps", "20", "--json", cwd=tmp_path, env=env)).stdout)
    assert close(next(p for p in solved["points"] if p["kind"] == "first_order")["values"]["a"],
                 "0.25", 20)
    broken = run("solve", "broken", cwd=tmp_path, env=env)
    assert broken.returncode == 2 and broken.stderr.strip().splitlines()[-1].startswith(
        "efftheory: error: theory 'broken': entry point 'broken = no_such_module_for_efftheory:MODEL'")
    cheap = subprocess.run([sys.executable, "-c", "import sys, efftheory; "
                            "print(sorted(m for m in sys.modules if m.startswith('efftheory.')))"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert "efftheory.theories" not in cheap.stdout and "plugin_theories" not in cheap.stdout


# ---------------------------------------------------------------------------------------------- (e) two order parameters
def test_a_theory_with_two_order_parameters(tmp_path):
    """The page's ``my_coupled.py``: on the diagonal m = n the action is the sextic in r^2 = m^2 + n^2 with
    b = -1, so the first-order point is a = 1/4 with r^2 = 1/2 (m = n = 1/2), the wells appear at a = 1/3
    (m = n = 1/sqrt 6), and the origin turns unstable at a = 0 (its Hessian has eigenvalues 2a, 2a + 4g)."""
    (tmp_path / "my_coupled.py").write_text(theory_file_text("my_coupled.py"))
    solved = json.loads(ok(run("--model", "my_coupled.py", "solve", "my-coupled", "--dps", "30", "--json",
                               cwd=tmp_path)).stdout)
    points = {(p["kind"], round(float(p["values"]["a"]), 6)): p for p in solved["points"]}
    assert set(points) == {("first_order", 0.25), ("spinodal", 0.0), ("spinodal", round(1 / 3, 6))}
    first = points["first_order", 0.25]["values"]
    assert all(close(first[k], v, 30) for k, v in (("a", "0.25"), ("m", "0.5"), ("n", "0.5")))
    wells = points["spinodal", round(1 / 3, 6)]["values"]
    assert close(wells["a"], lambda: mpmath.mpf(1) / 3, 30)
    assert close(wells["m"], lambda: 1 / mpmath.sqrt(6), 30) and close(wells["n"], lambda: 1 / mpmath.sqrt(6), 30)
    assert points["spinodal", 0.0]["values"] == {"a": "0", "m": "0", "n": "0"}
    derived = ok(run("--model", "my_coupled.py", "derive", "my-coupled", "--check", cwd=tmp_path))
    assert "diagonal" in derived.stdout + derived.stderr           # the step ran and its check passed (exit 0)
