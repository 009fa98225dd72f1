"""The README's "From Python" examples, run as they are written there."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text()
    section = text.split("## From Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_readme_examples_run(capsys) -> None:
    blocks = python_blocks()
    assert len(blocks) == 2, "a pandas and a polars example"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "security_guarantee" in out and "troop" in out
    assert "2025-02-24 True" in out
