"""Concurrent calls from threads give the results of sequential calls and leave mpmath's global
context untouched (issue 11: ``mpmath.workdps`` sets one global precision; without
``PRECISION_LOCK`` this test fails within a few rounds with false ConvergenceErrors).
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import mpmath
import pytest

import efftheory


def _ordered_phase():
    return efftheory.theory("landau-sextic").evaluate("phase", {"a": "1/5"}, dps=300).to_json()


def _solve():
    return efftheory.theory("landau-sextic").solve(dps=60).to_json()


def _grokking_probability():
    return efftheory.theory("zunkovic-1d").evaluate("grokking_probability", {"eps": "1/2"}, dps=20).to_json()


@pytest.fixture
def frequent_thread_switches():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def test_two_threads_equal_a_sequential_run_20_rounds(frequent_thread_switches):
    before = (mpmath.mp.prec, mpmath.mp.dps)
    tasks = (_ordered_phase, _solve, _grokking_probability)
    expected = [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for round_ in range(20):
            first, second = tasks[round_ % 2], tasks[2]        # different theories, different precisions
            a, b = pool.submit(first), pool.submit(second)
            assert (a.result(), b.result()) == (expected[round_ % 2], expected[2])
    assert (mpmath.mp.prec, mpmath.mp.dps) == before
