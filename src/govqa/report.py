"""Eval reports: report.json, report.md and report.html, with the charts of :mod:`govqa.charts`."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path

from govqa.charts import write_charts
from govqa.eval_gate import flatten
from govqa.eval_results import CaseResult, Comparison, EvalRun


def write_reports(run: EvalRun, out_dir: Path) -> list[Path]:
    """Write report.json, report.md, report.html and the PNG charts into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = write_charts(run, out_dir)
    files = {
        "report.json": json.dumps(run.report_json(), indent=2, ensure_ascii=False) + "\n",
        "report.md": render_markdown(run, charts),
        "report.html": render_html(run, charts),
    }
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return [out_dir / name for name in [*charts, *files]]


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"


def _metrics(run: EvalRun) -> dict[str, float | None]:
    return flatten(run.summary.model_dump(mode="json", by_alias=True))


def render_markdown(run: EvalRun, charts: Mapping[str, str] | None = None) -> str:
    """The run as Markdown: charts (file -> title), summary, comparison, one line per question."""
    s = run.summary
    lines = [
        f"# GovQA eval: {s.dataset}",
        "",
        f"{s.n_questions} questions · settings `{s.settings_hash}` · checker `{run.checker}` · "
        f"{run.created}",
        "",
        *(f"![{title}]({name})" for name, title in (charts or {}).items()),
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
            problems.append(_wrong_abstention(c) if c.abstained else "should have abstained")
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


def _abstained_cell(case: CaseResult) -> str:
    if not case.abstained:
        return "no"
    return f"yes: {html.escape(case.why_abstained)}" if case.why_abstained else "yes"


def _wrong_abstention(case: CaseResult) -> str:
    why = f" ({case.why_abstained})" if case.why_abstained else ""
    return f"abstained wrongly{why}"


def render_html(run: EvalRun, charts: Mapping[str, str]) -> str:
    """A page with the charts (PNG files beside it, file -> title) and the tables."""
    images = "\n".join(
        f'<img src="{html.escape(name)}" alt="{html.escape(title)}">'
        for name, title in charts.items()
    )
    rows = "\n".join(
        f"<tr><td>{html.escape(k)}</td><td>{_fmt(v)}</td></tr>" for k, v in _metrics(run).items()
    )
    cases = "\n".join(
        f"<tr><td>{html.escape(c.id)}</td><td>{_abstained_cell(c)}</td>"
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
