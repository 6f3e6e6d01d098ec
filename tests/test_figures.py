"""Figures for a report and a notebook: panel functions draw on a given ``ax``, a figure's caption
travels in its file, and Fig. 2a/b's title stays clear of its panels' titles (issue 14, deliverables
2 and 3)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from efftheory.display import figure_caption, save_figure  # noqa: E402


def test_caption_is_stored_in_the_png(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    path = save_figure(fig, tmp_path / "f.png", "Žunkovič & Ilievski (2024) Fig. 8: ε ± σ")
    assert figure_caption(path) == "Žunkovič & Ilievski (2024) Fig. 8: ε ± σ"
    assert not plt.fignum_exists(fig.number)                      # closed after writing
    plain = tmp_path / "g.png"
    fig, ax = plt.subplots()
    fig.savefig(plain)
    plt.close(fig)
    assert figure_caption(plain) is None and figure_caption(tmp_path / "missing.png") is None


def _overlap(a, b) -> bool:
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


def test_fig2ab_title_clear_of_panel_titles_and_panels_on_ax():
    from efftheory.theories.rubin.figures import fig2ab
    fig = fig2ab()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = fig._suptitle.get_window_extent(renderer)
    axes = fig.axes
    assert len(axes) == 2
    for ax in axes:
        assert not _overlap(top, ax.title.get_window_extent(renderer)), ax.title.get_text()
        assert len(ax.lines) == 4                                  # one curve per beta
    assert "GFL" in axes[0].title.get_text() and "GMFL-I" in axes[1].title.get_text()
    # (b) has side wells: the curve for beta = 1 has three local minima, (a) one
    minima = [int(np.sum((y[1:-1] < y[:-2]) & (y[1:-1] < y[2:]))) for y in
              (ax.lines[2].get_ydata() for ax in axes)]
    assert minima == [1, 3]
    plt.close(fig)


def test_fig8_panel_on_a_given_ax():
    from efftheory.theories.zunkovic.claims import FIG8
    from efftheory.theories.zunkovic.figures import plot_fig8
    fig, ax = plt.subplots()
    assert plot_fig8("c", ax=ax) is ax
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"][0]
    readings = [float(r[5]) for r in FIG8 if r[0] == "c"]
    assert list(dots.get_ydata()) == readings and ax.get_yscale() == "log"
    plt.close(fig)
