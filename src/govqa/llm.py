"""LLM completion clients: llama.cpp in process, or any OpenAI-compatible endpoint.

A client streams the reply to one user message as text deltas, and ``complete`` joins them.
Every runtime failure (endpoint down, timeout, context overflow, an error status, a model that
cannot be loaded) is raised as :class:`~govqa.errors.GenerationError`, so the caller can fall
back to the extractive answer. Settings mistakes are :class:`~govqa.errors.ConfigError`; a
missing ``govqa[llm]`` extra is :class:`~govqa.errors.MissingDependencyError`.

Example:
    >>> client = chat_client(load_settings(generator="openai", llm_base_url="http://127.0.0.1:8080/v1"))
    >>> print(client.complete("Say hello."))
"""

from __future__ import annotations

import importlib
import os
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from govqa.config import Settings
from govqa.errors import ConfigError, GenerationError, MissingDependencyError

INSTALL = "pip install 'govqa[llm]'  (in a checkout: make install)"
"""How to get the LLM backends; named by every MissingDependencyError."""


class ChatClient(Protocol):
    """Streams the reply of a chat model to one user message."""

    name: str

    def stream(self, prompt: str) -> Iterator[str]:
        """Text deltas of the reply, in order.

        Raises:
            GenerationError: the backend failed or took longer than its timeout.
        """
        ...

    def complete(self, prompt: str) -> str:
        """The whole reply (for judges and rewriters that need no streaming)."""
        ...


def _require(module: str, package: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"the LLM backends need {package}, which is not installed; install it with: {INSTALL}"
        ) from exc


_DONE = object()


def _with_deadline(
    produce: Callable[[threading.Event], Generator[str, None, None]], seconds: float, what: str
) -> Iterator[str]:
    """The deltas of ``produce``, run in a daemon thread so that the deadline holds even while
    it blocks (a llama.cpp prompt evaluation, a silent socket). At the deadline, or when the
    consumer stops early, the producer is told to stop through the event it is given.
    """
    out: queue.Queue[object] = queue.Queue()
    cancel = threading.Event()

    def work() -> None:
        deltas = produce(cancel)
        try:
            for delta in deltas:
                if cancel.is_set():
                    break
                out.put(delta)
        except Exception as exc:  # handed to the consumer, raised there
            out.put(exc)
        finally:
            deltas.close()  # releases what the producer holds (the model lock, the response)
            out.put(_DONE)

    threading.Thread(target=work, name=f"govqa-llm {what}", daemon=True).start()
    end = time.monotonic() + seconds
    try:
        while (item := _next(out, end)) is not _DONE:
            if item is None:
                raise GenerationError(
                    f"{what} did not answer within {seconds:g} s (setting llm_timeout_s)"
                )
            if isinstance(item, Exception):
                raise item
            yield str(item)
    finally:
        cancel.set()


def _next(out: queue.Queue[object], end: float) -> object:
    """The next item, or None when the deadline passes first."""
    try:
        return out.get(timeout=max(0.0, end - time.monotonic()))
    except queue.Empty:
        return None


class OpenAIChat:
    """An OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM, LM Studio, OpenAI).

    The API key is read from the environment variable named by ``api_key_env`` when the client
    is made; servers that need none get a placeholder. No retries: a failure falls back at once.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key_env: str,
        timeout_s: float,
        max_tokens: int,
        temperature: float = 0.0,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"setting llm_base_url={base_url!r} is not an http(s) URL; "
                "set GOVQA_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1"
            )
        self._openai = _require("openai", "openai")
        key = os.environ.get(api_key_env) or "not-needed"
        self._client = self._openai.OpenAI(
            base_url=base_url, api_key=key, timeout=timeout_s, max_retries=0
        )
        self.base_url, self.model = base_url, model
        self.timeout_s, self.max_tokens, self.temperature = timeout_s, max_tokens, temperature

    def stream(self, prompt: str) -> Iterator[str]:
        """Text deltas of the reply; GenerationError on any failure or past the timeout."""
        return _with_deadline(
            lambda cancel: self._produce(prompt, cancel),
            self.timeout_s,
            f"the model at {self.base_url}",
        )

    def _produce(self, prompt: str, cancel: threading.Event) -> Generator[str, None, None]:
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": "user", "content": prompt}],
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                stream=True,
            )
            with response:
                for chunk in response:
                    if cancel.is_set():
                        return
                    delta = chunk.choices[0].delta.content if chunk.choices else None
                    if delta:
                        yield delta
        except self._openai.APITimeoutError as exc:
            raise GenerationError(
                f"the model at {self.base_url} did not answer within {self.timeout_s:g} s "
                "(setting llm_timeout_s)"
            ) from exc
        except self._openai.APIConnectionError as exc:
            raise GenerationError(f"cannot reach the model at {self.base_url}") from exc
        except self._openai.APIStatusError as exc:
            raise GenerationError(
                f"the model at {self.base_url} answered HTTP {exc.status_code}: "
                f"{_first_line(str(exc.message))}"
            ) from exc
        except self._openai.OpenAIError as exc:
            raise GenerationError(
                f"the model at {self.base_url} failed: {_first_line(str(exc))}"
            ) from exc

    def complete(self, prompt: str) -> str:
        """The whole reply."""
        return "".join(self.stream(prompt))


class LlamaCppChat:
    """A GGUF model run in this process by llama.cpp; loaded on first use, never downloaded."""

    name = "llamacpp"

    def __init__(
        self,
        model_path: Path | None,
        chat_format: str | None,
        n_ctx: int,
        timeout_s: float,
        max_tokens: int,
        temperature: float = 0.0,
        threads: int | None = None,
    ) -> None:
        if model_path is None:
            raise ConfigError(
                "the llamacpp generator needs a GGUF file: set llm_model_path "
                "(GOVQA_LLM_MODEL_PATH) to its path"
            )
        if not Path(model_path).is_file():
            raise ConfigError(
                f"setting llm_model_path={str(model_path)!r}: no such file; "
                "point GOVQA_LLM_MODEL_PATH at a .gguf file"
            )
        self._llama_cpp = _require("llama_cpp", "llama-cpp-python")
        self.model_path, self.chat_format, self.n_ctx = Path(model_path), chat_format, n_ctx
        self.timeout_s, self.max_tokens, self.temperature = timeout_s, max_tokens, temperature
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()  # a llama.cpp context serves one completion at a time

    def _load(self) -> Any:
        if self._model is None:
            try:
                self._model = self._llama_cpp.Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    chat_format=self.chat_format,
                    n_threads=self.threads,
                    logits_all=False,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise GenerationError(
                    f"llama.cpp cannot load {self.model_path}: {_first_line(str(exc))}"
                ) from exc
        return self._model

    def stream(self, prompt: str) -> Iterator[str]:
        """Text deltas of the reply; GenerationError on any failure or past the timeout.

        Past the timeout the answer falls back at once; llama.cpp itself stops at the next token
        (a prompt evaluation under way runs to its end, holding the model meanwhile).
        """
        return _with_deadline(
            lambda cancel: self._produce(prompt, cancel),
            self.timeout_s,
            f"llama.cpp ({self.model_path.name})",
        )

    def _produce(self, prompt: str, cancel: threading.Event) -> Generator[str, None, None]:
        with self._lock:
            if cancel.is_set():
                return
            try:
                chunks = self._load().create_chat_completion(
                    messages=[{"role": "user", "content": prompt}],
                    max_tokens=self.max_tokens,
                    temperature=self.temperature,
                    stream=True,
                )
                for chunk in chunks:
                    choices = chunk["choices"]
                    delta = choices[0]["delta"].get("content") if choices else None
                    if delta:
                        yield delta
                    if cancel.is_set():
                        return
            except ValueError as exc:  # llama-cpp-python's way to refuse an over-long prompt
                raise GenerationError(
                    f"llama.cpp refused the prompt: {_first_line(str(exc))}"
                ) from exc

    def complete(self, prompt: str) -> str:
        """The whole reply."""
        return "".join(self.stream(prompt))


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0][:200] if lines else "no detail"


def chat_client(settings: Settings) -> ChatClient:
    """The client the ``generator`` setting names.

    Raises:
        ConfigError: the generator is not an LLM backend, or its settings are unusable.
        MissingDependencyError: the ``govqa[llm]`` extra is not installed.
    """
    if settings.generator == "llamacpp":
        return LlamaCppChat(
            settings.llm_model_path,
            settings.llm_chat_format,
            settings.llm_n_ctx,
            settings.llm_timeout_s,
            settings.llm_max_tokens,
            settings.llm_temperature,
            settings.llm_threads,
        )
    if settings.generator == "openai":
        return OpenAIChat(
            settings.llm_base_url,
            settings.llm_model,
            settings.llm_api_key_env,
            settings.llm_timeout_s,
            settings.llm_max_tokens,
            settings.llm_temperature,
        )
    raise ConfigError(
        f"generator {settings.generator!r} uses no LLM; set generator to llamacpp or openai"
    )
