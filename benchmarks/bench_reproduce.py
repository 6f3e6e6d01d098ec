"""``efftheory reproduce`` against an older revision, same claims, same machine, side by side (issue 13).

Both revisions are exported with ``git archive`` (so uncommitted edits never leak into a run) and
run one after the other in fresh processes, each with an empty disk cache (a first run, the honest
case), each as ``reproduce`` runs by default (the current one on one worker process per CPU; the CPU
seconds include the workers').  The current revision runs only the claims the baseline has, and the figures of the same
models; with ``--same-figures`` the figure sets that the baseline lacks (the simulated Fig. 2, App. D's
training-time figures, the rule-30 training figures and Liu's toy-model figures, which reuse claims
the baseline does not run) are left out too, so that both runs do the same work.  Printed: wall and
CPU seconds of each, their ratio, the claims' own seconds, and whether every claim gave the same
status and the same value.

Usage::

    python benchmarks/bench_reproduce.py [--baseline 9ff29e6] [--current HEAD] [--same-figures] [--warm] [--jobs N]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: figure producers that the baseline (9ff29e6) does not have: module, attribute (each returns a list of paths)
NEW_FIGURES = (("efftheory.theories.rubin.figures_simulation", "simulation_figures"),
               ("efftheory.theories.rubin.figures_appd", "appd_figures"),
               ("efftheory.theories.zunkovic.figures", "figure_rule30_fixed"),
               ("efftheory.theories.zunkovic.figures", "figure_rule30_full"),
               ("efftheory.theories.liu.figures_toy", "toy_figures"))

DRIVER = r"""
import importlib, json, sys, time
from pathlib import Path
wall0, cpu0 = time.perf_counter(), time.process_time()
ids_file, out, same_figures, new_figures = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1", json.loads(sys.argv[4])
jobs = int(sys.argv[5]) if len(sys.argv) > 5 else None
from efftheory.report import reproduce as R
models = R.select_models([])
if ids_file != "-":
    keep = set(json.load(open(ids_file)))

    class Only:
        # the model with only the baseline's claims
        def __init__(self, model):
            self._model = model

        def __getattr__(self, name):
            return getattr(self._model, name)

        def claims(self):
            return [c for c in self._model.claims() if c.id in keep]
    models = [Only(m) for m in models]
skipped = []
if same_figures:
    for mod, attr in new_figures:
        try:
            m = importlib.import_module(mod)
        except ImportError:
            continue
        if hasattr(m, attr):
            setattr(m, attr, lambda *a, **k: [])
            skipped.append(f"{mod}.{attr}")
summary = R.reproduce(models, out) if jobs is None else R.reproduce(models, out, jobs=jobs)
import resource
kids = resource.getrusage(resource.RUSAGE_CHILDREN)                # worker processes, where reproduce forks them
print(json.dumps({"wall": time.perf_counter() - wall0, "cpu": time.process_time() - cpu0 + kids.ru_utime + kids.ru_stime,
                  "skipped": skipped,
                  "claims": {r["id"]: [r["status"], r["value"], r["seconds"]] for r in summary["claims"]},
                  "figures": sum(len(v) for v in summary["figures"].values())}))
"""


def export(rev: str, where: Path) -> Path:
    where.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def run(tree: Path, ids_file: str, out: Path, same_figures: bool, tmp: Path, jobs=None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "EFFTHEORY_CACHE_DIR": str(tmp / f"cache-{tree.name}")}
    argv = [ids_file, str(out), "1" if same_figures else "0", json.dumps(NEW_FIGURES)]
    argv += [] if jobs is None else [str(jobs)]
    proc = subprocess.run([sys.executable, "-c", DRIVER, *argv], cwd=tmp, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{tree.name}: reproduce failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", default="9ff29e6", help="the older revision (default: the end of wave 1)")
    ap.add_argument("--current", default="HEAD")
    ap.add_argument("--same-figures", action="store_true", help="leave out the figures the baseline lacks")
    ap.add_argument("--jobs", type=int, default=None,
                    help="worker processes of the current revision (default: reproduce's own, one per CPU)")
    ap.add_argument("--warm", action="store_true",
                    help="also time the current revision a second time, with the disk cache its first run filled")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        base_tree, cur_tree = export(args.baseline, tmp / "baseline"), export(args.current, tmp / "current")
        t0 = time.time()
        base = run(base_tree, "-", tmp / "out-baseline", False, tmp)
        ids = tmp / "ids.json"
        ids.write_text(json.dumps(sorted(base["claims"])))
        cur = run(cur_tree, str(ids), tmp / "out-current", args.same_figures, tmp, args.jobs)
        warm = run(cur_tree, str(ids), tmp / "out-warm", args.same_figures, tmp, args.jobs) if args.warm else None
        took = time.time() - t0
    runs = [cur] + ([warm] if warm else [])
    same_status = [k for k in base["claims"] if any(base["claims"][k][0] != r["claims"][k][0] for r in runs)]
    same_value = [k for k in base["claims"] if any(base["claims"][k][1] != r["claims"][k][1] for r in runs)]
    cs = lambda r: sum(v[2] for v in r["claims"].values())  # noqa: E731
    jobs = "reproduce's default workers" if args.jobs is None else f"{args.jobs} worker(s)"
    print(f"reproduce, {len(base['claims'])} claims of {args.baseline} (both runs: cold disk cache; current on {jobs}; "
          f"{took:.0f} s in all)")
    print(f"{'':24s}{'baseline ' + args.baseline:>20s}{'current ' + args.current:>20s}{'ratio':>10s}")
    for label, key in (("wall s", "wall"), ("CPU s", "cpu")):
        print(f"{label:24s}{base[key]:20.1f}{cur[key]:20.1f}{base[key] / cur[key]:9.2f}x")
    print(f"{'claims (their seconds)':24s}{cs(base):20.1f}{cs(cur):20.1f}{cs(base) / cs(cur):9.2f}x")
    if warm:
        for label, key in (("wall s, cache warm", "wall"), ("CPU s, cache warm", "cpu")):
            print(f"{label:24s}{'':20s}{warm[key]:20.1f}{base[key] / warm[key]:9.2f}x")
    print(f"{'figures written':24s}{base['figures']:20d}{cur['figures']:20d}")
    if cur["skipped"]:
        print("left out (not in the baseline):", ", ".join(cur["skipped"]))
    print(f"claims with another status: {same_status or 'none'}")
    print(f"claims with another value: {same_value or 'none'}")
    slow = sorted(cur["claims"], key=lambda k: -cur["claims"][k][2])[:5]
    print("slowest claims now:", ", ".join(f"{k} {cur['claims'][k][2]:.1f} s" for k in slow))


if __name__ == "__main__":
    main()
