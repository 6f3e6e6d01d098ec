"""Progress goes through tqdm: frames naming the current item on a terminal, nothing off one
(issue 14: a log of ``reproduce ... 2>log`` got a 20 kB line of ``\\r`` frames)."""
import io
import subprocess
import sys

from efftheory.report.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_shows_the_current_item():
    stream = Terminal()
    with Progress(3, "demo", stream=stream) as bar:
        for item in ("first", "second", "third"):
            bar.working_on(item)
            assert item in stream.getvalue().rsplit("\r", 1)[-1]       # the frame on screen names it
            bar.update()
    text = stream.getvalue()
    assert "2/3" in text and text.endswith("\r") and text.rsplit("\r", 2)[-2].strip() == ""   # no old text left


def test_off_a_terminal_nothing_is_written():
    stream = io.StringIO()
    with Progress(3, "demo", stream=stream) as bar:
        bar.working_on("first")
        bar.update(3)
    assert stream.getvalue() == ""


def test_reproduce_into_a_log_writes_no_frames(tmp_path):
    log = tmp_path / "log"
    with open(log, "w") as fh:
        proc = subprocess.run([sys.executable, "-m", "efftheory", "reproduce", "landau", "--quick", "--out",
                               str(tmp_path / "report")], stderr=fh, stdout=subprocess.DEVNULL, timeout=300)
    assert proc.returncode == 0
    text = log.read_text()
    assert "\r" not in text and "3 of 3 claims as expected" in text
