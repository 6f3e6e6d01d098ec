"""The ``efftheory`` command line (contract: CLI.md).  Thin: it parses the
arguments and calls :mod:`efftheory.commands`, which does the work.  Exit status 0 on success, 2 on bad usage or input,
3 when a computation does not converge or cannot reach the requested precision.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ._version import __version__
from .errors import ComputationError, InputError
from .limits import MAX_DPS, MAX_SEED

EXIT_USAGE, EXIT_COMPUTATION = 2, 3


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        from .cli_help import Formatter
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):  # one line, exit 2, no usage dump
        raise InputError(f"{self.prog}: {message}")

    def format_help(self):  # the registered theories and quantities, listed when help is printed
        from .cli_help import fill_lists
        fill_lists(self)
        return super().format_help()


def _dps(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--dps {text!r} is not a whole number (domain: integers 1 to {MAX_DPS})")
    if not 1 <= value <= MAX_DPS:
        raise argparse.ArgumentTypeError(f"--dps {value} is outside its domain: integers 1 to {MAX_DPS}")
    return value


def _positive_int(name):
    lo, hi = (0, MAX_SEED) if name == "--seed" else (1, None)
    domain = f"integers {lo} to {hi}" if hi is not None else f"integers >= {lo}"

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} {text[:40]!r} is not a whole number ({domain})") from None
        if value < lo or (hi is not None and value > hi):
            raise argparse.ArgumentTypeError(f"{name} {value} is outside its domain: {domain}")
        return value
    return parse


def _count(name):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} {text[:40]!r} is not a whole number (integers 0 to 1024)") \
                from None
        if not 0 <= value <= 1024:
            raise argparse.ArgumentTypeError(f"{name} {value} is outside its domain: integers 0 to 1024")
        return value
    return parse


def _common(p, *, dps=True, params=True, json_=True):
    if params:
        p.add_argument("--param", action="append", metavar="NAME=VALUE",
                       help="a parameter value, parsed exactly (0.1 is 1/10; 8/700 allowed); repeatable")
    if dps:
        p.add_argument("--dps", type=_dps, default=30, help="decimal digits of the result (default 30)")
    if json_:
        p.add_argument("--json", action="store_true", help="print exactly one JSON object on standard output")


def _certify(p):
    p.add_argument("--certify", action="store_true",
                   help="also a rigorous enclosure [mid ± rad] of each value (Arb balls; exit 3 naming a value "
                        "that cannot be certified)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="efftheory", description="Effective theories of grokking at arbitrary precision.")
    parser.add_argument("--version", action="version", version=f"efftheory {__version__}")
    parser.add_argument("--model", action="append", type=Path, default=[], metavar="FILE.py",
                        help="a Python file that registers theories with efftheory.register (repeatable; "
                             "before the subcommand)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("list", help="every theory: paper, parameters, quantities, special points")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("show", help="the action / effective loss and its equations")
    p.add_argument("theory")
    p.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    _common(p, dps=False, json_=False)
    p = sub.add_parser("derive", help="the derivation record, step by step")
    p.add_argument("theory")
    p.add_argument("--format", choices=("markdown", "latex"), default="markdown")
    p.add_argument("--check", action="store_true", help="verify every step (exit 3 if one fails)")
    _common(p, dps=False, json_=False)
    p = sub.add_parser("solve", help="the special points of the phase structure")
    p.add_argument("theory")
    _common(p)
    _certify(p)
    p = sub.add_parser("eval", help="one named quantity at given parameters")
    p.add_argument("theory")
    p.add_argument("quantity")
    _common(p)
    _certify(p)
    p.add_argument("--seed", type=_positive_int("--seed"), default=None)
    p.add_argument("--trials", type=_positive_int("--trials"), default=None)
    p = sub.add_parser("sweep", help="a quantity along a line of parameters")
    p.add_argument("theory")
    p.add_argument("--vary", required=True, metavar="NAME=START:STOP:COUNT")
    p.add_argument("--quantity", default=None, help="quantity to sweep (default: the theory's phase labels)")
    _common(p)
    p.add_argument("--seed", type=_positive_int("--seed"), default=None)
    p.add_argument("--trials", type=_positive_int("--trials"), default=None)
    p.add_argument("--csv", type=Path, default=None)
    p.add_argument("--plot", type=Path, default=None)
    p.add_argument("--force", action="store_true", help="overwrite existing output files")
    p = sub.add_parser("diagram", help="a grid over one or more parameters on Dask, resumable, with transition "
                                       "lines and a plot")
    p.add_argument("theory")
    p.add_argument("--vary", action="append", required=True,
                   metavar="NAME=START:STOP:COUNT", help="an axis (also NAME=log:START:STOP:COUNT or NAME=V1,V2,...); "
                                                         "repeatable")
    p.add_argument("--quantity", default=None, help="quantity of each cell (default: the theory's phase labels)")
    _common(p)
    p.add_argument("--seed", type=_positive_int("--seed"), default=None)
    p.add_argument("--trials", type=_positive_int("--trials"), default=None)
    p.add_argument("--workers", type=_count("--workers"), default=None,
                   help="local Dask worker processes (default: the cores; 0: serially in this process)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="an existing Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, else a LocalCluster)")
    p.add_argument("--chunk", type=_positive_int("--chunk"), default=None, help="cells per task (default: about "
                                                                                 "four tasks per worker, at most 32)")
    p.add_argument("--line", action="append", default=[], metavar="KIND",
                   help="trace this special point (first_order, spinodal, ...) as a line; repeatable")
    p.add_argument("--along", default=None, metavar="NAME=START:STOP:COUNT",
                   help="the parameter the lines step (default: the first varied one that is not the control)")
    p.add_argument("--retry-errors", action="store_true", help="on a resume, recompute the cells that failed")
    p.add_argument("--no-plot", action="store_true", help="write no plot")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--force", action="store_true", help="start afresh in a directory holding other results")
    p = sub.add_parser("simulate", help="the network the theory describes, simulated (Langevin posterior "
                                        "sampling), with the theory overlaid")
    p.add_argument("theory")
    _common(p, dps=False)
    p.add_argument("--seed", type=_positive_int("--seed"), default=0)
    p.add_argument("--networks", type=_positive_int("--networks"), default=8,
                   help="independent networks, each with its own data (default 8; at least 2 for error bars)")
    p.add_argument("--steps", type=_positive_int("--steps"), default=400, help="Langevin steps (default 400)")
    p.add_argument("--alpha", default=None, metavar="A",
                   help="Table-1 data scaling alpha (n -> alpha n, sigma2 -> alpha/beta sigma2; default: beta)")
    p.add_argument("--step", default="1/10", metavar="H", help="Langevin step h (default 1/10)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace an existing non-empty directory")
    p = sub.add_parser("latex", help="a standalone LaTeX document for a theory")
    p.add_argument("theory")
    p.add_argument("-o", "--output", type=Path, default=None)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _common(p, dps=False, json_=False)
    p = sub.add_parser("reproduce", help="recompute every registered claim and write a report")
    p.add_argument("papers", nargs="*", metavar="PAPER", help="rubin, zunkovic, liu, landau or theory names")
    p.add_argument("--out", type=Path, default=Path("efftheory-report"))
    p.add_argument("--quick", action="store_true", help="skip the slow claims and use small figures")
    p.add_argument("--dps", type=_dps, default=20)
    p.add_argument("--force", action="store_true", help="write into an existing non-empty directory")
    p.add_argument("--full-simulation", action="store_true",
                   help="run the network simulations at full scale (long) instead of the reduced default")
    p.add_argument("--jobs", type=_positive_int("--jobs"), default=None, metavar="N",
                   help="worker processes, each taking whole theories (default: one per CPU, at most one per "
                        "theory; the report does not depend on it)")
    from .cli_help import document
    return document(parser)


def _models_for_help(argv) -> None:
    """Before ``--help`` is printed, load the ``--model`` files so that their theories are listed."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "-h" in argv or "--help" in argv:
        pre = argparse.ArgumentParser(add_help=False)
        pre.add_argument("--model", action="append", type=Path, default=[])
        from . import commands
        commands.load_models(pre.parse_known_args(argv)[0].model)


def main(argv=None) -> int:
    """Run the command line; return the exit status."""
    try:
        _models_for_help(argv)
        args = build_parser().parse_args(argv)
        from . import commands
        commands.load_models(args.model)
        return getattr(commands, f"cmd_{args.command}")(args)
    except InputError as exc:
        print(f"efftheory: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ComputationError as exc:
        print(f"efftheory: computation failed: {exc}", file=sys.stderr)
        return EXIT_COMPUTATION
    except KeyboardInterrupt:
        print("efftheory: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: one line, the traceback only on request
        if os.environ.get("EFFTHEORY_DEBUG"):
            raise
        print(f"efftheory: internal error: {type(exc).__name__}: {exc} (set EFFTHEORY_DEBUG=1 for the traceback; "
              f"please report it)", file=sys.stderr)
        return 1
