"""Retrieval: dense (Chroma), BM25 (bm25s) and other rankings of the live chunks, fused.

Two fusions: ``scores`` (the default) adds each ranking's scores after min-max normalisation
(its best candidate counts 1, its last 0), so a chunk far ahead in one ranking keeps that lead;
``rrf`` adds 1 / (k + rank), which rewards a chunk ranked fairly high everywhere. On the eval
sets the first raised MRR (shipped 0.835 → 0.87, dev 0.65 → 0.72 with the question sets'
paraphrases) and SciFact's nDCG@10; the README gives the figures. Either way each ranking
counts at its weight (RankingWeights: w * normalised score, or w / (k + rank)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from govqa.acronyms import acronyms
from govqa.embed import Embedder
from govqa.generate import WORD
from govqa.store import ChromaStore
from govqa.types import Chunk, Hit

if TYPE_CHECKING:
    from bm25s.tokenization import Tokenized

    from govqa.config import Settings
    from govqa.doc_prior import DocumentPrior
    from govqa.latent_terms import LatentTermRetriever
    from govqa.sentence_rank import SentenceRanker


def top_hits(
    chunks: Sequence[Chunk],
    ranked: Iterable[tuple[int, float]],
    n: int,
    allowed: set[str] | None,
    retriever: str,
) -> list[Hit]:
    """The first n of (chunk index, score) pairs given best first, keeping positive scores of
    allowed documents, as hits ranked 1..n."""
    hits: list[Hit] = []
    for index, score in ranked:
        if score <= 0 or len(hits) == n:
            break
        chunk = chunks[int(index)]
        if allowed is None or chunk.doc_id in allowed:
            hits.append(
                Hit(chunk=chunk, score=float(score), rank=len(hits) + 1, retriever=retriever)
            )
    return hits


def hits_by_score(
    scores: Mapping[str, float], chunks: Mapping[str, Chunk], retriever: str
) -> list[Hit]:
    """Every scored chunk as a hit, best first (ties by id), ranked from 1."""
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [
        Hit(chunk=chunks[cid], score=scores[cid], rank=r, retriever=retriever)
        for r, cid in enumerate(order, 1)
    ]


def passage_text(chunk: Chunk, title: str, about: str | None = None) -> str:
    """What is embedded and indexed for a chunk: title, section and the document's note on its
    issuer give it context ("the Paris-based club" finds the OECD's passages)."""
    header = f"{title} — {chunk.section}" if chunk.section else title
    if about:
        header += f" ({about})"
    return f"{header}\n{chunk.text}"


class BM25Retriever:
    """Lexical retrieval with bm25s, English stop words and Snowball stemming."""

    def __init__(
        self, chunks: Sequence[Chunk], texts: Sequence[str], shown: Sequence[str] | None = None
    ) -> None:
        """texts are indexed; the words known (knows, knows_nearly) are those of shown, where
        given: the passages and titles a reader sees, without the notes indexed with them."""
        import bm25s
        import Stemmer

        self._chunks = list(chunks)
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25 = bm25s.BM25()
        self._vocabulary: frozenset[str] = frozenset()
        self._texts = list(texts if shown is None else shown)
        if texts:
            tokens = self._tokenize(texts)
            self._bm25.index(tokens, show_progress=False)
            self._vocabulary = frozenset((tokens if shown is None else self._tokenize(shown)).vocab)
        self._words: dict[int, list[str]] | None = None  # passages' words by length, on first use
        self._acronyms: frozenset[str] | None = None  # of the names in the texts, on first use

    def _tokenize(self, texts: Sequence[str]) -> Tokenized:
        """Passages and queries alike: English stop words out, Snowball stems."""
        import bm25s

        return bm25s.tokenize(
            list(texts), stopwords="en", stemmer=self._stemmer, show_progress=False
        )

    def knows(self, word: str) -> bool:
        """Whether the word (stemmed) occurs in any indexed passage or its title, or, in
        capitals, is the acronym of a name in one ("UNGA": the UN General Assembly)."""
        if self._stemmer.stemWord(word.lower()) in self._vocabulary:
            return True
        if len(word) < 3 or not word.isupper():
            return False
        if self._acronyms is None:  # built whole, then published: threads share the retriever
            self._acronyms = acronyms(self._texts)
        return word in self._acronyms

    def knows_nearly(self, word: str) -> bool:
        """Whether the word, or one a typo or two away from it ("Declaraton", "Artical",
        "Rigths": 80 % alike, at most two letters longer or shorter), occurs in any indexed
        passage or its title."""
        if self.knows(word):
            return True
        from rapidfuzz import fuzz, process

        if self._words is None:  # built whole, then published: threads share the retriever
            by_length: dict[int, list[str]] = {}
            for w in {w.casefold() for t in self._texts for w in WORD.findall(t)}:
                by_length.setdefault(len(w), []).append(w)
            self._words = by_length
        n, by_length = len(word), self._words
        alike = [w for size in range(n - 2, n + 3) for w in by_length.get(size, ())]
        return (
            process.extractOne(word.casefold(), alike, scorer=fuzz.ratio, score_cutoff=80)
            is not None
        )

    def retrieve(self, query: str, n: int, allowed: set[str] | None) -> list[Hit]:
        """Best n chunks for the query among chunks of the allowed documents."""
        if not self._chunks:
            return []
        tokens = self._tokenize([query])
        if not tokens.vocab:
            return []
        # Unfiltered, the best n are enough; a filter may skip any number of them.
        k = len(self._chunks) if allowed is not None else min(n, len(self._chunks))
        docs, scores = self._bm25.retrieve(tokens, k=k, show_progress=False)
        return top_hits(self._chunks, zip(docs[0], scores[0], strict=True), n, allowed, "bm25")


class DenseRetriever:
    """Nearest chunks by cosine similarity, restricted to the manifest's live chunks."""

    def __init__(self, store: ChromaStore, embedder: Embedder, live: set[str]) -> None:
        self._store, self._embedder, self._live = store, embedder, live

    def retrieve(self, vector: list[float], n: int, allowed: set[str] | None) -> list[Hit]:
        """Best n live chunks for the query vector among the allowed documents."""
        # Chunks of an unfinished ingest may sit in the store; ask for enough to skip them.
        orphans = max(0, self._store.count() - len(self._live))
        found = self._store.query(
            vector, n + orphans, sorted(allowed) if allowed is not None else None
        )
        hits: list[Hit] = []
        for chunk, score in found:
            if chunk.id in self._live:
                hits.append(Hit(chunk=chunk, score=score, rank=len(hits) + 1, retriever="dense"))
        return hits[:n]


def fuse(
    rankings: Sequence[Sequence[Hit]], k: int = 60, weights: Sequence[float] | None = None
) -> list[Hit]:
    """Reciprocal rank fusion: score = Σ w / (k + rank) over the rankings a chunk appears in
    (w = 1 unless weights gives one per ranking)."""
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for hit in ranking:
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight / (k + hit.rank)
            chunks[hit.chunk.id] = hit.chunk
    return hits_by_score(scores, chunks, "hybrid")


def min_max(ranking: Sequence[Hit]) -> list[tuple[Hit, float]]:
    """Each hit with its score min-max normalised over the ranking: (score - last) / (best -
    last), so its best counts 1 and its last 0; a ranking whose scores are all equal gives
    each of them 1."""
    if not ranking:
        return []
    best, last = max(h.score for h in ranking), min(h.score for h in ranking)
    return [(h, (h.score - last) / (best - last) if best > last else 1.0) for h in ranking]


def fuse_scores(
    rankings: Sequence[Sequence[Hit]], weights: Sequence[float] | None = None
) -> list[Hit]:
    """Score fusion: Σ w * (score - last) / (best - last) over the rankings a chunk appears in,
    each ranking's scores min-max normalised over its own candidates (w = 1 unless weights
    gives one per ranking; a ranking whose scores are all equal gives each of them 1)."""
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for hit, share in min_max(ranking):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight * share
            chunks[hit.chunk.id] = hit.chunk
    return hits_by_score(scores, chunks, "hybrid")


Fusion = Literal["scores", "rrf"]


def fuse_with(
    fusion: Fusion, rankings: Sequence[Sequence[Hit]], rrf_k: int, weights: Sequence[float] | None
) -> list[Hit]:
    """The rankings fused the way the fusion setting names."""
    return fuse(rankings, rrf_k, weights) if fusion == "rrf" else fuse_scores(rankings, weights)


RankingName = Literal["dense", "bm25", "sentences", "latent", "doc_prior"]
"""The rankings HybridRetriever fuses, named as RankingWeights' fields."""


@dataclass(frozen=True)
class RankingWeights:
    """Weight of each ranking in the fusion; a ranking weighted 0 is not computed. The
    defaults are the equal weights of sessions 3 to 7; Settings gives the calibrated ones."""

    dense: float = 1.0
    """The chunks nearest the question's vector (Chroma)."""
    bm25: float = 1.0
    """The chunks BM25 ranks first."""
    sentences: float = 1.0
    """The chunks holding the question's nearest sentences (sentence_rank.py)."""
    latent: float = 1.0
    """The chunks sharing the question's latent terms (latent_terms.py)."""
    doc_prior: float = 0.0
    """The other rankings' candidates, by their document's similarity (doc_prior.py)."""

    def __post_init__(self) -> None:
        for name in get_args(RankingName):
            if self.of(name) < 0:
                raise ValueError(
                    f"ranking weight {name}={self.of(name)} is negative; use 0 or more"
                )

    @classmethod
    def from_settings(cls, settings: Settings) -> RankingWeights:
        """The weights the settings give (dense_weight, bm25_weight, sentence_weight,
        latent_weight, doc_prior_weight)."""
        return cls(
            dense=settings.dense_weight,
            bm25=settings.bm25_weight,
            sentences=settings.sentence_weight,
            latent=settings.latent_weight,
            doc_prior=settings.doc_prior_weight,
        )

    def of(self, name: RankingName) -> float:
        """The weight of the named ranking."""
        return float(getattr(self, name))


class HybridRetriever:
    """Dense + BM25 (+ optionally nearest-sentence and latent-term rankings), fused at their
    weights; a document prior, when given, ranks the candidates by their document's similarity
    and is fused at its own weight, with score fusion only (under rank fusion the chunks of one
    document, tied, would get ranks by id)."""

    def __init__(
        self,
        dense: DenseRetriever,
        bm25: BM25Retriever,
        candidates: int,
        rrf_k: int,
        sentences: SentenceRanker | None = None,
        latent: LatentTermRetriever | None = None,
        fusion: Fusion = "scores",
        doc_prior: DocumentPrior | None = None,
        weights: RankingWeights | None = None,
    ) -> None:
        self.dense, self.bm25, self.sentences, self.latent = dense, bm25, sentences, latent
        if doc_prior is not None and fusion != "scores":
            raise ValueError("the document prior is fused by scores only (fusion = 'scores')")
        self._candidates, self._rrf_k, self._fusion = candidates, rrf_k, fusion
        self.doc_prior, self.weights = doc_prior, weights or RankingWeights()

    def rankings(
        self, query: str, vector: list[float], allowed: set[str] | None
    ) -> dict[RankingName, list[Hit]]:
        """Each ranking weighted above 0, by its RankingWeights name, best first, unfused."""
        w, n = self.weights, self._candidates
        found: dict[RankingName, list[Hit]] = {}
        if w.dense > 0:
            found["dense"] = self.dense.retrieve(vector, n, allowed)
        if w.bm25 > 0:
            found["bm25"] = self.bm25.retrieve(query, n, allowed)
        if self.sentences is not None and w.sentences > 0:  # sentence_rank.py
            found["sentences"] = self.sentences.search(vector, n, allowed)
        if self.latent is not None and w.latent > 0:  # latent_terms.py
            found["latent"] = self.latent.retrieve(query, n, allowed)
        if self.doc_prior is not None and w.doc_prior > 0 and found:  # doc_prior.py
            found["doc_prior"] = self.doc_prior.rank(vector, list(found.values()))
        return found

    def retrieve(
        self, query: str, vector: list[float], top_k: int, allowed: set[str] | None
    ) -> list[Hit]:
        """The top_k fused hits."""
        found = self.rankings(query, vector, allowed)
        weights = [self.weights.of(name) for name in found]
        return fuse_with(self._fusion, list(found.values()), self._rrf_k, weights)[:top_k]
