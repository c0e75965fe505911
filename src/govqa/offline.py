"""Offline resources shipped inside llama-index-core: tiktoken's BPE file and NLTK's punkt."""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def static_dir() -> Path:
    """llama-index-core's bundled resources, found without importing llama-index."""
    spec = find_spec("llama_index.core")
    if spec is None or spec.origin is None:  # pragma: no cover - a core dependency
        raise RuntimeError("llama-index-core is not installed: pip install llama-index-core")
    return Path(spec.origin).parent / "_static"


def use_offline_caches() -> None:
    """Point tiktoken and NLTK at the bundled files, unless the user chose other ones."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(static_dir() / "tiktoken_cache"))
    os.environ.setdefault("NLTK_DATA", str(static_dir() / "nltk_cache"))
