"""Output paths are checked before any computation, nothing is overwritten without --force,
two outputs may not share a file, ``-`` is standard output, and an interrupted ``reproduce``
leaves nothing half-written (issue 11)."""
import signal
import subprocess
import sys
import time

import pytest


def _fails_fast(proc, *words):
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    for w in words:
        assert w in line, line


@pytest.mark.parametrize("args,words", [
    (["sweep", "landau-sextic", "--vary", "a=0:1:3", "--csv", "/proc/x.csv"], ["--csv /proc/x.csv", "cannot write"]),
    (["latex", "landau-sextic", "-o", "/proc/x.tex"], ["-o /proc/x.tex", "cannot write"]),
    (["reproduce", "landau", "--out", "/proc/report"], ["--out /proc/report"]),
    (["sweep", "landau-sextic", "--vary", "a=0:1:3", "--plot", "noext"], ["--plot noext", ".png"]),
    (["sweep", "landau-sextic", "--vary", "a=0:1:3", "--plot", "-"], ["--plot -", "standard output"]),
    (["sweep", "landau-sextic", "--vary", "a=0:1:3", "--csv", "no/such/dir/x.csv"], ["does not exist"]),
])
def test_bad_output_paths_are_refused_up_front(cli, args, words):
    t0 = time.monotonic()
    _fails_fast(cli(*args), *words)
    assert time.monotonic() - t0 < 30


def test_nothing_is_clobbered(cli, tmp_path):
    same = tmp_path / "same.png"
    _fails_fast(cli("sweep", "landau-sextic", "--vary", "a=0:1:3", "--csv", str(same), "--plot", str(same)),
                "same file")
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"precious")
    _fails_fast(cli("sweep", "landau-sextic", "--vary", "a=0:1:3", "--plot", str(existing)), "exists")
    assert existing.read_bytes() == b"precious"
    report = tmp_path / "FILE"
    report.write_text("precious")
    _fails_fast(cli("reproduce", "landau", "--out", str(report), "--force"), "is a file")
    assert report.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE", "keep.png"]


def test_dash_is_standard_output(cli, tmp_path):
    proc = cli("sweep", "landau-sextic", "--vary", "a=0:2/5:3", "--csv", "-", "--dps", "8", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.splitlines()[0] == "a,phase,m,f,digits"
    assert not any(tmp_path.iterdir())


def test_interrupted_reproduce_leaves_nothing(tmp_path):
    out = tmp_path / "report"
    proc = subprocess.Popen([sys.executable, "-m", "efftheory", "reproduce", "zunkovic", "--quick", "--out",
                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".report.partial-") for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "reproduce ended before it could be interrupted"
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    assert list(tmp_path.iterdir()) == []
    again = subprocess.run([sys.executable, "-m", "efftheory", "reproduce", "landau", "--quick", "--out", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (out / "results.json").exists() and (out / "report.tex").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
