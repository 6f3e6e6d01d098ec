"""The documentation builds without warnings (theory pages generated from the registry)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_docs_build_without_warnings(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
                           str(ROOT / "docs"), str(tmp_path / "html")], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-5000:]
    html = (tmp_path / "html" / "theories" / "landau-sextic.html").read_text()
    assert "Derivation" in html and "first-order" in html
    assert (tmp_path / "html" / "api.html").exists() and (tmp_path / "html" / "gallery.html").exists()
