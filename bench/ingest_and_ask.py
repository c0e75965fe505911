"""Speed figures: ingest throughput against the embedding model alone, and ask latency.

Prints the figures and writes bench/results/ingest_and_ask.json. No figure is asserted.
Usage: .venv/bin/python bench/ingest_and_ask.py
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from govqa import Assistant
from govqa.embed import SentenceTransformerEmbedder
from govqa.retrieve import passage_text

ROOT = Path(__file__).resolve().parents[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    questions = [
        q["question"]
        for p in sorted((ROOT / "eval").glob("*.yaml"))
        for q in yaml.safe_load(p.read_text(encoding="utf-8"))
    ]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant.from_settings(data_dir=Path(tmp))
        embedder = getattr(assistant.embedder, "inner", assistant.embedder)  # past the memo
        assert isinstance(embedder, SentenceTransformerEmbedder)
        embedder.embed_query("warm up")  # load the model outside the timings
        start = time.perf_counter()
        report = assistant.ingest([ROOT / "corpus"])
        ingest_s = time.perf_counter() - start
        chunks = assistant.retrieve("AI governance", top_k=report.chunks_embedded)
        titles = {r.meta.id: r.meta.title for r in assistant.sources()}
        texts = [passage_text(h.chunk, titles[h.chunk.doc_id]) for h in chunks]  # as ingest does
        start = time.perf_counter()
        embedder.embed_documents(texts)
        encode_s = time.perf_counter() - start
        latencies = []
        for question in questions:
            start = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - start) * 1000)
    figures = {
        "chunks": report.chunks_embedded,
        "ingest_chunks_per_s": round(report.chunks_embedded / ingest_s, 1),
        "encode_only_chunks_per_s": round(len(texts) / encode_s, 1),
        "ingest_over_encode_ratio": round(
            (report.chunks_embedded / ingest_s) / (len(texts) / encode_s), 2
        ),
        "questions": len(latencies),
        "ask_ms_p50": round(statistics.median(latencies), 1),
        "ask_ms_p95": round(_percentile(latencies, 0.95), 1),
    }
    for key, value in figures.items():
        print(f"{key:28} {value}")
    out = ROOT / "bench" / "results" / "ingest_and_ask.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
