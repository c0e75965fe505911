"""Eval charts as PNG files, drawn with matplotlib's Agg backend (no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govqa.eval_gate import flatten
from govqa.eval_results import Comparison, EvalRun

_BAR = "#3b6ea5"
_BAD = "#b5443b"
_MISS = "#999999"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    _pyplot().close(figure)
    return path


def _hbars(
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    texts: Sequence[str],
    title: str,
) -> Any:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 0.9 + 0.3 * max(1, len(labels))))
    positions = range(len(labels))
    axes.barh(list(positions), values, color=list(colours))
    axes.set_yticks(list(positions), labels=list(labels), fontsize=8)
    axes.invert_yaxis()
    for y, (value, text) in enumerate(zip(values, texts, strict=True)):
        axes.annotate(
            text, (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7
        )
    axes.set_title(title, fontsize=10)
    return figure, axes


def metric_bars(run: EvalRun, path: Path) -> Path:
    """Bars of the summary metrics that are shares (0 to 1)."""
    metrics = flatten(run.summary.model_dump(mode="json", by_alias=True))
    shown = {
        name: value
        for name, value in metrics.items()
        if value is not None and not name.startswith("latency") and "invalid" not in name
    }
    figure, axes = _hbars(
        list(shown),
        list(shown.values()),
        [_BAR] * len(shown),
        [f"{v:.3f}" for v in shown.values()],
        f"Summary metrics ({run.summary.n_questions} questions)",
    )
    axes.set_xlim(0, 1.1)
    return _save(figure, path)


def rank_chart(run: EvalRun, path: Path, depth: int = 10) -> Path:
    """Per answerable question, the rank of its first relevant passage; grey bars are misses."""
    ranked = [c for c in run.cases if c.hit_at_1 is not None]
    ranks = [c.first_relevant_rank for c in ranked]
    figure, axes = _hbars(
        [c.id[:32] for c in ranked],
        [float(r) if r else depth + 1.0 for r in ranks],
        [_BAR if r else _MISS for r in ranks],
        [str(r) if r else f"not in top {depth}" for r in ranks],
        "Rank of the first relevant passage (shorter is better)",
    )
    axes.set_xlim(0, depth + 3)
    axes.set_xlabel("rank")
    return _save(figure, path)


def latency_histogram(latencies: Sequence[float], path: Path, bins: int = 10) -> Path:
    """Histogram of ask latencies in ms."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 3))
    if latencies:
        axes.hist(list(latencies), bins=bins, color=_BAR, edgecolor="white")
    axes.set_xlabel("ms per question")
    axes.set_ylabel("questions")
    axes.set_title(f"Latency of ask ({len(latencies)} questions)", fontsize=10)
    return _save(figure, path)


def delta_chart(comparison: Comparison, path: Path) -> Path:
    """Change per metric against the earlier run (red: lower than before)."""
    deltas = [
        d for d in comparison.deltas if d.delta is not None and not d.metric.startswith("latency")
    ]
    values = [d.delta or 0.0 for d in deltas]
    figure, axes = _hbars(
        [d.metric for d in deltas],
        values,
        [_BAD if v < 0 else _BAR for v in values],
        [f"{v:+.3f}" for v in values],
        f"Change against {Path(comparison.run_dir).name}",
    )
    axes.axvline(0, color="black", linewidth=0.8)
    span = max((abs(v) for v in values), default=0.0) or 1.0
    axes.set_xlim(-span * 1.3, span * 1.3)
    return _save(figure, path)


def write_charts(run: EvalRun, out_dir: Path) -> dict[str, str]:
    """Write the run's PNG charts into out_dir; returns file name -> title."""
    metric_bars(run, out_dir / "metrics.png")
    rank_chart(run, out_dir / "ranks.png")
    latency_histogram([c.latency_ms for c in run.cases], out_dir / "latency.png")
    titles = {
        "metrics.png": "Summary metrics",
        "ranks.png": "First relevant rank per question",
        "latency.png": "Latency histogram",
    }
    if run.comparison is not None:
        delta_chart(run.comparison, out_dir / "compare.png")
        titles["compare.png"] = "Change against the earlier run"
    return titles
