"""``efftheory --help``: every option documented, the registered theories and quantities listed
(generated from the registry when help is printed, so a ``--model`` file's theory is listed too),
examples that parse; bad names still get one line and exit 2 (issue 14, deliverable 4)."""
from __future__ import annotations

import shlex
import subprocess
import sys
import textwrap

import pytest

from efftheory.cli import build_parser, main
from efftheory.cli_help import EXAMPLES, _subparsers, fill_lists
from efftheory.theories import all_models


def _parsers():
    parser = build_parser()
    return [("", parser), *_subparsers(parser)]


def test_every_argument_of_every_subcommand_has_help():
    missing = []
    for name, sub in _parsers():
        fill_lists(sub)
        missing += [f"{name or 'efftheory'} {a.option_strings or a.dest}" for a in sub._actions if not a.help]
    assert not missing, missing


@pytest.mark.parametrize("command", ["eval", "sweep"])
def test_help_lists_theories_and_quantities(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())          # unwrapped
    for model in all_models():
        assert model.name in text
        assert all(q.name in text for q in model.quantities), model.name
    assert "examples: efftheory" in text
    for option in ("--seed S random seed", "--trials T Monte-Carlo trials"):
        assert option in text


def test_examples_parse():
    parser = build_parser()
    names = {n for n, _ in _parsers()}
    for command, lines in EXAMPLES.items():
        if command and command not in names:           # a subcommand not built yet
            continue
        for line in lines:
            argv = shlex.split(line.split("&&")[0].split(">")[0])[1:]
            args = parser.parse_args(argv)
            assert getattr(args, "command", None) == (command or args.command), line


def test_model_file_theories_are_listed(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(textwrap.dedent('''
        import efftheory
        from efftheory.theories.landau.sextic import MODEL
        from dataclasses import replace
        efftheory.register(replace(MODEL, name="my-sextic-copy", paper=""))
    '''))
    proc = subprocess.run([sys.executable, "-m", "efftheory", "--model", str(path), "solve", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "my-sextic-copy" in proc.stdout and "landau-sextic" in proc.stdout


def test_bad_names_are_still_one_line_exit_2(capsys):
    assert main(["eval", "no-such-theory", "x"]) == 2
    assert main(["eval", "landau-sextic", "no_such_quantity"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no-such-theory" in err[0] and "no_such_quantity" in err[1]
    assert not any("usage:" in line for line in err)
