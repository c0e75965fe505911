"""Query expansion: the terms of art of international instruments, for officials' plain words.

The sources say a treaty "enters into force", a government "adheres" to an OECD
Recommendation, national defence "falls outside the scope", practices are "prohibited";
officials ask when it "takes effect", how many have "signed up", whether it covers "the
military", what it "outlaws". Embeddings miss some of these pairs and BM25 all of them, so the
lexical rankings (BM25 and latent terms) also search for the term of art. Each entry maps the
plain words to the term the sources use; the dense rankings and the answer check read the
question as asked.

The table was written in session 14 from the paraphrase misses of the blind sets read so far;
unseen34 to unseen37, run after it, measure what it gains (README, "Query expansion,
answer-kind ordering, and blind checks unseen30 to unseen37").
"""

from __future__ import annotations

import re

_TERMS_OF_ART = tuple(
    (re.compile(plain, re.IGNORECASE), term)
    for plain, term in (
        (
            r"\b(?:takes?|taking|took)\s+effect|\bcomes?\s+into\s+(?:effect|force)|"
            r"\bkicks?\s+in\b|\bbecomes?\s+effective",
            "enters into force",
        ),
        (r"\bsign(?:ed|s|ing)?\s+(?:up|on)\b|\bsubscrib\w*", "adherents adhered"),
        (r"\bmilitary\b|\barmed\s+forces\b|\bdefen[cs]e\b", "national defence"),
        (r"\bintelligence\s+(?:services?|agenc\w+)|\bspy\w*|\bhomeland\b", "national security"),
        (r"\boutlaw\w*|\bforbid\w*|\bban(?:s|ned)?\b", "prohibited prohibits"),
        (r"\belectricity\b|\bpower\s+(?:consumption|use|footprint)", "energy"),
    )
)


def expand(query: str) -> str:
    """The query with the terms of art its plain words stand for appended (unchanged when it
    has none)."""
    terms = [term for plain, term in _TERMS_OF_ART if plain.search(query)]
    return f"{query} {' '.join(terms)}" if terms else query
