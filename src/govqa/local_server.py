"""A server process on a free loopback port (Chroma, llama.cpp, the chat), waited for until it
answers and always stopped: what the tests, the benchmarks and the load script start."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path


class ServerNotReady(RuntimeError):
    """The process exited, or its URL did not answer in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(
    process: subprocess.Popen[bytes], url: str, timeout_s: float, log: Path | None = None
) -> None:
    """Return once url answers; ServerNotReady (with the log's tail) if the process dies first."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
                state = "exited" if process.poll() is not None else f"not ready in {timeout_s:g} s"
                raise ServerNotReady(f"{process.args!r} {state} ({url}): {tail}") from None
            time.sleep(0.2)


@contextmanager
def running(
    command: Sequence[str],
    ready_url: str,
    log: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 120.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start command (output to log, or discarded), wait for ready_url, stop it on exit."""
    with ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            list(command), stdout=out, stderr=subprocess.STDOUT, env=dict(env) if env else None
        )
        try:
            wait_ready(process, ready_url, timeout_s, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def llama_cpp_server(
    model: Path, chat_format: str, threads: int | None = None, log: Path | None = None
) -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server (the llm extra) for a GGUF file; yields its /v1 URL.

    Started with ``--n_ctx 4096 --logits_all False``: without the latter, the first token took
    18 s and the server 3 GB here (STACK.md).
    """
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "4096", "--logits_all", "False",
        "--chat_format", chat_format,
    ]  # fmt: skip
    if threads is not None:
        command += ["--n_threads", str(threads)]
    url = f"http://127.0.0.1:{port}/v1"
    with running(command, f"{url}/models", log=log):
        yield url
