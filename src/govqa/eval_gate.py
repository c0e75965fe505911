"""Comparing eval runs and gating on floors: summaries flattened to dotted metric names."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govqa.errors import InputError
from govqa.eval_results import Comparison, MetricDelta, Summary


def flatten(summary: Mapping[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Numeric summary metrics as {'retrieval.hit@5': 0.9, ...}."""
    out: dict[str, float | None] = {}
    for key, value in summary.items():
        if isinstance(value, Mapping):
            out |= flatten(value, f"{prefix}{key}.")
        elif prefix and (value is None or isinstance(value, int | float)):
            out[prefix + key] = None if value is None else float(value)
    return out


def read_run(run_dir: Path) -> tuple[dict[str, Any], Path]:
    """The summary of an earlier run's report.json.

    Raises:
        InputError: the folder holds no readable report.json.
    """
    path = run_dir / "report.json" if run_dir.is_dir() else run_dir
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        summary = data["summary"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a readable eval report ({exc.__class__.__name__})") from exc
    if not isinstance(summary, dict):
        raise InputError(f"{path}: field 'summary' must be an object")
    return summary, run_dir


def compare_runs(summary: Summary, before: Mapping[str, Any], run_dir: Path) -> Comparison:
    """Differences per summary metric between an earlier run and this one."""
    now = flatten(summary.model_dump(mode="json", by_alias=True))
    then = flatten(before)
    deltas = []
    for metric in list(dict.fromkeys([*now, *then])):
        a, b = then.get(metric), now.get(metric)
        delta = None if a is None or b is None else round(b - a, 4)
        deltas.append(MetricDelta(metric=metric, before=a, after=b, delta=delta))
    return Comparison(
        run_dir=str(run_dir),
        settings_hash=str(before.get("settings_hash", "")),
        deltas=tuple(deltas),
    )


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    """Floors and ceilings from a TOML file with ``[min]`` and ``[max]`` tables of metrics.

    Raises:
        InputError: the file is unreadable or names a value that is not a number.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read floors ({exc})") from exc
    limits: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for side in limits:
        for metric, value in data.get(side, {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(f"{path}: [{side}] {metric} = {value!r} must be a number")
            limits[side][metric] = float(value)
    return limits


def check_floors(summary: Summary, limits: Mapping[str, Mapping[str, float]]) -> list[str]:
    """One line per metric below its floor or above its ceiling (or not measured); [] passes."""
    values = flatten(summary.model_dump(mode="json", by_alias=True))
    failures = []
    for side, bound in (("min", "floor"), ("max", "ceiling")):
        for metric, limit in limits.get(side, {}).items():
            value = values.get(metric)
            if metric not in values:
                failures.append(f"{metric}: not a summary metric; see report.json's summary")
            elif value is None:
                failures.append(f"{metric}: not measured by this dataset ({bound} {limit})")
            elif (value < limit) if side == "min" else (value > limit):
                failures.append(
                    f"{metric} = {value} is {'below' if side == 'min' else 'above'} "
                    f"its {bound} {limit}"
                )
    return failures
