"""The subcommands of the command line: each calls the library and prints.
:mod:`efftheory.cli` parses the arguments and calls ``cmd_<subcommand>(args)``."""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

from .errors import DerivationCheckError, InputError, NotBuiltError
from .theories import EntryPointWarning, get, load_entry_points, load_file

__all__ = ["load_models", "cmd_list", "cmd_show", "cmd_derive", "cmd_solve", "cmd_eval", "cmd_sweep", "cmd_diagram", "cmd_latex",
           "cmd_reproduce"]


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, indent=1)
    sys.stdout.write("\n")


def load_models(files) -> list[str]:
    """Before any subcommand: the theories of installed packages (entry-point group
    ``efftheory.theories``; one that fails is a one-line warning on standard error, and the
    built-in theories still work), then each ``--model FILE.py`` once, in order.  Returns the
    names the files registered; a file that is missing, raises or registers nothing is an
    :class:`~efftheory.errors.InputError` naming it (exit 2)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_entry_points()
    for w in caught:
        if issubclass(w.category, EntryPointWarning):
            print(f"efftheory: warning: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    added, seen = [], set()
    for path in files or ():
        if Path(path).resolve() not in seen:
            seen.add(Path(path).resolve())
            added += load_file(path)
    return added


def parse_params(pairs) -> dict:
    """``["a=1/4", ...]`` -> ``{"a": "1/4"}`` (values stay text; each model parses them exactly)."""
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InputError(f"--param {pair!r} is not of the form NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def _model_params(model, args) -> dict:
    given = parse_params(getattr(args, "param", None))
    model.resolve(given)           # validate now: unknown names and domains exit 2
    return given


def cmd_list(args) -> int:
    from .theories.catalogue import catalogue
    rows = catalogue()             # metadata only: the built-in theories' rows come from the disk cache
    if args.json:
        print_json({"theories": rows})
        return 0
    for r in rows:
        print(f"{r['name']}  —  {r['paper']}\n  {r['description']}")
        print("  parameters: " + ", ".join(f"{p['name']}={p['default'] if p['default'] is not None else '(no default)'}"
                                           for p in r["parameters"]))
        if r["special_points"]:
            print("  special points (solve): " + ", ".join(r["special_points"]))
        if r["quantities"]:
            print("  quantities (eval): " + ", ".join(q["name"] for q in r["quantities"]))
        print()
    return 0


def cmd_show(args) -> int:
    model = get(args.theory)
    params = model.resolve(_model_params(model, args))
    theory = model.theory(params)
    print(theory.latex() if args.latex else str(theory))
    return 0


def cmd_derive(args) -> int:
    model = get(args.theory)
    params = model.resolve(_model_params(model, args))
    if args.check:      # say at once what the first (longest) part is doing
        print(f"deriving {model.name}: building the record from the model's definition ...", file=sys.stderr,
              flush=True)
    d = model.derivation(params)
    print(d.to_latex() if args.format == "latex" else d.to_markdown(), flush=True)
    if args.check:
        print(f"checking {len(d.steps)} steps:", file=sys.stderr, flush=True)
        _stream_checks(d, sys.stderr)
    return 0


def _stream_checks(d, err) -> None:
    """Check the steps of ``d`` one at a time, a line on ``err`` as each is done (flushed), labelled
    ``ok``, ``FAILED``, ``unchecked`` (a definition) or ``transcribed``; on a terminal the step being
    checked is named while it runs.  Exit 3 (:class:`DerivationCheckError`) if a step failed."""
    from collections import Counter
    live = getattr(err, "isatty", lambda: False)()
    counts, failed, n = Counter(), [], len(d.steps)
    results = d.checking()
    for i, step in enumerate(d.steps, 1):
        if live:
            print(f"checking {i}/{n}: {step.name} ...", end="", file=err, flush=True)
        r = next(results)
        if live:
            print("\r\033[K", end="", file=err)
        print(f"[{r.status}] {i}/{n} {r.step}: {r.detail}", file=err, flush=True)
        counts[r.status] += 1
        if not r.passed:
            failed.append(r.step)
    if failed:
        raise DerivationCheckError(f"{len(failed)} of {n} steps failed: " + ", ".join(failed))
    print(f"all {counts['ok']} checks passed ({n} steps, {n - counts['ok']} without a check: "
          f"{counts['unchecked']} unchecked definitions, {counts['transcribed']} transcribed)", file=err, flush=True)


def cmd_solve(args) -> int:
    model = get(args.theory)
    certify = getattr(args, "certify", False)
    if certify:                    # no certificate for this theory: exit 3 before any work
        from .theories.certified import check_certifiable
        check_certifiable(model)
    result = model.solve(_model_params(model, args), dps=args.dps)
    enclosures = _certified(model, result) if certify else [{} for _ in result.points]
    if args.json:
        js = result.to_json()
        if certify:
            for point, enclosure in zip(js["points"], enclosures):
                point["enclosure"] = enclosure
        print_json(js)
        return 0
    from .results import format_value
    print(f"{model.name}: special points ({result.dps} digits requested)"
          + ("; each value with a rigorous enclosure [mid ± rad] (Krawczyk test in Arb)" if certify else ""))
    for p, enclosure in zip(result.points, enclosures):
        print(f"  {p.kind}  [{p.digits} verified digits]")
        for k, v in p.values.items():
            print(f"    {k} = {format_value(v, p.digits)}" + _enclosure_text(enclosure.get(k)))
    for note in result.notes:
        print(f"  note: {note}")
    return 0


def cmd_eval(args) -> int:
    model = get(args.theory)
    certify = getattr(args, "certify", False)
    if certify:                    # a quantity without a rigorous bound: exit 3 before any work
        from .theories.certified import check_certifiable
        check_certifiable(model, args.quantity)
    result = model.evaluate(args.quantity, _model_params(model, args), dps=args.dps, seed=args.seed,
                            trials=args.trials)
    enclosure = _certified(model, result, args.quantity) if certify else {}
    if args.json:
        js = result.to_json()
        if certify:
            js["enclosure"] = enclosure
        print_json(js)
        return 0
    js = result.to_json()
    if certify:
        print(f"{model.name} {args.quantity}  [{js['digits']} verified digits; each value with a rigorous "
              f"enclosure [mid ± rad] in Arb ball arithmetic]")
        for k, v in js["values"].items():
            print(f"  {k} = {v}" + _enclosure_text(enclosure.get(k)))
        return 0
    if result.trials is not None:
        print(f"{model.name} {args.quantity}  [Monte Carlo: {result.trials} trials, seed {result.seed}; "
              f"value ± standard error, 95 % interval]")
        for k, v in js["values"].items():
            if k in js["stderr"]:
                lo, hi = js["ci"][k]
                print(f"  {k} = {v} ± {js['stderr'][k]}   (95 % ci [{lo}, {hi}])")
            else:
                print(f"  {k} = {v}")
        return 0
    exact = js.get("exact", {})
    print(f"{model.name} {args.quantity}  [{js['digits']} verified digits]")
    _print_values({k: f"{exact[k]} = {v}" if k in exact and exact[k] != v else v
                   for k, v in js["values"].items()}, "  ")
    if result.seed is not None:
        print(f"  seed: {result.seed}")
    return 0


def _certified(model, result, quantity=None):
    """``solve/eval --certify``: the enclosures as ``{name: [mid, rad]}`` (one per point for solve)."""
    from .numeric.arb import ball_text
    from .theories.certified import certify_eval, certify_solve
    if quantity is None:
        return [{k: list(ball_text(b, p.digits)) for k, b in balls.items()}
                for p, balls in zip(result.points, certify_solve(model, result))]
    return {k: list(ball_text(b, result.digits)) for k, b in certify_eval(model, quantity, result).items()}


def _enclosure_text(enclosure) -> str:
    return f"   enclosure [{enclosure[0]} ± {enclosure[1]}]" if enclosure else ""


def _print_values(values, indent):
    for k, v in values.items():
        if isinstance(v, dict):
            print(f"{indent}{k}:")
            _print_values(v, indent + "  ")
        else:
            print(f"{indent}{k} = {v}")


def cmd_sweep(args) -> int:
    from .report.outputs import PLOT_FORMATS, check_output_file, check_outputs, write_text
    from .report.sweep import parse_vary, run_sweep
    model = get(args.theory)
    given = _model_params(model, args)
    name, values = parse_vary(model, args.vary)
    quantity = args.quantity or model.phase_quantity
    if quantity is None:
        raise InputError(f"theory '{model.name}' has no phase labels to sweep; choose --quantity from: "
                         + ", ".join(q.name for q in model.quantities))
    model.quantity(quantity)
    csv = check_output_file(args.csv, option="--csv", force=args.force, stdout=True)
    plot = check_output_file(args.plot, option="--plot", force=args.force, formats=PLOT_FORMATS)
    check_outputs(("--csv", csv), ("--plot", plot))
    if csv is not None and csv == Path("-") and args.json:
        raise InputError("--csv - and --json both write to standard output; choose one")
    table = run_sweep(model, quantity, name, values, given, dps=args.dps, seed=args.seed, trials=args.trials)
    if csv:
        write_text(csv, table.to_csv())
    if plot:
        table.plot(plot)
    if args.json:
        print_json(table.to_json())
    elif csv != Path("-"):
        print(table.to_text())
    return 0


def cmd_diagram(args) -> int:
    from .diagram.run import diagram
    model = get(args.theory)
    given = _model_params(model, args)
    summary = diagram(model.name, args.vary, out=args.out, quantity=args.quantity, params=given, dps=args.dps,
                      seed=args.seed, trials=args.trials, workers=args.workers, scheduler=args.scheduler,
                      chunk=args.chunk, lines=args.line, along=args.along, force=args.force,
                      retry_errors=args.retry_errors, plot=not args.no_plot, model_files=args.model)
    if args.json:
        print_json(summary)
        return 0
    print(f"{summary['theory']} {summary['quantity']}: {summary['cells']} cells, {summary['computed']} computed "
          f"now, {summary['reused']} from an earlier run, {summary['failed']} failed; {summary['workers']} "
          f"worker(s), {summary['tasks']} tasks, {summary['seconds']} s")
    for ln in summary["lines"]:
        print(f"  line {ln['kind']} ({ln['method']}): {ln['points']} verified points, {ln['failed']} failed")
    print(f"  in {summary['out']}: " + ", ".join(summary["files"].values()))
    return 0


#: theories with a network simulator: theory name -> (module, function running it, function writing its files)
SIMULATORS = {"rubin-cubic": ("efftheory.theories.rubin", "langevin_runs:simulate", "figures_simulation:write_simulation")}


def cmd_simulate(args) -> int:
    import importlib
    import time
    from fractions import Fraction
    from ._version import __version__
    from .report.outputs import atomic_dir, check_output_dir
    from .report.progress import Progress
    model = get(args.theory)
    if model.name not in SIMULATORS:
        raise InputError(f"theory '{model.name}' has no network simulator; simulate one of: {', '.join(SIMULATORS)}")
    given = _model_params(model, args)
    if args.networks < 2:
        raise InputError(f"--networks {args.networks} is outside its domain: integers >= 2 (error bars need two)")
    if args.steps < 20:
        raise InputError(f"--steps {args.steps} is outside its domain: integers >= 20 (burn-in and autocorrelation "
                         f"need a trace)")
    try:
        step = float(Fraction(args.step))
        alpha = None if args.alpha is None else Fraction(args.alpha)
    except (ValueError, ZeroDivisionError):
        raise InputError(f"--step {args.step!r} / --alpha {args.alpha!r}: not a number (domain: positive rationals, "
                         f"e.g. 1/10)") from None
    if not 0 < step <= 2:
        raise InputError(f"--step {args.step} is outside its domain: 0 < h <= 2")
    if alpha is not None and not 0 < alpha <= 64:
        raise InputError(f"--alpha {args.alpha} is outside its domain: 0 < alpha <= 64")
    params = model.resolve(given)
    if params.get("sigma2") is None:
        raise InputError("--param sigma2=... is required: the noise (temperature) of the simulated posterior")
    out = check_output_dir(args.out, option="--out", force=args.force)
    package, run_fn, write_fn = SIMULATORS[model.name]
    mod, fn = run_fn.split(":")
    simulate = getattr(importlib.import_module(f"{package}.{mod}"), fn)
    mod, fn = write_fn.split(":")
    write = getattr(importlib.import_module(f"{package}.{mod}"), fn)
    t0 = time.monotonic()
    with Progress(args.steps, f"simulate {model.name}") as bar:
        def progress(done, _seen=[0]):
            bar.update(done - _seen[0])
            _seen[0] = done
        result = simulate(params, networks=args.networks, steps=args.steps, seed=args.seed,
                          alpha=None if alpha is None else str(alpha), step=step, progress=progress)
    with atomic_dir(out, replace=args.force) as tmp:
        files = write(result, tmp)
        manifest = {"efftheory": __version__, "command": "simulate", "theory": model.name,
                    "parameters": {k: str(v) for k, v in params.items() if v is not None},
                    "networks": args.networks, "steps": args.steps, "seed": args.seed, "step": args.step,
                    "alpha": result["alpha"], "seconds": round(time.monotonic() - t0, 2),
                    "equilibrated": result["equilibration"]["equilibrated"], "files": files}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
    if args.json:
        print_json(_simulation_json(model.name, params, result, args, out, {**files, "manifest": "manifest.json"}))
    else:
        lc, th, c, eq = result["learned"], result["theory"], result["chi2"], result["equilibration"]
        print(f"{model.name}: {args.networks} networks x {args.steps} steps (N={result['network']['N']}, "
              f"d={result['network']['d']}, n={result['network']['n']}, sigma2={result['network']['sigma2']:.4g})")
        print(f"  burn-in {eq['burn_in']} steps, tau(q2) {eq['tau_q2']:.3g} steps, acceptance {eq['acceptance']:.2f}")
        ti, ci_ = result["theory_integrated"], result["chi2_integrated"]
        print(f"  learned 1-b = {lc['linear']:.4f} ± {lc['linear_se']:.2g} (finite-d theory {ti['linear']:.4f}, "
              f"Eq. 13 {th['linear']:.4f}); (eps-c)/eps = {lc['cubic_normalized']:.4f} ± "
              f"{lc['cubic_normalized_se']:.2g} (theory {ti['cubic_normalized']:.4f}, Eq. 13 {th['cubic_normalized']:.4f})")
        print(f"  -log p(q) vs finite-d theory: chi2/bin = {ci_['chi2_per_bin']:.3g} over {ci_['dof']} bins, "
              f"p = {ci_['p_value']:.3g} (Eq. 13: {c['chi2_per_bin']:.3g}, p = {c['p_value']:.3g})")
        print(f"  in {out}: " + ", ".join([*files.values(), "manifest.json"]))
    if not result["equilibration"]["equilibrated"]:
        print(f"efftheory: warning: the run may not be equilibrated (burn-in {result['equilibration']['burn_in']} of "
              f"{args.steps} steps, {result['equilibration']['kept_over_tau']:.3g} autocorrelation times kept); "
              f"use more --steps", file=sys.stderr)
    return 0


def _simulation_json(theory, params, result, args, out, files) -> dict:
    """The ``simulate --json`` object: Monte-Carlo values as decimal strings rounded at the place of their
    standard error's second digit, with ``stderr`` and a 95 % ``ci`` (CLI.md); theory values to 12 digits."""
    import math
    from .results import format_fixed
    values, stderr, ci = {}, {}, {}
    measured = {**result["learned"], **result["losses"]}
    for k in ("linear", "cubic_normalized", "train_loss", "test_loss"):
        v, se = measured[k], measured[k + "_se"]
        dec = 1 - math.floor(math.log10(se)) if se > 0 else 12
        values[k], stderr[k] = format_fixed(v, dec), format_fixed(se, dec)
        ci[k] = [format_fixed(v - 1.959963984540054 * se, dec), format_fixed(v + 1.959963984540054 * se, dec)]

    def num(x):
        return f"{x:.12g}" if isinstance(x, float) and math.isfinite(x) else (None if isinstance(x, float) else x)
    return {"theory": theory, "parameters": {k: str(v) for k, v in params.items() if v is not None},
            "network": {k: num(v) if isinstance(v, float) else v for k, v in result["network"].items()},
            "alpha": result["alpha"], "seed": args.seed, "networks": args.networks, "steps": args.steps,
            "values": values, "stderr": stderr, "ci": ci,
            **{f"theory_values{sfx}": {k: num(result["theory" + sfx][k]) for k in ("b", "c", "linear", "cubic_normalized")}
               for sfx in ("", "_integrated")},
            **{f"chi2{sfx}": {k: num(float(v)) if k != "dof" else v for k, v in result["chi2" + sfx].items()}
               for sfx in ("", "_integrated")},
            "equilibration": {k: (num(float(v)) if not isinstance(v, bool) else v)
                              for k, v in result["equilibration"].items()},
            "out": str(out), "files": files}


def cmd_latex(args) -> int:
    from .report.latex import theory_document
    from .report.outputs import check_output_file, write_text
    model = get(args.theory)
    params = model.resolve(_model_params(model, args))
    output = check_output_file(args.output, option="-o", force=args.force, stdout=True)
    text = theory_document(model, params)
    if output and output != Path("-"):
        write_text(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        print(text)
    return 0


def cmd_reproduce(args) -> int:
    from .report.outputs import check_output_dir
    from .report.reproduce import reproduce, select_models
    models = select_models(args.papers)
    out = check_output_dir(args.out, option="--out", force=args.force)
    from .theories.simulation import simulation_scale
    with simulation_scale("full" if getattr(args, "full_simulation", False) else "reduced"):
        summary = reproduce(models, out, quick=args.quick, dps=args.dps, replace=args.force,
                            jobs=getattr(args, "jobs", None))
    print(f"{summary['headline']} ({summary['passed']} of {summary['total']} claims as expected); report in "
          f"{out}/index.md", file=sys.stderr)
    return 0 if summary["passed"] == summary["total"] else 1


def _not_built(what):  # pragma: no cover - kept for features announced but not built
    raise NotBuiltError(f"'{what}' is not built yet")
