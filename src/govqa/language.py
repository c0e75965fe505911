"""The language of a question (English, French or Spanish) and the fixed phrases that tell
a French or Spanish reader the quoted sources are in English.

Detection uses py3langid (BSD-3-Clause; its model ships inside the package, no download),
restricted to the three languages GovQA answers in. Short or ambiguous questions ("CETS
225?") fall back to English.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

Language = Literal["en", "fr", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "es")
MIN_CONFIDENCE = 0.8
"""Below this probability the question is taken as English."""

SOURCES_IN_ENGLISH: dict[str, str] = {
    "fr": "Les sources sont en anglais :",
    "es": "Las fuentes están en inglés:",
}
"""Put before quoted English sentences when the question is in another language."""

NOT_ADDRESSED: dict[str, str] = {
    "fr": "Les sources n'abordent pas ce point.",
    "es": "Las fuentes no tratan este punto.",
}
"""The abstention message in French and Spanish (English: govqa.types.ABSTENTION)."""

_LOCK = threading.Lock()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> Language:
    """en, fr or es; English when unsure."""
    with _LOCK:  # the identifier is not documented as thread-safe
        label, probability = _identifier().classify(text)
    if label in ("fr", "es") and probability >= MIN_CONFIDENCE:
        return "fr" if label == "fr" else "es"
    return "en"


def abstention_text(language: str) -> str:
    """ "The sources do not address this." in the question's language."""
    from govqa.types import ABSTENTION

    return NOT_ADDRESSED.get(language, ABSTENTION)


def language_note(language: str) -> str:
    """The phrase saying the quotes are English, or "" for an English question."""
    return SOURCES_IN_ENGLISH.get(language, "")
