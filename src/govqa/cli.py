"""Command line: govqa ingest | ask | sources. Parses, calls the Assistant, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from govqa.errors import GovqaError
from govqa.pipeline import Assistant
from govqa.types import Answer, Filters

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Index folder (default .govqa, GOVQA_DATA_DIR).")
]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    sys.exit(2)


def _assistant(data_dir: Path | None, **overrides: object) -> Assistant:
    return Assistant.from_settings(data_dir=data_dir, **overrides)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default corpus/).")
    ] = None,
    data_dir: DataDir = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, chunk, embed and index documents; only what changed is embedded again."""
    from rich.progress import Progress

    assistant = _assistant(data_dir)
    with Progress(disable=quiet or not sys.stderr.isatty(), transient=True) as bar:
        task = bar.add_task("ingest", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        report = assistant.ingest(paths or None, progress=progress)
    if report.rebuilt_from:
        typer.echo(f"rebuilt the index: settings changed (was {report.rebuilt_from})")
    for path, reason in report.failed:
        typer.echo(f"skipped {path}: {reason}", err=True)
    typer.echo(
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} "
        f"unchanged, {len(report.removed)} removed, {len(report.failed)} failed; "
        f"{report.chunks_embedded} chunks embedded"
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only this document id.")] = None,
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only this document type.")
    ] = None,
    top_k: Annotated[int | None, typer.Option("--top-k", help="Passages to consider.")] = None,
    data_dir: DataDir = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not stream a generated answer to stderr.")
    ] = False,
) -> None:
    """Answer a question from the indexed sources; every sentence cites its passage."""
    assistant = _assistant(data_dir, top_k=top_k)
    filters = Filters(
        doc_ids=tuple(doc) if doc else None, doc_types=tuple(doc_type) if doc_type else None
    )
    answer = _stream(assistant, question, filters, show=not as_json and not quiet)
    typer.echo(
        json.dumps(answer_json(answer), ensure_ascii=False, indent=1) if as_json else render(answer)
    )


def _stream(assistant: Assistant, question: str, filters: Filters, show: bool) -> Answer:
    """The final Answer; an LLM's raw text streams to stderr (stdout gets the verified answer)."""
    answer = None
    streamed = False
    for item in assistant.ask_stream(question, filters=filters):
        if isinstance(item, Answer):
            answer = item
        elif show:
            typer.echo(item, err=True, nl=False)
            streamed = True
    if streamed:
        typer.echo("\n--- verified:", err=True)
    assert answer is not None
    return answer


def answer_json(answer: Answer) -> dict[str, object]:
    """The JSON shape of `govqa ask --json`."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "why_abstained": answer.why_abstained,
        "evidence_score": answer.evidence_score,
        "evidence_overlap": answer.evidence_overlap,
        "evidence_concepts": answer.evidence_concepts,
        "generator": answer.generator,
        "notice": answer.notice,
        "invalid_citations": list(
            dict.fromkeys(m for s in answer.sentences for m in s.invalid_citations)
        ),
        "sentences": [s.model_dump(mode="json") for s in answer.sentences],
        "citations": [
            c.model_dump(
                mode="json",
                include={"marker", "doc_id", "title", "section", "quote", "start", "end", "source"},
            )
            for c in answer.citations
        ],
        "hits": [
            {
                "doc_id": h.chunk.doc_id,
                "section": h.chunk.section,
                "text": h.chunk.text,
                "score": h.score,
            }
            for h in answer.hits
        ],
        "settings_hash": answer.settings_hash,
        "timings_ms": answer.timings_ms,
    }


def render(answer: Answer) -> str:
    """Plain-text answer with its sources listed under it."""
    lines = [f"note: {answer.notice}", ""] if answer.notice else []
    lines += [answer.text, ""]
    unsupported = [s for s in answer.sentences if not s.supported]
    if unsupported:
        lines.append("Not supported by the passages they cite:")
        lines += [f"  ✗ {s.text} ({s.reason or 'no reason given'})" for s in unsupported]
        lines.append("")
    for c in answer.citations:
        where = f"{c.title} — {c.section}" if c.section else c.title
        lines.append(f"[{c.marker}] {where}" + (f" <{c.source}>" if c.source else ""))
    if answer.why_abstained:
        lines.append(f"Why: {answer.why_abstained}")
    if answer.abstained and answer.hits:
        lines.append("Closest passages:")
        lines += [f"  - {h.chunk.doc_id} — {h.chunk.section}" for h in answer.hits[:3]]
    return "\n".join(lines).rstrip()


@app.command()
def sources(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the documents in the index."""
    records = _assistant(data_dir).sources()
    if as_json:
        rows = [
            {**r.meta.model_dump(mode="json"), "source": r.source, "chunks": len(r.chunk_ids)}
            for r in records
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not records:
        typer.echo("the index is empty; run: govqa ingest")
    for r in records:
        typer.echo(f"{r.meta.id:40} {r.meta.type:18} {len(r.chunk_ids):4} chunks  {r.meta.title}")


@app.command("eval")
def evaluate(
    dataset: Annotated[
        list[Path] | None, typer.Option("--dataset", help="YAML file or folder (default eval/).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default eval/runs/<time-hash>).")
    ] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="Earlier run folder to compare with.")
    ] = None,
    generator: Annotated[
        str | None, typer.Option("--generator", help="Answer generator (default: setting).")
    ] = None,
    floors: Annotated[
        Path | None, typer.Option("--floors", help="Gate: exit 1 when a metric breaks a floor.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Score retrieval, grounding, citations, key facts, abstention and latency on eval sets."""
    from govqa.evaluation import check_floors, default_run_dir, load_floors, run_eval
    from govqa.report import render_comparison, render_markdown

    limits = load_floors(floors) if floors else None  # a bad floors file stops the run first
    assistant = _assistant(data_dir, generator=generator)
    out_dir = out or default_run_dir(Path("eval") / "runs", assistant.settings.settings_hash())
    run = run_eval(assistant, dataset or [Path("eval")], out_dir, compare)
    typer.echo(render_markdown(run))
    if run.comparison is not None:
        typer.echo(render_comparison(run.comparison))
    typer.echo(f"reports written to {out_dir}")
    breaches = check_floors(run.summary, limits) if limits is not None else []
    for breach in breaches:
        typer.echo(f"gate: {breach}", err=True)
    if breaches:
        raise typer.Exit(1)


bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks on external data sets.")
app.add_typer(bench_app, name="bench")


@bench_app.command("retrieval")
def bench_retrieval(
    beir: Annotated[
        Path, typer.Option("--beir", help="BEIR folder (corpus.jsonl, queries.jsonl, qrels).")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the figures as JSON.")
    ] = None,
    rrf_k: Annotated[
        int | None, typer.Option("--rrf-k", help="RRF constant (default: setting).")
    ] = None,
    fusion: Annotated[
        str | None, typer.Option("--fusion", help="'scores' or 'rrf' (default: setting).")
    ] = None,
) -> None:
    """nDCG@10 and recall@100 of dense, BM25, latent-term and hybrid retrieval on a BEIR folder."""
    from govqa.beir import run_beir
    from govqa.config import load_settings
    from govqa.embed import make_embedder
    from govqa.retrieve import RankingWeights

    settings = load_settings(rrf_k=rrf_k, fusion=fusion)
    embedder = make_embedder(settings.embed_model, settings.embed_batch_size)
    report = run_beir(
        beir,
        embedder,
        settings.rrf_k,
        progress=lambda line: typer.echo(line, err=True),
        latent=settings.latent_terms,
        fusion=settings.fusion,
        weights=RankingWeights.from_settings(settings),
    )
    typer.echo(
        f"{report.folder}: {report.n_documents} documents, {report.n_queries} queries, "
        f"{report.embed_model}, fusion {report.fusion} (rrf_k {report.rrf_k}), "
        f"seconds {report.seconds}"
    )
    typer.echo(report.table())
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=1, by_alias=True) + "\n", encoding="utf-8")


@bench_app.command("checker")
def bench_checker(
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="Claim-passage pairs (YAML).")
    ] = None,
    scifact: Annotated[
        Path | None, typer.Option("--scifact", help="SciFact folder (claims_validation.csv).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="SciFact pairs kept per label.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the figures as JSON.")
    ] = None,
    mistakes: Annotated[bool, typer.Option("--mistakes", help="List the wrong verdicts.")] = False,
) -> None:
    """Accuracy, precision and recall of the support checker on labelled pairs."""
    from govqa.checker_accuracy import DEFAULT_PAIRS, measure
    from govqa.checkers import make_checker
    from govqa.config import load_settings

    settings = load_settings()
    checker = make_checker(settings)
    report = measure(
        checker, pairs or DEFAULT_PAIRS, scifact, limit, lambda line: typer.echo(line, err=True)
    )
    typer.echo(report.table())
    for data in report.datasets if mistakes else ():
        for m in data.mistakes:
            typer.echo(f"{data.name} {m.id} ({m.kind}, {m.label}): {m.reason} — {m.claim}")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=1) + "\n", encoding="utf-8")


@app.command()
def chat(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Required to bind a non-loopback host.")
    ] = False,
    auth: Annotated[
        str | None,
        typer.Option(envvar="GOVQA_AUTH", help="user:password, or a file of such lines."),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Open the chat in the browser (Gradio)."""
    if host not in {"127.0.0.1", "localhost", "::1"} and not allow_remote:
        _fail(f"--host {host} exposes the chat beyond this machine; add --allow-remote to confirm")
    from govqa.app import launch

    launch(_assistant(data_dir), host=host, port=port, auth=auth)


def main() -> None:
    """Entry point: library errors and usage errors (a missing argument, an unknown option)
    become one line on stderr and exit status 2, not a boxed panel; bare `govqa` shows help."""
    try:
        code = app(sys.argv[1:] or ["--help"], standalone_mode=False)
    except GovqaError as exc:
        _fail(str(exc))
    except typer.TyperException as exc:  # Click's usage errors, as Typer re-exports them
        ctx = getattr(exc, "ctx", None)
        _fail(f"{exc.format_message()} (see '{ctx.command_path} --help')" if ctx else str(exc))
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
