"""A hypothesis fuzz of the command line over every theory, subcommand and parameter domain
(issue 11): every input ends in exit 0, 2 or 3 with a one-line message, never exit 1, never a
hang (each call under 60 s), and no file that exists is changed.

The calls run in-process (``efftheory.cli.main``), so hundreds of them fit in minutes; a call
that runs past its time limit is stopped by SIGALRM and reported as a hang.
"""
import contextlib
import io
import signal
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efftheory.cli import main
from efftheory.theories import all_models

MODELS = {m.name: m for m in all_models()}
LIMIT_S = 60
HOSTILE = ["0", "-0", "1", "-1", "2", "1/3", "-7/2", "0.1", "1e-300", "-1e-300", "1e300", "-1e300", "1e301",
           "1e999999", "1e9999999999", "10000000", "1000000", "4294967296", "abc", "1/0", "nan", "inf", "",
           "0x10", "1_000", "3/10", "-3/10", "99999999999999999999999", "2**10"]
NUMBERS = ["-1", "0", "1", "2", "15", "30", "10000", "10001", "x", "4294967295", "4294967296", "1000000000000"]
RESULTS = {"exit": {}, "slowest": 0.0}


class Hang(BaseException):
    """Raised by SIGALRM: not an Exception, so the command line cannot swallow it."""


def _alarm(signum, frame):
    raise Hang()


def _param_values(parameter):
    domain = parameter.domain
    values = list(HOSTILE)
    if domain.choices:
        values += list(domain.choices) * 3 + ["nonsense"]
    else:
        values += [str(v) for v in (domain.lo, domain.hi, parameter.default) if v is not None] * 2
    return st.sampled_from(values)


@st.composite
def command_lines(draw):
    name = draw(st.sampled_from(sorted(MODELS) + ["no-such-theory"]))
    model = MODELS.get(name, MODELS["landau-sextic"])
    command = draw(st.sampled_from(["show", "derive", "solve", "eval", "eval", "eval", "sweep", "latex", "list"]))
    if command == "list":
        return ["list"] + draw(st.sampled_from([[], ["--json"]]))
    argv = [command, name]
    if command == "eval":
        argv.append(draw(st.sampled_from([q.name for q in model.quantities] + ["nothing"])))
    for parameter in draw(st.lists(st.sampled_from(model.parameters), max_size=3)):
        argv += ["--param", f"{parameter.name}={draw(_param_values(parameter))}"]
    if command in ("solve", "eval", "sweep"):
        if draw(st.booleans()):
            argv += ["--dps", draw(st.sampled_from(NUMBERS[:7] + ["x"]))]
        if command == "eval" and draw(st.booleans()):
            argv += ["--seed", draw(st.sampled_from(NUMBERS))]
        if command == "eval" and draw(st.booleans()):
            argv += ["--trials", draw(st.sampled_from(["1", "2", "3", "1000000000000", "x"]))]
        argv += draw(st.sampled_from([[], ["--json"]]))
    if command == "sweep":
        p = draw(st.sampled_from(model.parameters))
        argv += ["--vary", f"{p.name}={draw(_param_values(p))}:{draw(_param_values(p))}:"
                           f"{draw(st.sampled_from(['1', '2', '3', '0', '100001', 'x']))}"]
        argv += draw(st.sampled_from([[], ["--csv", "precious.csv"], ["--csv", "-"], ["--plot", "noext"],
                                      ["--plot", "precious.png"], ["--csv", "same.png", "--plot", "same.png"],
                                      ["--csv", "/proc/x.csv"]]))
    if command == "latex":
        argv += draw(st.sampled_from([[], ["-o", "precious.tex"], ["-o", "/proc/x.tex"], ["-o", "-"]]))
    if command == "derive" and draw(st.booleans()):
        argv.append("--check")
    return argv


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    for name in ("precious.csv", "precious.png", "precious.tex"):
        (d / name).write_text("precious")
    return d


@pytest.mark.slow
@settings(max_examples=260, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=command_lines())
def test_hostile_command_lines(argv, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    before = {p.name: p.read_bytes() for p in workdir.iterdir()}
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT_S)
    t0 = time.monotonic()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    except Hang:
        pytest.fail(f"hang: {' '.join(argv)} ran past {LIMIT_S} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - t0
    RESULTS["exit"][status] = RESULTS["exit"].get(status, 0) + 1
    RESULTS["slowest"] = max(RESULTS["slowest"], elapsed)
    message = err.getvalue().strip()
    assert status in (0, 2, 3), f"exit {status}: {' '.join(argv)}\n{message}"
    if status in (2, 3):
        assert message and "\n" not in message and "Traceback" not in message, (argv, message)
    after = {p.name: p.read_bytes() for p in workdir.iterdir() if p.name in before}
    assert after == before, f"{' '.join(argv)} changed an existing file"
    for p in workdir.iterdir():                 # new outputs of a successful call go, for the next call
        if p.name not in before:
            p.unlink()


def test_fuzz_counts_are_reported():
    """Prints the counts of the fuzz run above (pytest -s shows them)."""
    if RESULTS["exit"]:
        print(f"fuzz: exit codes {dict(sorted(RESULTS['exit'].items()))}, slowest call {RESULTS['slowest']:.1f} s")
        assert sum(RESULTS["exit"].values()) >= 250
