"""The eval gate of `make test`: the shipped eval sets on the shipped corpus meet the floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from govqa import Assistant
from govqa.evaluation import check_floors, load_floors, run_eval

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_shipped_eval_meets_its_floors(corpus_assistant: Assistant) -> None:
    run = run_eval(corpus_assistant, [ROOT / "eval"], out_dir=None)
    floors = load_floors(ROOT / "eval" / "floors.toml")
    assert run.summary.n_questions >= 90
    assert sum(len(side) for side in floors.values()) >= 10  # the gate gates something
    summary = run.summary.model_dump(mode="json", by_alias=True)
    print(summary)  # shown with pytest -rP: the figures the floors were checked against
    assert check_floors(run.summary, floors) == [], summary
