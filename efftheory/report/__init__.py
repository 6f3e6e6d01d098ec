"""Reports: sweeps (CSV, plots), LaTeX documents and the ``reproduce`` report."""
