"""Usage errors on the command line are one line naming the value and where help is."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _govqa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govqa", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "named", "help_of"),
    [
        (["ask"], "Missing argument 'question'", "govqa ask"),
        (["ask", "--top-k", "many", "x"], "'--top-k'", "govqa ask"),
        (["ask", "--bogus", "x"], "--bogus", "govqa ask"),
        (["frob"], "'frob'", "govqa"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_value_and_the_help(
    args: list[str], named: str, help_of: str
) -> None:
    done = _govqa(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and named in lines[0], lines[0]
    assert lines[0].endswith(f"{help_of} --help')"), lines[0]  # "python -m govqa ask"


def test_bare_govqa_prints_the_commands() -> None:
    done = _govqa()
    assert done.returncode == 0, done.stderr
    assert "ingest" in done.stdout and "ask" in done.stdout
