"""A memo in front of an Embedder: the generator re-embeds the same corpus sentences question
after question, which costs seconds per answer with the slower models."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from govqa.embed import Embedder


class CachedEmbedder:
    """Embedder wrapper that remembers passage vectors by text (least recently used first out)."""

    def __init__(self, inner: Embedder, max_entries: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self._max = max_entries
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for passages; only texts not seen before reach the model."""
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        fresh = self.inner.embed_documents(todo) if todo else []
        with self._lock:
            for text, vector in zip(todo, fresh, strict=True):
                self._memo[text] = vector
            out = []
            for text in texts:
                known = self._memo.get(text)
                # None: evicted meanwhile by another thread's batch
                vector = known if known is not None else self.inner.embed_documents([text])[0]
                self._memo[text] = vector
                self._memo.move_to_end(text)
                out.append(vector)
            while len(self._memo) > self._max:
                self._memo.popitem(last=False)
        return out

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question (not memoised: questions rarely repeat)."""
        return self.inner.embed_query(text)

    def __getattr__(self, attr: str) -> object:
        """Other attributes (max_tokens, count_tokens, batch_size) come from the wrapped model."""
        return getattr(self.inner, attr)
