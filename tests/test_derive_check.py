"""``derive --check`` streams: each step's line is written (and flushed) before the next step is
checked, and a step without a check is labelled ``unchecked`` or ``transcribed``, never ``[ok]``
(issue 14, deliverable 4)."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
import sympy as sp

from efftheory.commands import _stream_checks
from efftheory.errors import DerivationCheckError
from efftheory.symbolic import Derivation
from efftheory.symbolic.derivation import Check, Identity, Step

x = sp.Symbol("x")


class _Log(io.StringIO):
    """A stream that records every write and flush, in order, beside the checks that ran."""

    def __init__(self, events):
        super().__init__()
        self.events = events

    def write(self, text):
        self.events.append(("write", text))
        return super().write(text)

    def flush(self):
        self.events.append(("flush", None))


class _Recorded(Check):
    def __init__(self, name, events, ok=True):
        self.name, self.events, self.ok = name, events, ok

    def run(self):
        self.events.append(("check", self.name))
        return self.ok, "recorded" if self.ok else "recorded failure"

    def describe(self):
        return "recorded"


def _derivation(events, last_ok=True):
    return Derivation("demo", (
        Step("definition", "definition of f", x**2),
        Step("square", "expand", (x + 1)**2, check=_Recorded("square", events)),
        Step("from the paper", "transcribed, not derived: the paper's eq. 9", x**3),
        Step("identity", "expand", (x + 1)**2, check=Identity((x + 1)**2, x**2 + 2*x + 1)),
        Step("last", "expand", x, check=_Recorded("last", events, ok=last_ok)),
    ))


def test_each_line_is_flushed_before_the_next_step_is_checked():
    events = []
    log = _Log(events)
    _stream_checks(_derivation(events), log)
    lines = log.getvalue().splitlines()
    assert [ln.split("]")[0] + "]" for ln in lines[:5]] == ["[unchecked]", "[ok]", "[transcribed]", "[ok]", "[ok]"]
    assert lines[-1].startswith("all 3 checks passed (5 steps, 2 without a check: 1 unchecked definitions, "
                                "1 transcribed)")
    # the line of step 2 ("square") is written and flushed before step 5 ("last") is checked
    written = next(i for i, e in enumerate(events) if e[0] == "write" and "2/5 square" in e[1])
    assert events[written + 1] == ("flush", None) or events[written + 2] == ("flush", None)
    assert written < events.index(("check", "last"))
    # ... and the line of step 1 before the first check runs
    first = next(i for i, e in enumerate(events) if e[0] == "write" and "1/5 definition" in e[1])
    assert first < events.index(("check", "square"))


def test_a_failed_step_is_labelled_and_exits_3():
    events = []
    log = _Log(events)
    with pytest.raises(DerivationCheckError, match="1 of 5 steps failed: last"):
        _stream_checks(_derivation(events, last_ok=False), log)
    assert "[FAILED] 5/5 last: recorded failure" in log.getvalue()


def test_cli_labels_unchecked_steps():
    proc = subprocess.run([sys.executable, "-m", "efftheory", "derive", "landau-sextic", "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "[unchecked] 1/7 definition: not checked: a definition" in proc.stderr
    assert "[ok] 1/7" not in proc.stderr and "[ok] 2/7 stationarity" in proc.stderr


def test_the_transcribed_step_of_rubin_modular_is_labelled_so():
    from efftheory.symbolic.derivation import _transcribed
    from efftheory.theories import get
    model = get("rubin-modular")
    steps = model.derivation(model.resolve({})).steps
    assert [s.name for s in steps if s.check is None and _transcribed(s)] == ["two-point saddle mixture"]
