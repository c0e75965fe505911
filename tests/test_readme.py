"""The README's commands run as written, so the README cannot drift from the code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GOVQA = Path(sys.executable).parent / "govqa"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.DOTALL)


def _cli_lines() -> list[str]:
    lines = [ln.split("#")[0].strip() for block in _blocks("bash") for ln in block.splitlines()]
    return [ln for ln in lines if ln.startswith(".venv/bin/govqa")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repo's corpus in a fresh working directory."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "corpus", work / "corpus")
    return work


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GOVQA_DATA_DIR": str(work / ".govqa"),
        "GOVQA_CONFIG": "",  # no config file
        "HF_HUB_OFFLINE": "1",
    }


def test_make_targets_named_in_readme_exist() -> None:
    targets = set(re.findall(r"^make (\w+)", "\n".join(_blocks("bash")), re.MULTILINE))
    assert {"chat", "test"} <= targets
    for target in targets | {"lint", "fmt", "eval", "bench"}:
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr


@pytest.mark.slow
def test_cli_commands_of_readme(workdir: Path) -> None:
    lines = _cli_lines()
    assert len(lines) >= 6
    for line in lines:
        args = re.findall(r'"[^"]*"|\S+', line)
        argv = [str(GOVQA), *(a.strip('"') for a in args[1:])]
        run = subprocess.run(argv, cwd=workdir, env=_env(workdir), capture_output=True, text=True)
        assert run.returncode == 0, f"{line}\n{run.stderr}"
        assert "Traceback" not in run.stderr
        if "--json" in argv:
            answer = json.loads(run.stdout)
            assert not answer["abstained"]
            assert any("democratic principles" in c["quote"] for c in answer["citations"])


@pytest.mark.slow
def test_python_example_of_readme(workdir: Path) -> None:
    (code,) = _blocks("python")
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=workdir, env=_env(workdir), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "democratic principles" in run.stdout


def test_toml_example_of_readme_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govqa import load_settings

    (toml,) = _blocks("toml")
    (tmp_path / "govqa.toml").write_text(toml, encoding="utf-8")
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "govqa.toml"))
    monkeypatch.delenv("GOVQA_DATA_DIR")  # the environment would win over the file
    settings = load_settings()
    written = tomllib.loads(toml)
    assert written, "the README's TOML example sets nothing"
    for key, value in written.items():  # every key is a setting and is read as written
        assert getattr(settings, key) == (Path(value) if key == "data_dir" else value), key
