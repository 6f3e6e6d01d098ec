"""Sphinx configuration.  The theory pages and the derivation gallery are generated
at build time from the registered theories (their derivation records and claims)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from efftheory import __version__  # noqa: E402

project = "efftheory"
author = "efftheory developers"
release = version = __version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax", "sphinx.ext.viewcode"]
napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"
autodoc_typehints = "none"
exclude_patterns = ["_build"]
html_theme = "alabaster"
suppress_warnings = ["autodoc.import_object"]


def _generate(app):
    from docs_gen import write_cli_reference, write_theory_pages
    write_theory_pages(Path(app.srcdir))
    write_cli_reference(Path(app.srcdir))


def setup(app):
    sys.path.insert(0, str(Path(__file__).parent))
    app.connect("builder-inited", _generate)
