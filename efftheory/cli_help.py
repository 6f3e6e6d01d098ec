"""The help of the command line: every option documented, examples for each subcommand, and the
registered theories, quantities and papers listed.

The lists are generated when help is printed, from the registry (so theories of installed packages
and of ``--model FILE.py`` appear too); they are text, not argparse ``choices``, so that a bad name
still gets the one-line exit-2 message of the registry instead of a usage dump.  The mechanism is
generic: :func:`document` runs over every subparser of :func:`efftheory.cli.build_parser`, and
:func:`fill_lists` over whichever parser prints its help, so a new subcommand gets it by naming its
positional arguments ``theory``/``quantity``/``papers`` and using the standard option names.
"""
from __future__ import annotations

import argparse
import textwrap

__all__ = ["Formatter", "document", "fill_lists", "STANDARD_HELP", "EXAMPLES"]

#: Help of options shared by several subcommands, used where a subcommand gives none.
STANDARD_HELP = {
    "--seed": "random seed S of a randomised or seed-dependent quantity (integers 0 to 2^32-1; default 0); the "
              "same seed gives the same numbers",
    "--trials": "Monte-Carlo trials T of a randomised quantity (default: the quantity's own, see 'efftheory list "
                "--json'); the result is value ± standard error with a 95 %% interval",
    "--csv": "also write the table as CSV to FILE ('-' for standard output); an existing file needs --force",
    "--plot": "also write a plot to FILE (.png, .pdf or .svg); an existing file needs --force",
    "--vary": "the parameter to vary and its grid: COUNT evenly spaced exact values from START to STOP, e.g. "
              "sigma2=1/10:3/10:21",
    "--quantity": "the quantity to compute (default: the theory's phase labels); see the list below",
    "--json": "print exactly one JSON object on standard output (numbers as decimal strings)",
    "--out": "the output directory DIR; an existing non-empty one needs --force",
    "--force": "replace existing output files",
    "--format": "markdown (default) or latex",
    "--dps": "decimal digits of the result (default %(default)s); every printed digit is verified by "
             "recomputing at a higher precision",
    "-o": "write to FILE instead of standard output; an existing file needs --force",
    "--certify": "also give each value as a rigorous enclosure (Arb ball), or exit 3 naming what could not be "
                 "certified",
}

#: Metavariables of those options (where a subcommand names none).
STANDARD_METAVAR = {"--seed": "S", "--trials": "T", "--csv": "FILE", "--plot": "FILE", "--dps": "N", "--out": "DIR",
                    "-o": "FILE", "theory": "THEORY", "quantity": "QUANTITY"}

#: Examples (epilogs), by subcommand ("" is the top-level program).
EXAMPLES = {
    "": ["efftheory list", "efftheory solve landau-sextic --dps 50",
         "efftheory eval rubin-cubic mixed_phase --param sigma2=0.16 --json",
         "efftheory reproduce --quick rubin --out report", "efftheory --model my_theory.py solve my-theory"],
    "list": ["efftheory list", "efftheory list --json"],
    "show": ["efftheory show rubin-cubic", "efftheory show rubin-cubic --latex --param eps=-1/2"],
    "derive": ["efftheory derive landau-sextic", "efftheory derive rubin-cubic --check > rubin.md",
               "efftheory derive rubin-modular --format latex"],
    "solve": ["efftheory solve landau-sextic", "efftheory solve rubin-cubic --param eps=-1/2 --dps 50 --json"],
    "eval": ["efftheory eval landau-sextic phase --param a=1/5",
             "efftheory eval rubin-cubic mixed_phase --param sigma2=0.16 --dps 40",
             "efftheory eval zunkovic-1d grokking_probability_mc --param eps=1/2 --seed 1 --trials 20000 --json"],
    "sweep": ["efftheory sweep landau-sextic --vary a=0:1/2:11",
              "efftheory sweep rubin-cubic --vary sigma2=1/10:3/10:21 --quantity gfl --csv gfl.csv --plot gfl.png",
              "efftheory sweep liu-addition --quantity determined_probability --vary n=10:40:7 --seed 3 --trials 2000"],
    "latex": ["efftheory latex rubin-cubic -o rubin-cubic.tex && pdflatex rubin-cubic.tex"],
    "reproduce": ["efftheory reproduce --quick --out report", "efftheory reproduce rubin liu --out report --force",
                  "efftheory reproduce landau-sextic --dps 30 --out sextic"],
    "diagram": ["efftheory diagram rubin-cubic --vary sigma2=1/10:3/10:41 --vary eps=-1:-1/10:10 --out diagram",
                "efftheory diagram landau-sextic --vary a=log:1/1000:1:50 --workers 2 --out sextic-diagram"],
    "simulate": ["efftheory simulate rubin-cubic --param sigma2=0.16 --seed 1 --out sim"],
}


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and epilogs, and of help texts (each line wrapped)."""

    def _split_lines(self, text, width):
        lines = []
        for part in text.splitlines():
            indent = len(part) - len(part.lstrip())
            lines += textwrap.wrap(part, width, subsequent_indent=" " * (indent + 2 if indent else 0),
                                   break_on_hyphens=False) or [""]
        return lines


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def document(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give every option without help its standard help, and every subcommand its examples."""
    for name, sub in [("", parser), *_subparsers(parser)]:
        for action in sub._actions:
            names = action.option_strings or [action.dest]
            if isinstance(action, argparse._SubParsersAction) and action.help is None:
                action.help = "the subcommand; 'efftheory COMMAND --help' shows its options and examples"
            if action.help is None and action.option_strings:
                action.help = next((STANDARD_HELP[o] for o in names if o in STANDARD_HELP), None)
            if action.metavar is None and action.nargs != 0:
                action.metavar = next((STANDARD_METAVAR[o] for o in names if o in STANDARD_METAVAR), None)
        if name in EXAMPLES and not sub.epilog:
            sub.epilog = "examples:\n" + "\n".join(f"  {e}" for e in EXAMPLES[name])
    return parser


def _wrap(items, indent="  ", width=76) -> str:
    return "\n".join(textwrap.wrap(", ".join(items), width, initial_indent=indent, subsequent_indent=indent,
                                   break_on_hyphens=False))


def fill_lists(parser: argparse.ArgumentParser) -> None:
    """Name the registered theories, their quantities and the papers in the help of positional
    arguments ``theory``, ``quantity`` and ``papers`` (and in the top-level epilog)."""
    from .theories import all_models, papers
    models = all_models()
    theories = [m.name for m in models]
    for action in parser._actions:
        if action.dest == "theory" and not action.option_strings:
            action.help = "a registered theory (see 'efftheory list'):\n  " + ", ".join(theories)
        elif action.dest == "quantity" and not action.option_strings:
            action.help = "a quantity of THEORY:\n" + "\n".join(
                f"  {m.name}: " + ", ".join(q.name for q in m.quantities) for m in models if m.quantities)
        elif action.dest == "quantity":
            action.help = (action.help or STANDARD_HELP["--quantity"]).split("; by theory")[0] + "; by theory:\n" \
                + "\n".join(f"  {m.name}: " + ", ".join(q.name for q in m.quantities) for m in models if m.quantities)
        elif action.dest == "papers":
            action.help = ("papers (" + ", ".join(p.key for p in papers()) + ") or theory names; all if none:\n  "
                           + ", ".join(theories))
    if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions) and parser.epilog \
            and "theories:" not in parser.epilog:
        parser.epilog = "theories:\n" + _wrap(theories, "  ") + "\n\n" + parser.epilog
