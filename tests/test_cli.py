"""The command line against its contract (CLI.md)."""
import json

import pytest
import sympy as sp



def _one_line_error(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    assert proc.stdout == ""


def test_help_and_version(cli):
    assert cli("--help").returncode == 0
    assert "efftheory" in cli("--version").stdout


def test_show_latex_prints_the_action(cli):
    proc = cli("show", "landau-sextic", "--latex")
    assert proc.returncode == 0
    assert "\\begin{align*}" in proc.stdout and "m^{6}" in proc.stdout and "m^{4}" in proc.stdout


def test_derive_check_passes(cli):
    proc = cli("derive", "landau-sextic", "--check")
    assert proc.returncode == 0, proc.stderr
    assert "## Step 1" in proc.stdout and "all 6 checks passed (7 steps, 1 without a check" in proc.stderr
    assert "\\subsection*" in cli("derive", "landau-sextic", "--format", "latex").stdout


def test_solve_json_contract(cli):
    proc = cli("solve", "landau-sextic", "--dps", "60", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["theory"] == "landau-sextic" and out["dps"] == 60
    kinds = [p["kind"] for p in out["points"]]
    assert sorted(kinds) == ["first_order", "spinodal", "spinodal"]
    fo = next(p for p in out["points"] if p["kind"] == "first_order")
    assert fo["digits"] >= 55 and isinstance(fo["values"]["a"], str)
    assert sp.Rational(fo["values"]["a"]) == sp.Rational(1, 4)
    assert fo["values"]["m"].startswith("0.7071067811865475244008443621048490392848359376884740365883")


def test_eval_and_exact_parameter_parsing(cli):
    proc = cli("eval", "landau-sextic", "phase", "--param", "a=0.2", "--json", "--dps", "25")
    out = json.loads(proc.stdout)
    assert out["parameters"] == {"a": "1/5"} and out["values"]["phase"] == "ordered" and out["digits"] == 25


@pytest.mark.parametrize("args,needles", [
    (["solve", "landau-sextic", "--dps", "-3"], ["--dps -3", "domain"]),
    (["solve", "landau-sextic", "--dps", "many"], ["--dps", "whole number"]),
    (["solve", "no-such-theory"], ["unknown theory 'no-such-theory'", "landau-sextic"]),
    (["eval", "landau-sextic", "phase", "--param", "a=abc"], ["'a'", "abc", "domain"]),
    (["eval", "landau-sextic", "phase", "--param", "zeta=1"], ["unknown parameter 'zeta'"]),
    (["eval", "landau-sextic", "phase", "--param", "a"], ["NAME=VALUE"]),
    (["eval", "landau-sextic", "phase"], ["needs --param a=VALUE"]),
    (["eval", "landau-sextic", "nothing"], ["no quantity 'nothing'"]),
    (["frobnicate"], ["invalid choice"]),
    (["sweep", "landau-sextic", "--vary", "a=0:1"], ["START:STOP:COUNT"]),
])
def test_bad_input_gives_exit_2_and_one_line(cli, args, needles):
    _one_line_error(cli(*args), *needles)


def test_sweep_writes_csv_and_plot_and_refuses_to_overwrite(cli, tmp_path):
    csv, png = tmp_path / "s.csv", tmp_path / "s.png"
    proc = cli("sweep", "landau-sextic", "--vary", "a=0:2/5:5", "--csv", str(csv), "--plot", str(png), "--dps", "12")
    assert proc.returncode == 0, proc.stderr
    rows = csv.read_text().splitlines()
    assert rows[0] == "a,phase,m,f,digits" and len(rows) == 6
    assert rows[-1].startswith("2/5,disordered,0,0")
    assert png.stat().st_size > 1000 and "\r" not in proc.stderr       # no progress frames off a terminal
    before = csv.read_text()
    again = cli("sweep", "landau-sextic", "--vary", "a=0:1:2", "--csv", str(csv))
    _one_line_error(again, "exists")
    assert csv.read_text() == before


def test_latex_document_compiles(cli, tmp_path, compile_latex):
    out = tmp_path / "sextic.tex"
    assert cli("latex", "landau-sextic", "-o", str(out)).returncode == 0
    assert compile_latex(out).stat().st_size > 1000
    _one_line_error(cli("latex", "landau-sextic", "-o", str(out)), "exists")


@pytest.mark.parametrize("theory", ["rubin-cubic", "rubin-modular", "zunkovic-1d", "zunkovic-ball", "liu-addition"])
def test_every_theory_document_compiles(cli, tmp_path, compile_latex, theory):
    out = tmp_path / f"{theory}.tex"
    proc = cli("latex", theory, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert compile_latex(out).stat().st_size > 1000
