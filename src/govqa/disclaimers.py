"""Sources that say what they do not record, and questions that ask exactly that.

A careful briefing note states the limits of what it records: "This briefing note does not
record later signatures, ratifications or entry into force of CETS No. 225". A question about
that later status ("How many States have ratified the Convention so far?") is then answered
best by declining, and the sentence that says so is the reason; any sentence holding a number
near the event (the Article 30 condition, "after five signatories … have consented to be
bound") answers another question, what the treaty requires. Only a disclaimer of *later*
events is read this way, for a question about the status reached (a perfect tense, "so far",
"by the end of 2025"), so "How many ratifications does it need?" or "Which States signed on the
first day?" are still answered from the sentences that report them.
"""

from __future__ import annotations

import re

from govqa.events import events
from govqa.sentences import spans

_DISCLAIMER = re.compile(
    r"\b(?:does|do|did)\s+not\s+(?:record|track|cover|include|list|report)\b|"
    r"\bnot\s+(?:recorded|covered|tracked)\b",
    re.IGNORECASE,
)
"""A source stating what it leaves out ("this note does not record…", "…are not covered")."""
_LATER = re.compile(r"\b(?:later|subsequent|since then|current status)\b", re.IGNORECASE)
"""What is left out is what happened after the source was written."""

_STATUS_ASKED = re.compile(
    # English: "have ratified", "had signed by…", "has it entered", "so far", "to date".
    r"\b(?:have|has|had)\s+(?:\w+\s+){0,3}?\w+(?:ed|en|ne|de)\b|"
    r"\b(?:so far|to date|as of now|currently|yet|already|by the end of|since)\b|"
    # French: the passé composé also tells a past event ("a-t-elle été ouverte à la
    # signature"), so only a count in it asks for a status ("combien d'États ont ratifié").
    r"\bcombien\b.*\b(?:ont|a|avait|avaient)\s+(?:\w+\s+){0,2}?\w+(?:é|ée|és|ées|i|is|u|us)\b|"
    r"\b(?:jusqu'à présent|à ce jour|actuellement|déjà)\b|"  # "so far", "to date"
    # Spanish: "han ratificado", "ha entrado", "hasta ahora", "a la fecha".
    r"\b(?:han|ha|había|habían)\s+\w+(?:ado|ada|ido|ida)s?\b|"
    r"\b(?:hasta (?:ahora|la fecha)|a la fecha|actualmente|ya)\b",
    re.IGNORECASE,
)
"""A question about the status reached by some time, not about a rule or a first step."""
_REQUIREMENT = re.compile(
    r"\b(?:needs?|needed|requires?|required|must|ha(?:s|ve) to|before|in order|threshold|condition|"
    r"faut|n[ée]cessaires?|requis|avant|necesarios?|requiere|antes)\b",
    re.IGNORECASE,
)
"""A question about what a text requires ("How many ratifications are needed…?")."""


def disclaimed_events(sentence: str) -> set[str]:
    """The procedural events whose later occurrences a sentence says its source does not
    record; empty for any other sentence."""
    if _DISCLAIMER.search(sentence) and _LATER.search(sentence):
        return events(sentence)
    return set()


def asks_status(question: str) -> bool:
    """Whether a question asks for the status some event has reached (how many have ratified,
    whether it has entered into force), not for what a text requires."""
    return bool(_STATUS_ASKED.search(question)) and not _REQUIREMENT.search(question)


def disclaimers(text: str) -> list[str]:
    """The sentences of a text that say which later events its source does not record."""
    if not (_DISCLAIMER.search(text) and _LATER.search(text)):
        return []  # most passages: no sentence splitting at index load
    found = (text[s.start : s.end] for s in spans(text) if s.kind == "sentence")
    return [sentence for sentence in found if disclaimed_events(sentence)]
