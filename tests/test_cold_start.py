"""Cold start (issue 13 item 5): ``efftheory list`` from metadata, the lazy numeric package and the
persistent results keyed by the source fingerprint."""
import json
import os
import subprocess
import sys

from efftheory.numeric import persist


def _run(code, cache_dir, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "EFFTHEORY_CACHE_DIR": str(cache_dir), **env})


LIST = ("import sys, io, contextlib\n"
        "from efftheory.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    rc = main(['list', '--json'])\n"
        "print(rc, sorted(m for m in ('sympy', 'numpy', 'scipy', 'mpmath', 'matplotlib') if m in sys.modules))\n"
        "print(out.getvalue())\n")


def test_warm_list_imports_no_numerical_library_and_matches_the_models(tmp_path):
    cold = _run(LIST, tmp_path)                              # reads the models, writes the catalogue
    warm = _run(LIST, tmp_path)                              # reads the catalogue only
    off = _run(LIST, tmp_path, EFFTHEORY_CACHE="0")          # the models, no cache
    for proc in (cold, warm, off):
        assert proc.returncode == 0, proc.stderr
    status = [p.stdout.split("\n", 1)[0] for p in (cold, warm, off)]
    assert status[1] == "0 []", status                       # no sympy, numpy, scipy, mpmath, matplotlib
    assert "sympy" in status[0] and "sympy" in status[2]
    rows = [json.loads(p.stdout.split("\n", 1)[1]) for p in (cold, warm, off)]
    assert rows[0] == rows[1] == rows[2]
    assert [r["name"] for r in rows[1]["theories"]][:2] == ["landau-sextic", "rubin-cubic"]
    assert len(list(tmp_path.glob("catalogue-*.json"))) == 1


def test_fingerprint_follows_every_source_change(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(persist, "_PACKAGE", tmp_path)
    persist.source_fingerprint.cache_clear()
    try:
        first = persist.source_fingerprint()
        persist.source_fingerprint.cache_clear()
        assert persist.source_fingerprint() == first
        (tmp_path / "sub" / "b.py").write_text("y = 3\n")
        os.utime(tmp_path / "sub" / "b.py", ns=(1, 1))
        persist.source_fingerprint.cache_clear()
        assert persist.source_fingerprint() != first
    finally:
        persist.source_fingerprint.cache_clear()


def test_persistent_results_are_reused_across_processes_and_rebuilt_without_the_cache(tmp_path):
    code = ("from efftheory.numeric.persist import persistent\n"
            "calls = []\n"
            "@persistent('test')\n"
            "def f(options, n):\n"
            "    calls.append(n)\n"
            "    return sorted({'n': n, **options}.items())\n"
            "print(f({'b': 1, 'a': 2}, 3), f({'a': 2, 'b': 1}, 3), len(calls))\n")
    first, second = _run(code, tmp_path), _run(code, tmp_path)
    off = _run(code, tmp_path, EFFTHEORY_CACHE="0")
    assert first.stdout.split()[-1] == "1"     # built once, then read (the mapping order does not matter)
    assert second.stdout.split()[-1] == "0"    # read from disk by a fresh process
    assert off.stdout.split()[-1] == "2"       # off: computed every time
    assert first.stdout.rsplit(" ", 1)[0] == second.stdout.rsplit(" ", 1)[0] == off.stdout.rsplit(" ", 1)[0]
