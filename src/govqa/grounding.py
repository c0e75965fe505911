"""Grounding: split an answer into claims and check each against the passages it cites.

The offline default, :class:`OverlapSupportChecker`, needs nothing beyond what GovQA already
loads: a claim quoted (near-)verbatim from a passage is supported; otherwise it is scored by
content-word coverage and embedding similarity, and rejected outright when a number, date, name
or negation in it does not match the passages (the usual signs of an invented detail).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from govqa.embed import Embedder
from govqa.generate import terms
from govqa.sentences import spans
from govqa.types import Answer

_FROZEN = ConfigDict(frozen=True, extra="forbid")

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKERS_AROUND = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_WORD = re.compile(r"[^\W_]+(?:[.,:/][^\W_]+)*%?|n't", re.UNICODE)
_NUMBER = re.compile(r"\d")
_NAME = re.compile(r"\b[A-Z][\w-]*")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000"}
# Ordinals count as their number, so "the twentieth day" matches "twenty days".
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_NUMBER_WORDS |= {w: str(i) for i, w in enumerate(_ORDINAL_WORDS.split(), 1)} | {
    "thirtieth": "30",
    "fortieth": "40",
    "fiftieth": "50",
    "hundredth": "100",
}
_ORDINALS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "million",
        "billion",
        "trillion",
        "half",
        "twice",
        "double",
        "triple",
    ]
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_RESTATES = 0.7  # cosine above which a claim restates its closest sentence
_NEGATIONS = frozenset(
    [
        *["not", "no", "never", "none", "neither", "nor", "cannot", "without", "n't"],
        # words that negate what they qualify: "non-binding", "outside the scope", "excluded"
        *["non", "outside", "exclude", "excluded", "excludes", "lack", "lacks", "lacked"],
    ]
)
_CONNECTORS = frozenset(["of", "on", "for", "and", "the", "in"])
_CAPITALISED = re.compile(r"[A-Z][\w]*(?:-[A-Z]?[\w]+)*|[a-z]+")


class Verdict(BaseModel):
    """A support checker's decision on one claim."""

    model_config = _FROZEN

    supported: bool = Field(description="Whether the passages, taken together, support the claim.")
    score: float = Field(ge=0.0, le=1.0, description="Evidence score from 0 to 1; 1 for a quote.")
    reason: str = Field(description="Why, in a few words: the rule that decided.")


class ClaimCheck(BaseModel):
    """The verdict on one answer sentence against the passages it cites."""

    model_config = _FROZEN

    claim: str = Field(description="The sentence, without its markers.")
    markers: tuple[int, ...] = Field(description="The [n] markers the sentence carries.")
    cited_chunk_ids: tuple[str, ...] = Field(description="Chunks its valid markers point to.")
    supported: bool = Field(description="Whether the cited passages support the claim.")
    score: float = Field(ge=0.0, le=1.0, description="The checker's evidence score.")
    reason: str = Field(description="Why the checker decided so.")


class GroundingReport(BaseModel):
    """Claim-level grounding of an answer (RAGAS faithfulness: supported claims ÷ claims)."""

    model_config = _FROZEN

    claims: tuple[ClaimCheck, ...] = Field(description="One check per answer sentence.")
    score: float = Field(ge=0.0, le=1.0, description="Share of claims supported; 1 when none.")
    unsupported: tuple[str, ...] = Field(description="The claims that are not supported.")
    invalid_citations: tuple[int, ...] = Field(
        description="Markers in the answer that point at no citation, each once, in order."
    )
    passed: bool = Field(description="Every claim supported and no marker points at nothing.")


class SupportChecker(Protocol):
    """Decides whether passages support a claim."""

    name: str

    def supports(self, claim: str, passages: Sequence[str]) -> Verdict:
        """Verdict on the claim given the passages taken together."""
        ...


def strip_markers(text: str) -> str:
    """Text without its [n] markers, whitespace collapsed."""
    return " ".join(_MARKERS_AROUND.sub("", text).split())


def markers(text: str) -> list[int]:
    """The [n] markers of a text in order; [1, 2] gives 1 and 2."""
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*,\s*", group)]


def _words(text: str) -> list[str]:
    """Lower-case word tokens; thousands separators dropped, number words as digits."""
    out = []
    for word in _WORD.findall(text.casefold()):
        if _NUMBER.search(word):
            word = re.sub(r"(?<=\d),(?=\d{3}\b)", "", word)
        out.append(_NUMBER_WORDS.get(word, word))
    return out


def _specifics(claim: str) -> set[str]:
    """Words of a claim that must appear in the evidence: numbers, dates, names, ordinals."""
    words = _words(re.sub(r"\b[Oo]ne\b", " ", claim))  # "one" is mostly a pronoun
    found = {w for w in words if _NUMBER.search(w) or w in _MONTHS or w in _ORDINALS}
    names = _NAME.findall(claim)
    leading = claim.split(maxsplit=1)[0] if claim.split() else ""
    for name in names:
        first = name == leading.strip("\"'(")
        if first and not (sum(c.isupper() for c in name) > 1 or _NUMBER.search(name)):
            continue  # a capital at the start is grammar, not a name
        pieces = [p for p in name.split("-") if p[:1].isupper() or _NUMBER.search(p)]
        found.update(w for p in pieces for w in _words(p) if w not in _stop())
    return found - _defined_acronyms(claim)


def _defined_acronyms(claim: str) -> set[str]:
    """Acronyms the claim spells out itself, as in "dendritic cells (DCs)": not required."""
    found = set()
    for match in re.finditer(r"\(([^\W\d_]{2,})\)", claim):
        acronym = match.group(1).casefold()
        before = [w[0].casefold() for w in re.findall(r"[^\W\d_]+", claim[: match.start()])]
        spelled = {"".join(before[-n:]) for n in range(2, min(len(before), 8) + 1)}
        if _initials_match(acronym, spelled | _acronyms(claim[: match.start()])):
            found.add(acronym)
    return found


def _initials_match(word: str, acronyms: set[str]) -> bool:
    """Whether word (or its singular, "DCs") is one of the acronyms."""
    return word in acronyms or (word.endswith("s") and word[:-1] in acronyms)


def _acronyms(text: str) -> set[str]:
    """Initials of word runs: "AI Risk Management Framework" gives "rmf", "armf", ...

    Short connectors ("of", "on", "and", ...) inside a run give no initial, so "Committee on
    Artificial Intelligence" gives "cai".
    """
    found: set[str] = set()
    run: list[str] = []
    for word in [*_CAPITALISED.findall(text), "."]:
        if word[:1].isupper():
            run.append(word[0].lower())
            found.update("".join(run[i:]) for i in range(len(run) - 1))
        elif word not in _CONNECTORS:
            run = []
    # any three to six words in a row: "selective serotonin reuptake inhibitors" gives "ssri"
    initials = [w[0].casefold() for w in re.findall(r"[^\W\d_]+", text)]
    for size in range(3, 7):
        found.update("".join(initials[i : i + size]) for i in range(len(initials) - size + 1))
    return found


@cache
def _stop() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) - _NEGATIONS


_NOT_NEGATIONS = re.compile(
    r"\b(?:no|not)\s+(?:later|earlier|sooner|more|less|fewer)\s+than\b", re.I
)


def _negated(text: str) -> bool:
    """Whether the text negates something ("no later than 2028" and the like do not)."""
    words = _words(_NOT_NEGATIONS.sub(" ", text))
    return any(w in _NEGATIONS or w.endswith("n't") for w in words)


def _is_quote(claim: str, passages: Sequence[str]) -> int | None:
    """Index of a passage that contains the claim word for word (case, spacing, punctuation)."""
    needle = " " + " ".join(_words(claim)) + " "
    if not needle.strip():
        return None
    for i, passage in enumerate(passages):
        if needle in " " + " ".join(_words(passage)) + " ":
            return i
    return None


class OverlapSupportChecker:
    """Offline checker: quotes, content-word coverage, embedding similarity, hard mismatches.

    A claim is supported when, in order:

    1. it appears word for word in one passage (markers, case, spacing and punctuation
       ignored): score 1;
    2. otherwise every number, month, ordinal and name in it appears in the passages (else
       unsupported: "missing ..."), its negation matches the passage sentence closest to it
       (else unsupported: "negation differs"), and
       ``score = coverage_weight * coverage + (1 - coverage_weight) * similarity``
       reaches ``threshold``, where coverage is the share of the claim's stemmed content words
       found in the passages and similarity the cosine between the claim and its closest
       passage sentence.

    The default threshold 0.6 separates supported from unrelated claims on the hand-made pairs
    in tests/test_grounding.py and on SciFact (see eval/README.md); without an embedder the
    score is coverage alone.

    Example:
        >>> checker = OverlapSupportChecker(SentenceTransformerEmbedder("all-MiniLM-L6-v2"))
        >>> checker.supports("The Convention opened in 2025.", ["... opened on 5 September 2024"])
    """

    name = "overlap"

    def __init__(
        self,
        embedder: Embedder | None = None,
        threshold: float = 0.6,
        coverage_weight: float = 0.5,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1; got {threshold}")
        if not 0.0 <= coverage_weight <= 1.0:
            raise ValueError(f"coverage_weight must be between 0 and 1; got {coverage_weight}")
        self._embedder = embedder
        self.threshold = threshold
        self._weight = coverage_weight if embedder is not None else 1.0
        self._vectors: dict[str, list[float]] = {}

    def supports(self, claim: str, passages: Sequence[str]) -> Verdict:
        """Verdict on the claim given the passages taken together."""
        claim = strip_markers(claim)
        if not claim:
            return Verdict(supported=False, score=0.0, reason="empty claim")
        if not any(p.strip() for p in passages):
            return Verdict(supported=False, score=0.0, reason="no passage")
        quoted = _is_quote(claim, passages)
        if quoted is not None:
            return Verdict(supported=True, score=1.0, reason=f"quoted from passage {quoted + 1}")
        evidence = " ".join(passages)
        coverage = _coverage(claim, evidence)
        present, acronyms = set(_words(evidence)), _acronyms(evidence)
        missing = sorted(
            w for w in _specifics(claim) if w not in present and not _initials_match(w, acronyms)
        )
        if missing:  # decided before the (slow) embedding; the score is coverage's share only
            score = round(self._weight * coverage, 4)
            return Verdict(supported=False, score=score, reason=f"missing {', '.join(missing)}")
        sentences = [s for p in passages for s in _sentences(p)]
        similarity, closest = self._closest(claim, sentences)
        score = round(self._weight * coverage + (1 - self._weight) * similarity, 4)
        score = min(1.0, max(0.0, score))
        if _polarity_differs(claim, closest, similarity, evidence):
            return Verdict(supported=False, score=score, reason="negation differs")
        detail = f"coverage {coverage:.2f}, similarity {similarity:.2f}"
        if score >= self.threshold:
            return Verdict(supported=True, score=score, reason=f"{detail} ≥ {self.threshold}")
        return Verdict(supported=False, score=score, reason=f"{detail} < {self.threshold}")

    def _closest(self, claim: str, sentences: list[str]) -> tuple[float, str]:
        """Cosine and text of the passage sentence closest to the claim."""
        if self._embedder is None:
            best = max(sentences, key=lambda s: _coverage(claim, s))
            return 0.0, best
        self._embed([claim, *sentences])
        target = self._vectors[claim]
        scored = [
            (sum(a * b for a, b in zip(target, self._vectors[s], strict=True)), s)
            for s in sentences
        ]
        return max(scored)

    def _embed(self, texts: list[str]) -> None:
        assert self._embedder is not None
        todo = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if len(self._vectors) > 50_000:  # long runs: keep memory bounded
            self._vectors.clear()
            todo = list(dict.fromkeys(texts))
        for text, vector in zip(todo, self._embedder.embed_documents(todo), strict=True):
            self._vectors[text] = vector


def _polarity_differs(claim: str, closest: str, similarity: float, evidence: str) -> bool:
    """A negated claim needs a negation in the evidence; a restatement keeps its polarity."""
    if _negated(claim) and not _negated(evidence):
        return True
    return similarity >= _RESTATES and _negated(claim) != _negated(closest)


def _sentences(passage: str) -> list[str]:
    found = [passage[s.start : s.end] for s in spans(passage) if s.kind == "sentence"]
    return found or [passage]


def _coverage(claim: str, evidence: str) -> float:
    wanted = terms(claim)
    return len(wanted & terms(evidence)) / len(wanted) if wanted else 0.0


def cited_passages(answer: Answer) -> dict[int, tuple[str, str]]:
    """Marker -> (chunk id, passage text) for each citation; the chunk text when retrieved."""
    chunks = {h.chunk.id: h.chunk.text for h in answer.hits}
    return {c.marker: (c.chunk_id, chunks.get(c.chunk_id, c.quote)) for c in answer.citations}


def check_grounding(answer: Answer, checker: SupportChecker) -> GroundingReport:
    """Check every sentence of an answer against the passages its markers cite.

    A sentence with no valid marker is unsupported. Markers in the text or in a sentence that
    point at no citation are listed in ``invalid_citations``. An abstaining answer makes no
    claims and passes.

    Args:
        answer: The answer to check.
        checker: Decides support, e.g. ``OverlapSupportChecker(embedder)``.

    Returns:
        The verdict per claim and the share supported.

    Example:
        >>> report = check_grounding(assistant.ask("..."), OverlapSupportChecker(embedder))
        >>> report.score, report.invalid_citations
    """
    passages = cited_passages(answer)
    used = markers(answer.text) + [m for s in answer.sentences for m in s.citations]
    invalid = tuple(dict.fromkeys(m for m in used if m not in passages))
    claims = tuple(
        _check_sentence(s.text, s.citations, passages, checker)
        for s in answer.sentences
        if not answer.abstained and strip_markers(s.text)
    )
    unsupported = tuple(c.claim for c in claims if not c.supported)
    score = 1.0 - len(unsupported) / len(claims) if claims else 1.0
    return GroundingReport(
        claims=claims,
        score=round(score, 4),
        unsupported=unsupported,
        invalid_citations=invalid,
        passed=not unsupported and not invalid,
    )


def _check_sentence(
    text: str,
    cited: Sequence[int],
    passages: dict[int, tuple[str, str]],
    checker: SupportChecker,
) -> ClaimCheck:
    claim = strip_markers(text)
    valid = [m for m in dict.fromkeys(cited) if m in passages]
    if not valid:
        reason = "cites nothing" if not cited else "cites only markers that point at nothing"
        verdict = Verdict(supported=False, score=0.0, reason=reason)
    else:
        verdict = checker.supports(claim, [passages[m][1] for m in valid])
    return ClaimCheck(
        claim=claim,
        markers=tuple(cited),
        cited_chunk_ids=tuple(dict.fromkeys(passages[m][0] for m in valid)),
        supported=verdict.supported,
        score=verdict.score,
        reason=verdict.reason,
    )
