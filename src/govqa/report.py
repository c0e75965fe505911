"""Eval reports: report.json, report.md and report.html with SVG charts, written by hand.

Charts are plain SVG so reports need nothing beyond the standard library (matplotlib is not a
dependency of GovQA).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

from govqa.evaluation import Comparison, EvalRun, flatten

_BAR = "#3b6ea5"
_BAD = "#b5443b"


def write_reports(run: EvalRun, out_dir: Path) -> list[Path]:
    """Write report.json, report.md, report.html and the SVG charts into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = {
        "metrics.svg": metric_bars(run),
        "ranks.svg": rank_chart(run),
        "latency.svg": latency_histogram([c.latency_ms for c in run.cases]),
    }
    if run.comparison:
        charts["compare.svg"] = delta_chart(run.comparison)
    written = []
    for name, svg in charts.items():
        (out_dir / name).write_text(svg, encoding="utf-8")
        written.append(out_dir / name)
    files = {
        "report.json": json.dumps(run.report_json(), indent=2, ensure_ascii=False) + "\n",
        "report.md": render_markdown(run),
        "report.html": render_html(run, list(charts)),
    }
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
        written.append(out_dir / name)
    return written


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"


def _metrics(run: EvalRun) -> dict[str, float | None]:
    return flatten(run.summary.model_dump(mode="json", by_alias=True))


def render_markdown(run: EvalRun) -> str:
    """The run as Markdown: summary table, comparison, and one line per question."""
    s = run.summary
    lines = [
        f"# GovQA eval: {s.dataset}",
        "",
        f"{s.n_questions} questions · settings `{s.settings_hash}` · checker `{run.checker}` · "
        f"{run.created}",
        "",
        "| metric | value |",
        "|---|---|",
        *(f"| {name} | {_fmt(value)} |" for name, value in _metrics(run).items()),
        "",
    ]
    if run.comparison:
        lines += [render_comparison(run.comparison), ""]
    lines += [
        "## Questions",
        "",
        "| id | abstained | first relevant rank | claims held | key facts | ms | problems |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in run.cases:
        problems = [f"unsupported: {u}" for u in c.grounding.unsupported]
        problems += [f"dangling [{m}]" for m in c.invalid_markers]
        problems += [f"missing fact: {f}" for f in c.missing_key_facts] if c.answerable else []
        if c.abstained == c.answerable:
            problems.append("abstained wrongly" if c.abstained else "should have abstained")
        cells = [
            c.id,
            "yes" if c.abstained else "no",
            str(c.first_relevant_rank or "-"),
            _fmt(c.claim_support, 2),
            _fmt(c.key_fact_recall, 2),
            f"{c.latency_ms:.0f}",
            "; ".join(problems).replace("|", "\\|"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_comparison(comparison: Comparison) -> str:
    """Deltas per metric against an earlier run, as Markdown."""
    lines = [
        f"## Compared with {comparison.run_dir} (settings `{comparison.settings_hash}`)",
        "",
        "| metric | before | after | delta |",
        "|---|---|---|---|",
    ]
    for d in comparison.deltas:
        sign = "+" if d.delta is not None and d.delta > 0 else ""
        delta = "n/a" if d.delta is None else f"{sign}{_fmt(d.delta)}"
        lines.append(f"| {d.metric} | {_fmt(d.before)} | {_fmt(d.after)} | {delta} |")
    return "\n".join(lines)


def render_html(run: EvalRun, charts: Sequence[str]) -> str:
    """A self-contained page: the charts (as images beside it) and the Markdown tables."""
    images = "\n".join(f'<img src="{html.escape(c)}" alt="{html.escape(c)}">' for c in charts)
    rows = "\n".join(
        f"<tr><td>{html.escape(k)}</td><td>{_fmt(v)}</td></tr>" for k, v in _metrics(run).items()
    )
    cases = "\n".join(
        f"<tr><td>{html.escape(c.id)}</td><td>{'yes' if c.abstained else 'no'}</td>"
        f"<td>{c.first_relevant_rank or '-'}</td><td>{_fmt(c.claim_support, 2)}</td>"
        f"<td>{_fmt(c.key_fact_recall, 2)}</td><td>{c.latency_ms:.0f}</td>"
        f"<td>{html.escape(c.answer)}</td></tr>"
        for c in run.cases
    )
    s = run.summary
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GovQA eval {html.escape(s.dataset)}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{border:1px solid #ccc;padding:4px}}
table{{border-collapse:collapse}}img{{max-width:48%;margin:4px}}</style></head><body>
<h1>GovQA eval: {html.escape(s.dataset)}</h1>
<p>{s.n_questions} questions · settings <code>{s.settings_hash}</code> ·
checker <code>{html.escape(run.checker)}</code> · {run.created}</p>
{images}
<h2>Summary</h2><table><tr><th>metric</th><th>value</th></tr>
{rows}</table>
<h2>Questions</h2><table><tr><th>id</th><th>abstained</th><th>first relevant rank</th>
<th>claims held</th><th>key facts</th><th>ms</th><th>answer</th></tr>
{cases}</table></body></html>
"""


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">'
        f'<text x="{width // 2}" y="16" text-anchor="middle" font-size="13">'
        f"{html.escape(title)}</text>{''.join(body)}</svg>\n"
    )


def _hbars(items: Sequence[tuple[str, float, str]], title: str, scale: float) -> str:
    """Horizontal bars: (label, value, text); the bar of value ``scale`` spans the width."""
    row, left, width = 18, 170, 300
    body = []
    for i, (label, value, text) in enumerate(items):
        y = 28 + i * row
        length = max(0.0, min(1.0, abs(value) / scale)) * width if scale else 0.0
        colour = _BAD if value < 0 else _BAR
        body.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{html.escape(label)}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{length:.1f}" height="{row - 5}" '
            f'fill="{colour}"/><text x="{left + length + 4:.1f}" y="{y + 12}">'
            f"{html.escape(text)}</text>"
        )
    return _svg(left + width + 70, 36 + len(items) * row, body, title)


def metric_bars(run: EvalRun) -> str:
    """Bars of the summary metrics that are shares (0-1)."""
    items = [
        (name, value, _fmt(value))
        for name, value in _metrics(run).items()
        if value is not None and not name.startswith("latency") and "invalid" not in name
    ]
    return _hbars(items, "Summary metrics", 1.0)


def rank_chart(run: EvalRun, depth: int = 10) -> str:
    """Per answerable question, the rank of its first relevant passage (none: 'miss')."""
    ranked = [c for c in run.cases if c.hit_at_1 is not None]
    items = [
        (
            c.id[:28],
            float(depth + 1 - (c.first_relevant_rank or depth + 1)),
            str(c.first_relevant_rank or "miss"),
        )
        for c in ranked
    ]
    return _hbars(items, "First relevant rank (longer bar = better rank)", float(depth))


def latency_histogram(latencies: Sequence[float], bins: int = 10) -> str:
    """Histogram of ask latencies in ms."""
    if not latencies:
        return _svg(300, 40, [], "Latency: no questions")
    low, high = min(latencies), max(latencies)
    step = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in latencies:
        counts[min(bins - 1, int((value - low) / step))] += 1
    items = [
        (f"{low + i * step:.0f}-{low + (i + 1) * step:.0f} ms", float(n), str(n))
        for i, n in enumerate(counts)
    ]
    return _hbars(items, "Latency of ask (questions per bin)", float(max(counts)))


def delta_chart(comparison: Comparison) -> str:
    """Bars of the change per metric against the earlier run (red: lower)."""
    items = [
        (d.metric, d.delta, f"{d.delta:+.3f}")
        for d in comparison.deltas
        if d.delta is not None and not d.metric.startswith("latency")
    ]
    scale = max((abs(v) for _, v, _ in items), default=1.0) or 1.0
    return _hbars(items, f"Change against {Path(comparison.run_dir).name}", scale)
