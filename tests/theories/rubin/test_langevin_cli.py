"""``efftheory simulate``: bad input exits 2 with one line before any simulation; a small run writes
the table, the observables, the plot and the manifest, honours --json and --force; the Table-1
network of a parameter set; the fast finite-d solver against the package's ``finite_d``."""
import json

import pytest
import sympy as sp

from efftheory.cli import main
from efftheory.theories.rubin.cubic import MODEL
from efftheory.theories.rubin.langevin_runs import network_of

BASE = "simulate rubin-cubic --param sigma2=0.22 --param beta=1/8"


@pytest.mark.parametrize("extra", ["--networks 1", "--steps 5", "--step 0", "--step x", "--alpha -1",
                                   "--param sigma2=-1", "--param nope=1", "--seed -3", "--networks two"])
def test_bad_input_exits_2_with_one_line(hostile, tmp_path, extra):
    hostile(f"{BASE} {extra} --out {tmp_path / 'o'}", (2,), limit=10)
    assert not (tmp_path / "o").exists()


def test_no_simulator_and_missing_sigma2(hostile, tmp_path):
    hostile(f"simulate landau-sextic --out {tmp_path / 'o'}", (2,), limit=10)
    hostile(f"simulate rubin-cubic --out {tmp_path / 'o'}", (2,), limit=10)


def test_existing_output_needs_force(hostile, tmp_path):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "keep.txt").write_text("x")
    hostile(f"{BASE} --networks 2 --steps 20 --out {tmp_path / 'o'}", (2,), limit=10)
    assert (tmp_path / "o" / "keep.txt").read_text() == "x"


def test_small_run_writes_its_files(tmp_path, capsys):
    out = tmp_path / "sim"
    args = f"{BASE} --networks 2 --steps 24 --seed 3 --json --out {out}".split()
    # a tiny network keeps this quick: the base point scaled by beta = 1/8 and few data
    args += ["--param", "n=400", "--param", "N=48"]
    assert main(args) == 0
    js = json.loads(capsys.readouterr().out)
    assert set(js["values"]) == {"linear", "cubic_normalized", "train_loss", "test_loss"}
    for k, v in js["values"].items():       # value inside its interval, rounded like the stderr
        lo, hi = js["ci"][k]
        assert float(lo) <= float(v) <= float(hi)
        assert len(v.split(".")[-1]) == len(js["stderr"][k].split(".")[-1])
    assert {p.name for p in out.iterdir()} == {"histogram.csv", "observables.json", "simulation.png",
                                                 "manifest.json"}
    man = json.loads((out / "manifest.json").read_text())
    assert man["seed"] == 3 and man["networks"] == 2 and man["theory"] == "rubin-cubic"
    assert (out / "histogram.csv").read_text().startswith("q_lo,q_hi,density")
    assert main(args) == 2                    # exists now
    capsys.readouterr()
    assert main(args + ["--force"]) == 0
    assert json.loads(capsys.readouterr().out)["values"] == js["values"]    # same seed, same numbers


def test_table1_network_keeps_u_and_kappa():
    params = MODEL.resolve({"sigma2": "0.2", "beta": "1/8"})
    spec, exact = network_of(params, "1/2")
    assert (spec.N, spec.d, spec.n) == (88, 53, 1500)
    assert exact["sigma2"] == sp.Rational(4, 5) and exact["beta"] == 1
    u0 = params["n"] ** 2 * params["sigma_a2"] / (params["sigma2"] ** 2 * params["d"] * params["N"])
    u1 = exact["n"] ** 2 * exact["sigma_a2"] / (exact["sigma2"] ** 2 * exact["d"] * exact["N"])
    k0 = params["n"] * params["sigma_a2"] / (params["d"] * params["sigma2"])
    k1 = exact["n"] * exact["sigma_a2"] / (exact["d"] * exact["sigma2"])
    # equal up to the rounding of N = 87.5 -> 88 and d = 53.03 -> 53 (Table 1 with alpha, beta)
    assert abs(float(u1 / u0) - 1) < 0.01 and abs(float(k1 / k0) - 1) < 0.01


@pytest.mark.parametrize("flag, scale", [([], "reduced"), (["--full-simulation"], "full")])
def test_reproduce_runs_the_simulations_at_the_chosen_scale(monkeypatch, tmp_path, flag, scale):
    import efftheory.report.reproduce as rep
    from efftheory.theories.simulation import current_scale
    seen = {}

    def fake(models, out, **kw):
        seen["scale"] = current_scale()
        return {"headline": "", "passed": 0, "total": 0}
    monkeypatch.setattr(rep, "reproduce", fake)
    assert main(["reproduce", "landau", "--out", str(tmp_path / "r"), *flag]) == 0
    assert seen["scale"] == scale and current_scale() == "reduced"
