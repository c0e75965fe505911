"""GovQA: grounded question answering on AI and democratic governance."""

from govqa.offline import use_offline_caches

use_offline_caches()

from govqa.config import Settings, load_settings  # noqa: E402
from govqa.errors import (  # noqa: E402
    ConfigError,
    CorpusError,
    GovqaError,
    InputError,
    StoreError,
)
from govqa.indexing import IngestReport  # noqa: E402
from govqa.pipeline import Assistant  # noqa: E402
from govqa.types import (  # noqa: E402
    ABSTENTION,
    Answer,
    AnswerSentence,
    Chunk,
    Citation,
    Document,
    Filters,
    Hit,
)

__all__ = [
    "ABSTENTION",
    "Answer",
    "AnswerSentence",
    "Assistant",
    "Chunk",
    "Citation",
    "ConfigError",
    "CorpusError",
    "Document",
    "Filters",
    "GovqaError",
    "Hit",
    "IngestReport",
    "InputError",
    "Settings",
    "StoreError",
    "load_settings",
]
