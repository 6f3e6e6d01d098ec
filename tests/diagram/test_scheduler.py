"""A diagram run against a separately started scheduler (``dask scheduler`` and ``dask worker``
subprocesses started here, on free ports of this machine) gives the same table as the serial run."""
import os
import shutil
import socket
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from efftheory.diagram.run import diagram

GRID = ["a=-1/10:2/5:6"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask() -> list:
    exe = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if exe is None:
        pytest.fail("the dask command (dask[distributed], a dependency) is not installed")
    return [exe]


@pytest.mark.slow
def test_separately_started_scheduler_gives_the_same_table(tmp_path):
    port, env = _free_port(), {**os.environ, "OMP_NUM_THREADS": "1"}
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp_path / "dask.log", "w")
    procs = [subprocess.Popen([*_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", "127.0.0.1:0", "--no-dashboard"], stdout=log, stderr=log, env=env)]
    try:
        procs.append(subprocess.Popen([*_dask(), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--no-dashboard", "--local-directory", str(tmp_path / "w")],
                                      stdout=log, stderr=log, env=env))
        from distributed import Client
        deadline = time.monotonic() + 120
        while True:                                   # until both workers have joined
            try:
                with Client(address, timeout="5s") as c:
                    if len(c.nthreads()) == 2:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "dask.log").read_text()[-2000:]
            time.sleep(1)
        remote = diagram("landau-sextic", GRID, dps=20, scheduler=address, out=tmp_path / "remote", plot=False)
        assert remote["workers"] == 2 and remote["computed"] == 6
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()
    serial = diagram("landau-sextic", GRID, dps=20, workers=0, out=tmp_path / "serial", plot=False)
    assert serial["computed"] == 6
    a = pd.read_parquet(tmp_path / "serial" / "cells.parquet").drop(columns=["seconds"])
    b = pd.read_parquet(tmp_path / "remote" / "cells.parquet").drop(columns=["seconds"])
    assert (a["status"] == "ok").all() and a.equals(b)
    # f = a m^2 - m^4 + m^6: the ordered minimum is the global one below the first-order point a = 1/4
    assert [p == "ordered" for p in a["phase"]] == [Fraction(x) < Fraction(1, 4) for x in a["a"]]
