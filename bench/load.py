"""Load test: a bounded number of concurrent chat requests to a GovQA app on 127.0.0.1.

Prints throughput, p50/p95/p99 latency and errors; writes bench/results/load.json.
With --launch, starts `govqa chat` itself on a free port (index: --data-dir), measures its peak
memory (VmHWM) and stops it.

Usage:
    .venv/bin/python bench/load.py --url http://127.0.0.1:7860 --concurrency 20 --requests 60
    .venv/bin/python bench/load.py --launch --data-dir .govqa
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from govqa.local_server import free_port, running

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of values (q in 0..1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def questions() -> list[str]:
    """The eval questions, in file order."""
    return [
        case["question"]
        for path in sorted((ROOT / "eval").glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def run_load(url: str, concurrency: int, requests: int) -> dict[str, Any]:
    """Send requests questions, at most concurrency at a time; time each one."""
    from gradio_client import Client

    asked = [questions()[i % len(questions())] for i in range(requests)]

    def one(question: str) -> tuple[float, str | None]:
        # Each request is a new user: its own session, so no conversation history is shared.
        try:
            client = Client(url, verbose=False)
        except Exception as exc:
            return 0.0, f"cannot connect: {exc.__class__.__name__}: {exc}"
        start = time.perf_counter()
        try:
            job = client.submit(question, [], [], api_name="/respond")
            job.result(timeout=300)
            reply = json.dumps(job.outputs()[-1][0][-1]["content"])
            error = "error message in the reply" if "govqa-error" in reply else None
        except Exception as exc:  # the figure counts failures of any kind
            error = f"{exc.__class__.__name__}: {exc}"
        return (time.perf_counter() - start) * 1000, error

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, asked))
    wall = time.perf_counter() - start
    latencies = [ms for ms, _ in results]
    errors = [e for _, e in results if e]
    return {
        "url": url,
        "concurrency": concurrency,
        "requests": requests,
        "errors": len(errors),
        "first_errors": errors[:3],
        "throughput_rps": round(requests / wall, 2),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a running process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def launched(data_dir: Path, concurrency: int, requests: int) -> dict[str, Any]:
    """Start `govqa chat` on a free port, load it, read its peak memory, stop it."""
    port = free_port()
    env = {**os.environ, "GOVQA_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False"}
    govqa = Path(sys.executable).with_name("govqa")
    url = f"http://127.0.0.1:{port}/"
    with running([str(govqa), "chat", "--port", str(port)], url, env=env) as server:
        figures = run_load(url, concurrency, requests)
        figures["serve_rss_mb"] = peak_rss_mb(server.pid)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--launch", action="store_true", help="start govqa chat on a free port")
    parser.add_argument("--data-dir", type=Path, default=Path(".govqa"))
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 200 or not 1 <= args.requests <= 5000:
        raise SystemExit("keep --concurrency within 1..200 and --requests within 1..5000")
    if args.launch:
        figures = launched(args.data_dir, args.concurrency, args.requests)
    else:
        figures = run_load(args.url, args.concurrency, args.requests)
    for key, value in figures.items():
        print(f"{key:16} {value}")
    out = ROOT / "bench" / "results" / "load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
