"""A minimal progress bar on standard error (silent when stderr is not a terminal
unless forced), so that long sweeps show how far they are."""
from __future__ import annotations

import sys
import time


class Progress:
    """``with Progress(total, "sweep") as bar: ... bar.update()``."""

    def __init__(self, total: int, label: str, *, stream=None, width: int = 30):
        self.total, self.label, self.width = max(total, 1), label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()

    def __enter__(self):
        self._draw()
        return self

    def update(self, n: int = 1, note: str = "") -> None:
        self.done += n
        self._draw(note)

    def _draw(self, note: str = "") -> None:
        frac = self.done / self.total
        filled = int(self.width * frac)
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if self.done >= self.total else ""
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {elapsed:5.1f}s eta {eta:5.1f}s {note}"
                          f"{end}")
        self.stream.flush()

    def __exit__(self, *exc):
        if self.done < self.total:
            self.stream.write("\n")
        return False
