"""Progress of long work on standard error, through tqdm: a bar with the item being worked on and
tqdm's smoothed ETA on a terminal; nothing at all when standard error is not a terminal (a log
gets no ``\\r`` frames) or in a notebook's stderr stream."""
from __future__ import annotations

import sys


class Progress:
    """``with Progress(total, "sweep") as bar: bar.working_on(item); ...; bar.update()``."""

    def __init__(self, total: int, label: str, *, stream=None):
        from tqdm import tqdm
        stream = stream or sys.stderr
        self._bar = tqdm(total=max(total, 1), desc=label, file=stream, leave=False, dynamic_ncols=True,
                         disable=not _is_terminal(stream), bar_format="{desc} {bar} {n}/{total} "
                                                                      "[{elapsed} < {remaining}] {postfix}")

    def __enter__(self):
        return self

    def working_on(self, item: str) -> None:
        """Name the item now being computed (shown until the next one starts)."""
        self._bar.set_postfix_str(item, refresh=True)

    def update(self, n: int = 1) -> None:
        self._bar.update(n)

    def __exit__(self, *exc):
        self._bar.close()
        return False


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
