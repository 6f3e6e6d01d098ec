"""Generate one page per theory (parameters, quantities, action, derivation, claims)
and the derivation-script gallery, from the registry."""
from pathlib import Path



_RST_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|*`_"})


def _t(text) -> str:
    """Plain text, with reStructuredText's markup characters escaped."""
    return str(text).translate(_RST_SPECIAL)


def _rst_math(latex: str) -> str:
    return ".. math::\n\n   " + latex.replace("\n", "\n   ") + "\n"


def _title(text: str, ch: str = "=") -> str:
    return f"{text}\n{ch * len(text)}\n"


def write_theory_pages(src: Path) -> None:
    from efftheory.theories import all_models
    out = src / "theories"
    out.mkdir(exist_ok=True)
    names = []
    for m in all_models():
        params = m.resolve({})
        theory = m.theory(params)
        lines = [_title(m.name), f"*{_t(m.paper)}*\n", _t(m.description) + "\n", _title("Parameters", "-")]
        lines += [f"- ``{p.name}`` = ``{p.default}`` ({_t(p.domain)}) — {_t(p.description)}" for p in m.parameters]
        lines += ["", _title("Action and equations", "-"), _rst_math(theory.latex().replace(
            "\\begin{align*}", "\\begin{aligned}").replace("\\end{align*}", "\\end{aligned}"))]
        if m.point_kinds:
            lines += [_title("Special points", "-"), ", ".join(f"``{k}``" for k in m.point_kinds) + "\n"]
        lines += [_title("Quantities", "-")]
        lines += [f"- ``{q.name}``: {_t(q.description)}" for q in m.quantities] + [""]
        d = m.derivation(params)
        lines += [_title("Derivation", "-"), _t(d.summary) + "\n" if d.summary else ""]
        for i, step in enumerate(d.steps, 1):
            lines += [f"**Step {i}: {_t(step.name)}** — {_t(step.rule)} *({_t(step.reference)})*\n",
                      _rst_math(d.latex_of(step.result))]
        lines += [_title("Claims", "-")]
        for c in m.claims():
            lines += [f"- ``{c.id}`` ({_t(c.paper)}, {_t(c.where)}): {_t(c.statement)}"
                      + (f" — paper: {c.expected}" if c.expected is not None else "")]
        (out / f"{m.name}.rst").write_text("\n".join(lines) + "\n")
        names.append(m.name)
    from efftheory.theories import papers
    listing = "".join(f"- **{_t(p.key)}**: {_t(p.reference)} — " + ", ".join(f":doc:`{n}`" for n in p.theory_names())
                      + "\n" for p in papers())
    (out / "index.rst").write_text(_title("Theories") + "\n" + listing + "\n.. toctree::\n   :maxdepth: 1\n\n"
                                   + "".join(f"   {n}\n" for n in names))
    write_gallery(src)
    write_tutorial(src)


TUTORIALS = (
    ("first_steps", "tutorial-first-steps", "Tutorial: first steps",
     "From a theory's name to its derivation record, its first-order point at 100 verified digits, its LaTeX "
     "and its plot. Everything below was computed when this page was built.\n",
     (("The action", "LATEX"), ("The solved point", "POINT_LATEX"))),
    ("your_model", "tutorial-your-model", "Tutorial: your own model",
     "Declare a two-layer network by its activation and Hermite teacher, derive its theory, print the "
     "derived action as LaTeX, solve its first-order point at 50 digits and plot :math:`-\\log p(q)`. "
     "Everything below was computed when this page was built.\n",
     (("The derived action", "LATEX"),)),
)


def write_tutorial(src: Path) -> None:
    """Execute each script of :data:`TUTORIALS` (``tutorials/<name>.py``) and write its page: the code,
    what it printed, the LaTeX it left in the named variables and the figure it drew."""
    import contextlib
    import io
    import runpy
    import sys
    for name, page_name, title, intro, maths in TUTORIALS:
        script, figure = src / "tutorials" / f"{name}.py", src / "tutorials" / f"{name}.png"
        out, argv = io.StringIO(), sys.argv
        try:
            sys.argv = [str(script), str(figure)]
            with contextlib.redirect_stdout(out):
                namespace = runpy.run_path(str(script), run_name="__main__")
        finally:
            sys.argv = argv
        page = [_title(title), intro,
                _title("The script", "-"), f".. literalinclude:: tutorials/{name}.py\n   :language: python\n",
                _title("What it printed", "-"), "::\n", "   " + out.getvalue().rstrip().replace("\n", "\n   ") + "\n"]
        for heading, variable in maths:
            page += [_title(heading, "-"), _rst_math(_display_math(namespace[variable]))]
        page += [_title("The figure", "-"), f".. image:: tutorials/{name}.png\n   :width: 90%\n"]
        (src / f"{page_name}.rst").write_text("\n".join(page) + "\n")


def _display_math(latex: str) -> str:
    """LaTeX from a ``_repr_latex_``/``latex()`` (``$$...$$`` or ``align*``) as the body of a math block."""
    latex = latex.strip()
    if latex.startswith("$$") and latex.endswith("$$"):
        latex = latex[2:-2]
    elif latex.startswith("$") and latex.endswith("$"):
        latex = latex[1:-1]
    return latex.replace("\\begin{align*}", "\\begin{aligned}").replace("\\end{align*}", "\\end{aligned}")


def write_gallery(src: Path) -> None:
    """Execute every worked example in ``derivations/`` and show its source and its output."""
    import ast
    import contextlib
    import importlib.util
    import io
    gallery = [_title("Derivation gallery"),
               "One worked example per theory in ``derivations/``: each checks the theory's derivation record "
               "step by step and recomputes some of its registered claims. The output below was produced when "
               "these pages were built.\n"]
    for path in sorted((src.parent / "derivations").glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        spec = importlib.util.spec_from_file_location(f"gallery_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = module.main(dps=15)
        print(result, file=out)
        gallery += [_title(path.stem, "-"), _t(doc) + "\n", f"``python derivations/{path.name}``::\n",
                    "   " + out.getvalue().rstrip().replace("\n", "\n   ") + "\n"]
    (src / "gallery.rst").write_text("\n".join(gallery) + "\n")


def _rst_help(text: str) -> list:
    """An option's help as RST: its first line a paragraph, the lines after it (lists of theories or
    quantities) a bullet list."""
    first, *rest = [ln.strip() for ln in str(text).splitlines()]
    out = [f"   {_t(first)}", ""]
    if rest:
        out += [f"   - {_t(ln)}" for ln in rest if ln] + [""]
    return out


def write_cli_reference(src: Path) -> None:
    """``cli-reference.rst``: every subcommand's usage, arguments (with their help) and examples, generated
    from :func:`efftheory.cli.build_parser` (with the registered theories and quantities listed)."""
    import argparse
    from efftheory.cli import build_parser
    from efftheory.cli_help import _subparsers, fill_lists
    parser = build_parser()
    brief = {a.dest: a.help for act in parser._actions if isinstance(act, argparse._SubParsersAction)
             for a in act._choices_actions}
    lines = [_title("CLI reference"),
             "Generated from the parser (``efftheory.cli.build_parser``) when these pages were built: "
             "``efftheory COMMAND --help`` prints the same. The conventions (exact parameters, verified "
             "digits, exit status, output paths) are on :doc:`cli`.\n"]
    for name, sub in [("efftheory", parser), *((f"efftheory {n}", s) for n, s in _subparsers(parser))]:
        fill_lists(sub)
        fmt = sub._get_formatter()
        lines += [_title(name, "-"), _t(brief.get(name.split()[-1]) or sub.description or "") + "\n", "::\n",
                  "   " + sub.format_usage().strip().replace("\n", "\n   ") + "\n"]
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                lines += ["``COMMAND``"] + _rst_help(action.help) + [
                    f"   - ``{a.dest}``: {_t(a.help)}" for a in action._choices_actions] + [""]
                continue
            invocation = fmt._format_action_invocation(action)
            lines += [f"``{invocation}``"] + _rst_help(fmt._expand_help(action) if action.help else "")
        if sub.epilog:
            kind, _, body = sub.epilog.partition("examples:\n")
            if kind.strip():
                head, _, listed = kind.strip().partition(":\n")
                lines += [f"{_t(head.capitalize())}: {_t(' '.join(listed.split()))}\n"]
            if body:
                lines += ["Examples:\n", ".. code-block:: console\n"]
                lines += [f"   $ {ln.strip()}" for ln in body.splitlines() if ln.strip()] + [""]
    (src / "cli-reference.rst").write_text("\n".join(lines) + "\n")
