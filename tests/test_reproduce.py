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


def test_reproduce_on_worker_processes_writes_the_same_report(tmp_path):
    """Theories on two forked workers (claims, derivation, figures of one theory together) give the rows,
    figures and report of the serial run, in the same order; only the timings differ."""
    import re

    from efftheory.report.reproduce import reproduce, select_models
    models = select_models(["landau-sextic", "zunkovic-1d"])
    one = reproduce(models, tmp_path / "one", quick=True, jobs=1)
    two = reproduce(models, tmp_path / "two", quick=True, jobs=2)
    strip = lambda s: [{k: v for k, v in r.items() if k != "seconds"} for r in s["claims"]]  # noqa: E731
    assert strip(one) == strip(two) and one["figures"] == two["figures"] and len(strip(one)) > 5
    timing = re.compile(r"\d+(\.\d+)? s\b")
    for name in ("index.md", "report.tex"):
        texts = [timing.sub("", (tmp_path / d / name).read_text()) for d in ("one", "two")]
        assert texts[0] == texts[1]
    assert sorted(p.name for p in (tmp_path / "two" / "figures").iterdir()) == \
        sorted(p.name for p in (tmp_path / "one" / "figures").iterdir())
