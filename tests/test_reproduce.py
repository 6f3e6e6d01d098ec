import json



def test_reproduce_writes_a_compiling_report(cli, tmp_path, compile_latex):
    out = tmp_path / "report"
    proc = cli("reproduce", "landau", "--out", str(out), "--quick")
    assert proc.returncode == 0, proc.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["total"] >= 3 and results["passed"] == results["total"]
    ids = {c["id"] for c in results["claims"]}
    assert "landau-sextic/first-order" in ids
    index = (out / "index.md").read_text()
    assert "landau-sextic/first-order" in index and "reproduced" in index
    assert (out / "derivations" / "landau-sextic.md").exists()
    compile_latex(out / "report.tex")
    # nothing is overwritten without --force
    again = cli("reproduce", "landau", "--out", str(out), "--quick")
    assert again.returncode == 2 and "exists" in again.stderr


def test_reproduce_rejects_unknown_papers(cli, tmp_path):
    proc = cli("reproduce", "nobody", "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "unknown paper or theory 'nobody'" in proc.stderr
