"""docs/adding-a-theory.rst, followed literally: copy theories/landau/, rename, add one
registry line -- and the new theory appears in ``efftheory list`` and gets every subcommand."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _efftheory(tmp, *args):
    env = {**os.environ, "PYTHONPATH": str(tmp)}
    return subprocess.run([sys.executable, "-m", "efftheory", *args], capture_output=True, text=True, cwd=tmp,
                          env=env, timeout=600)


def test_following_the_docs_adds_a_theory(tmp_path):
    doc = (ROOT / "docs" / "adding-a-theory.rst").read_text()
    assert "cp -r efftheory/theories/landau efftheory/theories/mypaper" in doc
    shutil.copytree(ROOT / "efftheory", tmp_path / "efftheory", ignore=shutil.ignore_patterns("__pycache__"))
    new = tmp_path / "efftheory" / "theories" / "mypaper"
    shutil.copytree(tmp_path / "efftheory" / "theories" / "landau", new)          # step 1
    for path in new.glob("*.py"):                                                    # step 2
        text = path.read_text().replace("landau-sextic", "my-theory")
        text = text.replace('key="landau"', 'key="mypaper"').replace(
            'citation="reference problem f(m) = a m^2 - m^4 + m^6"', 'citation="My et al. 2027"').replace(
            'short="reference problem"', 'short="My et al. 2027"')
        text = re.sub(r"\bsextic_(symbolic|numeric)\b", r"mymodel_\1", text)
        text = text.replace('{"my-theory": "sextic"}', '{"my-theory": "mymodel"}').replace(
            "from .sextic import", "from .mymodel import")
        target = path.with_name(path.name.replace("sextic", "mymodel"))
        path.unlink()
        target.write_text(text)
    registry = tmp_path / "efftheory" / "theories" / "__init__.py"                   # step 4
    text = registry.read_text()
    assert '    "liu",\n)' in text
    registry.write_text(text.replace('    "liu",\n)', '    "liu",\n    "mypaper",\n)'))

    listed = _efftheory(tmp_path, "list", "--json")                                  # step 5
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in json.loads(listed.stdout)["theories"]}
    assert rows["my-theory"]["paper"] == "My et al. 2027"
    assert _efftheory(tmp_path, "list").stdout.count("my-theory") == 1
    derive = _efftheory(tmp_path, "derive", "my-theory", "--check")
    assert derive.returncode == 0 and "checks passed" in derive.stderr, derive.stderr
    solved = json.loads(_efftheory(tmp_path, "solve", "my-theory", "--dps", "25", "--json").stdout)
    assert [p["kind"] for p in solved["points"]] == ["first_order", "spinodal", "spinodal"]
    assert _efftheory(tmp_path, "eval", "my-theory", "phase", "--param", "a=1/5").returncode == 0
    assert _efftheory(tmp_path, "show", "my-theory").returncode == 0
    assert _efftheory(tmp_path, "latex", "my-theory").returncode == 0
    assert _efftheory(tmp_path, "sweep", "my-theory", "--vary", "a=0:1/2:3", "--dps", "10").returncode == 0
    report = _efftheory(tmp_path, "reproduce", "mypaper", "--quick", "--out", str(tmp_path / "report"))
    assert report.returncode == 0, report.stderr
    claims = json.loads((tmp_path / "report" / "results.json").read_text())["claims"]
    assert [c["id"] for c in claims] == ["my-theory/first-order", "my-theory/spinodal-wells",
                                         "my-theory/spinodal-origin"]
    assert {c["paper"] for c in claims} == {"My et al. 2027"}
