"""The cells of ``efftheory diagram``: on a LocalCluster started here (2 workers) they equal the serial
cells and ``eval`` at the same parameters, digit for digit; an interrupted run resumes computing only the
missing cells; a failing cell is recorded and the others survive."""
import json
from fractions import Fraction

import pandas as pd
import pytest

import efftheory
from efftheory.diagram.run import diagram

GRID = ["kappa=log:0.5:4:3", "eps=-1:-0.2:3"]


def _table(d):
    return pd.read_parquet(d / "cells.parquet").drop(columns=["seconds"])


def test_local_cluster_equals_serial_and_eval(tmp_path):
    serial = diagram("rubin-cubic", GRID, quantity="u_c", dps=12, workers=0, out=tmp_path / "serial", plot=False)
    dask = diagram("rubin-cubic", GRID, quantity="u_c", dps=12, workers=2, chunk=2, out=tmp_path / "dask")
    assert serial["computed"] == dask["computed"] == 9 and dask["workers"] == 2 and dask["tasks"] == 5
    a, b = _table(tmp_path / "serial"), _table(tmp_path / "dask")
    assert (a["status"] == "ok").all() and a.equals(b)
    workers = {json.loads(line)["worker"] for line in (tmp_path / "dask" / "cells.jsonl").read_text().splitlines()}
    assert len(workers) == 2                                     # both workers took cells
    model = efftheory.theory("rubin-cubic")
    for _, row in a.iterrows():                                  # each cell is `eval` at its parameters
        res = model.evaluate("u_c", {"kappa": row["kappa"], "eps": row["eps"]}, dps=12).to_json()
        assert {k: row[k] for k in res["values"]} == res["values"] and row["digits"] == res["digits"]
    assert (tmp_path / "dask" / "diagram.png").stat().st_size > 10_000
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["theory"] == "rubin-cubic" and manifest["dps"] == 12 and manifest["done"] == 9
    assert manifest["grid"][0]["values"] == ["0.5", "1.41421", "4"] and manifest["version"] == efftheory.__version__


def test_cell_equals_the_eval_command(efft, tmp_path):
    rc, _, _ = efft("diagram", "landau-sextic", "--vary", "a=1/5:2/5:3", "--dps", "20", "--workers", "0",
                    "--no-plot", "--out", tmp_path / "d")
    assert rc == 0
    table = _table(tmp_path / "d")
    for _, row in table.iterrows():
        rc, out, _ = efft("eval", "landau-sextic", "phase", "--param", f"a={row['a']}", "--dps", "20", "--json")
        values = json.loads(out)["values"]
        assert rc == 0 and {k: row[k] for k in values} == values


def test_resume_computes_only_missing_cells(tmp_path):
    d = tmp_path / "d"
    first = diagram("landau-sextic", ["a=-1/10:1/2:7"], dps=15, workers=0, out=d, plot=False)
    assert first["computed"] == 7
    table = _table(d)
    log = (d / "cells.jsonl").read_text().splitlines()
    # an interruption: three cells never arrived and the last line was torn half-way
    (d / "cells.jsonl").write_text("\n".join(log[:3] + [log[4]] + [log[5][:20]]) + "\n")
    again = diagram("landau-sextic", ["a=-1/10:1/2:7"], dps=15, workers=0, out=d, plot=False)
    assert again["computed"] == 3 and again["reused"] == 4     # cells 3, 5 (torn) and 6 only
    assert _table(d).equals(table)
    assert diagram("landau-sextic", ["a=-1/10:1/2:7"], dps=15, workers=0, out=d, plot=False)["computed"] == 0


def test_failed_cells_recorded_the_rest_survive(efft, tmp_path, faulty_file):
    d = tmp_path / "d"
    rc, out, err = efft("--model", faulty_file, "diagram", "faulty-sextic", "--vary", "a=0:1:5", "--quantity",
                        "value", "--dps", "20", "--workers", "0", "--json", "--out", d)
    assert rc == 0, err
    assert json.loads(out)["failed"] == 2
    t = pd.read_csv(d / "cells.csv", dtype=str, keep_default_na=False).set_index("a")
    assert list(t["status"]) == ["ok", "error", "error", "ok", "ok"]
    assert t.loc["0.5", "message"].startswith("computation: faulty-sextic value: only 3 of 30")
    assert t.loc["0.25", "message"] == "internal error: RuntimeError: a bug on purpose"
    assert [Fraction(t.loc[a, "value"]) for a in ("0", "0.75", "1")] == [0, Fraction(9, 16), 1]   # a^2, exactly
    # a resume keeps the failed cells unless asked to retry them
    rc, out, _ = efft("--model", faulty_file, "diagram", "faulty-sextic", "--vary", "a=0:1:5", "--quantity",
                      "value", "--dps", "20", "--workers", "0", "--json", "--retry-errors", "--out", d)
    assert rc == 0 and json.loads(out)["computed"] == 2


@pytest.mark.slow
def test_dead_worker_loses_only_its_cell(tmp_path, faulty_file, monkeypatch):
    """A worker killed by one cell (``os._exit``) of a chunk: the chunk is split, its other cells are
    computed, the killing cell is recorded as ``worker failed``."""
    monkeypatch.setenv("FAULTY_KILL", "1")
    summary = diagram("faulty-sextic", ["a=0:1:5"], quantity="value", dps=15, workers=2, chunk=5, plot=False,
                      out=tmp_path / "d", model_files=(faulty_file,))
    t = pd.read_csv(tmp_path / "d" / "cells.csv", dtype=str, keep_default_na=False).set_index("a")
    assert list(t["status"]) == ["ok", "error", "error", "error", "ok"]
    assert t.loc["0.75", "message"].startswith("worker failed: ")
    assert Fraction(t.loc["1", "value"]) == 1 and summary["tasks"] >= 7
