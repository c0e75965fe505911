"""Numbered provisions a text names: "Article 5", "Principle 11", "Annex III", in English,
French and Spanish, so that a question about one provision is answered only from a sentence
about that provision ("What does principle 11 ask?" is not answered by "Principle 1 asks…",
nor by "The Principles contain 11 principles").
"""

from __future__ import annotations

import re

_KINDS = {
    "article": ("article", "art", "artículo", "articulo"),
    "principle": ("principle", "principe", "principio"),
    "paragraph": ("paragraph", "paragraphe", "párrafo", "parrafo"),
    "annex": ("annex", "annexe", "anexo"),
    "recital": ("recital", "considérant", "considerando"),
    "chapter": ("chapter", "chapitre", "capítulo", "capitulo"),
}
_CANONICAL = {word: kind for kind, words in _KINDS.items() for word in words}
_NUMBER = r"(?:\d+[a-z]?|[IVXLC]+\b)"
_PROVISION = re.compile(
    rf"\b({'|'.join(sorted(_CANONICAL, key=len, reverse=True))})(?:s|es)?\.?\s+"
    rf"({_NUMBER}(?:(?:\s*,\s*|\s+(?:and|et|y|to|à|a)\s+|\s*[-\u2013]\s*){_NUMBER})*)",
    re.IGNORECASE,
)
_EACH = re.compile(_NUMBER)
_SUBDIVISION = re.compile(r"\((\d+)\)")


def provisions(text: str) -> set[tuple[str, str]]:
    """The numbered provisions a text names, as (kind, number): "Articles 19 and 20" gives
    ("article", "19") and ("article", "20"); "Annex III" gives ("annex", "III")."""
    found: set[tuple[str, str]] = set()
    for match in _PROVISION.finditer(text):
        kind = _CANONICAL[match.group(1).lower()]
        found.update((kind, n.upper()) for n in _EACH.findall(match.group(2)))
        # "Article 6(1)" is paragraph 1 of Article 6, as "article 6, paragraphe 1".
        sub = _SUBDIVISION.match(text, match.end())
        if sub:
            found.add(("paragraph", sub.group(1)))
    return found
