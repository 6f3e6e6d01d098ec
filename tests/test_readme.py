"""The README's quick start has exactly two commands, and .ci/run runs the test one verbatim."""
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _quick_start_commands():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_exactly_two_commands_and_ci_runs_the_test_one():
    cmds = _quick_start_commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    assert "efftheory reproduce" in cmds[0] and "pytest" in cmds[1]
    assert cmds[1] in (ROOT / ".ci" / "run").read_text()
