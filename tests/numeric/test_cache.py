"""The disk cache of symbolic work (issue 13 item 1): hits across 'processes', corrupt entries,
EFFTHEORY_CACHE=0, and kernels rebuilt from cached source that compute what lambdify computes."""
import mpmath
import numpy as np
import pytest
import sympy as sp

from efftheory.numeric import cache, compile as comp

x, y, p = sp.symbols("x y p")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EFFTHEORY_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EFFTHEORY_CACHE", raising=False)
    return tmp_path


def test_a_stored_result_is_read_back_instead_of_rebuilt(cache_dir):
    built = []

    def build():
        built.append(1)
        return (sp.diff(sp.erf(x) * y, x),)
    first = cache.cached("test", [sp.erf(x) * y], build)
    again = cache.cached("test", [sp.erf(x) * y], build)
    assert built == [1] and again == first and len(list(cache_dir.glob("test-*.pickle"))) == 1
    other = cache.cached("test", [sp.erf(x) * p], build)           # another expression: another key
    assert built == [1, 1] and other == first


def test_corrupt_entries_are_ignored_removed_and_rebuilt(cache_dir):
    cache.cached("test", [x**3], lambda: (3 * x**2,))
    (entry,) = cache_dir.glob("test-*.pickle")
    entry.write_bytes(b"not a pickle")
    built = []
    value = cache.cached("test", [x**3], lambda: built.append(1) or (3 * x**2,))
    assert built == [1] and value == (3 * x**2,)
    assert cache.cached("test", [x**3], lambda: pytest.fail("rebuilt although stored again")) == (3 * x**2,)
    # a readable entry of the wrong shape is refused by the check and rebuilt
    cache.cached("shape", [x], lambda: "text")
    assert cache.cached("shape", [x], lambda: (x,), check=lambda v: isinstance(v, tuple)) == (x,)


@pytest.mark.parametrize("off", ["0", "off", "no", "FALSE"])
def test_the_cache_can_be_turned_off(cache_dir, monkeypatch, off):
    monkeypatch.setenv("EFFTHEORY_CACHE", off)
    built = []
    for _ in range(2):
        cache.cached("test", [x], lambda: built.append(1) or x)
    assert built == [1, 1] and not list(cache_dir.iterdir())
    assert not cache.enabled()


def test_jacobian_from_disk_without_differentiating(cache_dir, monkeypatch):
    eqs = (sp.exp(x * y) - p, x**2 * sp.sin(y))
    expected = tuple(sp.diff(e, v) for e in eqs for v in (x, y))
    cache._jacobian.cache_clear()
    assert cache.jacobian(eqs, (x, y)) == expected
    cache._jacobian.cache_clear()                              # as in a new process
    monkeypatch.setattr(sp, "diff", lambda *a, **k: pytest.fail("differentiated again"))
    assert cache.jacobian(eqs, (x, y)) == expected


@pytest.mark.parametrize("backend", ["mpmath", "numpy"])
def test_kernel_rebuilt_from_cached_source_agrees_with_lambdify(cache_dir, backend):
    exprs = [sp.erf(x) * sp.Rational(1, 10) + sp.exp(-x * y) * sp.pi, (x + y) ** 3 / 7]
    first = comp._lambdified((x, y), exprs, backend)            # built by lambdify, source stored
    again = comp._lambdified((x, y), exprs, backend)            # compiled from the stored source
    assert again is not first and again.__code__.co_filename == "<efftheory cached kernel>"
    if backend == "mpmath":
        with mpmath.workdps(60):
            a, b = first(mpmath.mpf(1) / 3, mpmath.mpf(2)), again(mpmath.mpf(1) / 3, mpmath.mpf(2))
            exact = [sp.N(e.subs({x: sp.Rational(1, 3), y: 2}), 70) for e in exprs]
            for u, v, w in zip(a, b, exact):
                assert u == v and abs(u - mpmath.mpf(str(w))) < mpmath.mpf(10) ** -58
    else:
        xs = np.linspace(0, 1, 5)
        for u, v in zip(first(xs, 2.0), again(xs, 2.0)):
            assert np.array_equal(u, v)


def test_clear_removes_every_entry(cache_dir):
    cache.cached("test", [x], lambda: x)
    cache.cached("test", [y], lambda: y)
    assert cache.clear() == 2 and not list(cache_dir.glob("*.pickle"))


def test_remember_and_recall_a_small_value(cache_dir, monkeypatch):
    assert cache.recall("durations", {}) == {}
    cache.remember("durations", {"landau-sextic": 1.5})
    assert cache.recall("durations") == {"landau-sextic": 1.5}
    monkeypatch.setenv("EFFTHEORY_CACHE", "0")
    assert cache.recall("durations", "off") == "off"
