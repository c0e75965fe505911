"""The Assistant: ingest, ask, list sources. It wires the stages and holds no other logic."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govqa.abstention import EvidenceJudge, reported_on
from govqa.config import MAX_TOP_K, Settings, load_settings
from govqa.disclaimers import disclaimers as find_disclaimers
from govqa.doc_prior import DocumentPrior
from govqa.embed import CachedEmbedder, Embedder, make_embedder
from govqa.errors import InputError, StoreError
from govqa.expansion import expand
from govqa.generate import Draft, ExtractiveGenerator, Generator, terms
from govqa.indexing import (
    LATENT_KEY,
    IngestReport,
    Progress,
    ingest,
    open_manifests,
    open_sentences,
    open_store,
)
from govqa.kind_order import order_by_kind
from govqa.language import NOT_ADDRESSED, SOURCES_IN_ENGLISH, detect_language
from govqa.latent_terms import LatentTermRetriever
from govqa.manifest import DocumentRecord, Manifest, ManifestStore
from govqa.retrieve import (
    BM25Retriever,
    DenseRetriever,
    HybridRetriever,
    RankingName,
    RankingWeights,
    passage_text,
)
from govqa.sentence_rank import SentenceRanker
from govqa.types import ABSTENTION, Answer, AnswerSentence, Citation, Filters, Hit

if TYPE_CHECKING:
    from govqa.answering import GenerativeAnswerer
    from govqa.llm import ChatClient

PRIMARY_TYPES = ("discussion-summary", "primary-text")
"""Texts quoted in preference to the briefing notes and glossary that restate them."""

_FOLLOW_UP = re.compile(
    r"^(and|but|what about|how about|also|then)\b|\b(it|its|they|their|this|that)\b", re.I
)
_WHAT_ABOUT = re.compile(
    r"^\W*(?:(?:and|but|so)\s+)?(?:what|how)\s+about\s+(?P<topic>.+?)\W*$", re.I
)


def _without_names(question: str) -> str:
    """The question minus its names (capitalised words after the first, numbers)."""
    words = question.rstrip("?!. ").split()
    kept = [w for i, w in enumerate(words) if i == 0 or not (w[:1].isupper() or w[:1].isdigit())]
    return " ".join(
        w for i, w in enumerate(kept) if not (w in {"of", "the"} and i == len(kept) - 1)
    )


def condense(question: str, history: Sequence[str] | None) -> str:
    """A follow-up made to stand alone, for retrieval and scoring.

    "and what about the OECD?" after "Does CETS 225 require labelling of AI content?" becomes
    "Does require labelling of AI content? the OECD": the earlier question's names are
    replaced by the new topic. Other short or pronoun-led follow-ups borrow the last question.
    """
    if not history:
        return question
    topic = _WHAT_ABOUT.match(question)
    if topic:
        return f"{_without_names(history[-1])}? {topic.group('topic')}"
    if len(question.split()) <= 8 or _FOLLOW_UP.search(question):
        return f"{question} {history[-1]}"
    return question


class Assistant:
    """Grounded question answering over the indexed corpus.

    Example:
        >>> assistant = Assistant.from_settings(data_dir=".govqa")
        >>> assistant.ingest([Path("corpus")])
        >>> print(assistant.ask("What is normative sovereignty?").text)
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.RLock()
        # (revision, manifest, retriever, extractive generator), rebuilt when the index changes
        self._loaded: tuple[Any, ...] | None = None
        self._manifest_store: ManifestStore | None = None
        self._passages: CachedEmbedder | None = None
        self._answerer: GenerativeAnswerer | None = None

    @classmethod
    def from_settings(cls, **overrides: Any) -> Assistant:
        """An Assistant from arguments, GOVQA_* variables and govqa.toml, in that order.

        Raises:
            ConfigError: a setting is invalid.
        """
        return cls(load_settings(**overrides))

    @property
    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = make_embedder(
                        self.settings.embed_model,
                        self.settings.embed_batch_size,
                        self.settings.embed_threads,
                    )
        return self._embedder

    @property
    def passage_embedder(self) -> CachedEmbedder:
        """The embedder for answer sentences, with a cache: the same passages keep coming back."""
        if self._passages is None:
            with self._lock:
                if self._passages is None:
                    self._passages = CachedEmbedder(self.embedder)
        return self._passages

    def ingest(
        self, paths: Sequence[Path] | None = None, progress: Progress | None = None
    ) -> IngestReport:
        """Index the files under paths (default: the corpus_paths setting).

        Raises:
            CorpusError: a path does not exist.
            StoreError: the index cannot be written.
        """
        chosen = list(paths) if paths else list(self.settings.corpus_paths)
        kwargs = {"progress": progress} if progress else {}
        report = ingest(chosen, self.settings, self.embedder, **kwargs)
        with self._lock:
            self._loaded = None
        return report

    def manifest(self) -> Manifest | None:
        """State of the index, or None before the first ingest."""
        return self._manifests().read()

    def _manifests(self) -> ManifestStore:
        """Where the manifest is committed (data_dir, or the Chroma server), opened once."""
        if self._manifest_store is None:
            with self._lock:
                if self._manifest_store is None:
                    self._manifest_store = open_manifests(self.settings)
        return self._manifest_store

    def sources(self) -> list[DocumentRecord]:
        """The documents in the index."""
        manifest = self.manifest()
        return list(manifest.documents.values()) if manifest else []

    def _retriever(self) -> tuple[Manifest, HybridRetriever]:
        manifest, retriever, _ = self._index()
        return manifest, retriever

    def _index(self) -> tuple[Manifest, HybridRetriever, Generator]:
        # Lock-free on the common path: asks run concurrently; only a new commit (its
        # revision differs, e.g. another replica ingested) rebuilds BM25, once, under the lock.
        revision = self._manifests().revision()
        loaded = self._loaded
        if loaded is not None and loaded[0] == revision:
            return loaded[1], loaded[2], loaded[3]
        with self._lock:
            if self._loaded is None or self._loaded[0] != revision:
                self._loaded = (revision, *self._load())
            return self._loaded[1], self._loaded[2], self._loaded[3]

    def _load(self) -> tuple[Manifest, HybridRetriever, Generator]:
        manifest = self.manifest()
        if manifest is None or not manifest.documents:
            raise StoreError(f"no index in {self.settings.data_dir}; run: govqa ingest")
        if manifest.index_hash != self.settings.index_hash():
            raise StoreError(
                f"the index was built with {manifest.embed_model} (index {manifest.index_hash}); "
                f"settings now give index {self.settings.index_hash()}: run govqa ingest to rebuild"
            )
        store = open_store(self.settings, manifest.collection)
        ids = [cid for doc in manifest.documents.values() for cid in doc.chunk_ids]
        use_prior = self.settings.doc_prior_weight > 0 and self.settings.fusion == "scores"
        chunks, stored_terms, vectors = store.get_with(
            ids, LATENT_KEY if self.settings.latent_terms else None, vectors=use_prior
        )
        titles = {d: r.meta.title for d, r in manifest.documents.items()}
        about = {d: r.meta.about for d, r in manifest.documents.items()}
        bm25 = BM25Retriever(
            chunks,
            [passage_text(c, titles[c.doc_id], about[c.doc_id]) for c in chunks],
            shown=[passage_text(c, titles[c.doc_id]) for c in chunks],
        )
        dense = DenseRetriever(store, self.embedder, set(ids))
        ranker = None
        if self.settings.sentence_rank:
            ranker = SentenceRanker(
                open_sentences(self.settings, manifest.collection),
                {c.id: c for c in chunks},
                self.passage_embedder,
            )
        latent = None
        if self.settings.latent_terms:
            dumps = [stored_terms.get(c.id, "") for c in chunks]
            latent = LatentTermRetriever.from_dumps(chunks, dumps)
        doc_prior = DocumentPrior.from_vectors(chunks, vectors) if use_prior else None
        hybrid = HybridRetriever(
            dense,
            bm25,
            self.settings.candidates,
            self.settings.rrf_k,
            sentences=ranker,
            latent=latent,
            fusion=self.settings.fusion,
            doc_prior=doc_prior,
            weights=RankingWeights.from_settings(self.settings),
        )
        words: dict[str, set[str]] = {}
        disclaimers: dict[str, list[str]] = {}
        for c in chunks:  # each document's stemmed words, for the judge's subject terms
            words.setdefault(c.doc_id, set()).update(terms(reported_on(c.section, c.text)))
            said = disclaimers.setdefault(c.doc_id, [])  # chunks overlap: each sentence once
            said.extend(s for s in find_disclaimers(c.text) if s not in said)
        return manifest, hybrid, self._generator(manifest, hybrid, titles, words, disclaimers)

    def _generator(
        self,
        manifest: Manifest,
        retriever: HybridRetriever,
        titles: Mapping[str, str],
        words: Mapping[str, set[str]],
        disclaimers: Mapping[str, Sequence[str]],
    ) -> Generator:
        """The extractive generator, built once per loaded index (its judge stems every title)."""
        primary = {d for d, r in manifest.documents.items() if r.meta.type in PRIMARY_TYPES}
        scoring = self.settings.answer_scoring()
        judge = None
        if self.settings.answer_check:
            judge = EvidenceJudge(
                titles,
                scoring.threshold,
                lexical_weight=scoring.lexical_weight,
                known=retriever.bm25.knows,
                nearly_known=retriever.bm25.knows_nearly,
                low_overlap_threshold=scoring.low_overlap_threshold,
                low_overlap=scoring.low_overlap,
                low_concepts=scoring.low_concepts,
                entity_threshold=scoring.entity_threshold,
                concepts=retriever.latent.concept_share if retriever.latent is not None else None,
                texts=words,
                disclaimers=disclaimers,
                issuers={d: r.meta.issuer for d, r in manifest.documents.items()},
            )
        return ExtractiveGenerator(
            self.passage_embedder,
            self.settings.abstain_threshold,
            self.settings.max_answer_sentences,
            lexical_weight=scoring.lexical_weight,
            redundancy=scoring.redundancy,
            doc_bonus=dict.fromkeys(primary, self.settings.primary_bonus),
            judge=judge,
        )

    def retrieve(
        self, question: str, filters: Filters | None = None, top_k: int | None = None
    ) -> list[Hit]:
        """Passages for a question, best first.

        Raises:
            InputError: as for :meth:`ask`.
            StoreError: there is no usable index.
        """
        passages = self._top_k(top_k)
        query, (searched, vector), retriever, allowed = self._query(question, filters)
        hits = retriever.retrieve(searched, vector, passages, allowed)
        return order_by_kind(query, hits, self.settings.kind_bonus)

    def rankings(
        self, question: str, filters: Filters | None = None
    ) -> dict[RankingName, list[Hit]]:
        """Each ranking's candidates for a question before fusion, by name (dense, bm25,
        sentences, latent, doc_prior; those weighted 0 are left out): for study and tuning
        (bench/fit_fusion_weights.py)."""
        _, (searched, vector), retriever, allowed = self._query(question, filters)
        return retriever.rankings(searched, vector, allowed)

    def _query(
        self, question: str, filters: Filters | None
    ) -> tuple[str, tuple[str, list[float]], HybridRetriever, set[str] | None]:
        """The checked question, its search text and vector, the retriever and the documents it
        may search."""
        query = self._check(question)
        manifest, retriever = self._retriever()
        return query, self._search(query), retriever, _allowed(manifest, filters)

    def _search(self, text: str) -> tuple[str, list[float]]:
        """The text a question is searched with, and its vector (which the answer reads too):
        the question with the terms of art and names its words stand for appended, when query
        expansion is on (expansion.py)."""
        searched = expand(text) if self.settings.query_expansion else text
        return searched, self.embedder.embed_query(searched)

    def ask(
        self,
        question: str,
        history: Sequence[str] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
    ) -> Answer:
        """Answer a question from the indexed sources, citing every sentence.

        Args:
            question: The question, in plain words.
            history: Earlier questions of the conversation, oldest first.
            filters: Restrict retrieval to some documents or types.
            top_k: Passages to consider (default: the top_k setting).

        Raises:
            InputError: the question is not text, empty or too long, top_k is not a count from
                1 to 100, or a filter names nothing.
            StoreError: there is no usable index.
        """
        *_, answer = self.ask_stream(question, history, filters, top_k)
        assert isinstance(answer, Answer)
        return answer

    def ask_stream(
        self,
        question: str,
        history: Sequence[str] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, streaming: text deltas of a generated answer, then the final Answer.

        The extractive generator yields the Answer alone. With an LLM generator the deltas are
        the model's raw text; the final Answer is verified sentence by sentence (or is the
        extractive answer with a ``notice`` when the model failed), so render that one.
        """
        timings: dict[str, float] = {}
        clock = time.perf_counter()
        question, passages = self._check(question), self._top_k(top_k)
        manifest, retriever, generator = self._index()
        allowed = _allowed(manifest, filters)
        standalone = self.answerer.standalone(question, history or []) if self._llm_on() else None
        query = standalone or condense(question, history)
        searched, vector = self._search(query)
        hits = retriever.retrieve(searched, vector, passages, allowed)
        hits = order_by_kind(question, hits, self.settings.kind_bonus)  # kind_order.py
        timings["retrieve"] = _ms(clock)
        settings_hash = self.settings.settings_hash()

        def extractive(notice: str = "") -> Answer:
            clock = time.perf_counter()
            own = vector if query == question else self._search(question)[1]
            if retriever.sentences is not None:  # the answer reads the stored sentence vectors
                retriever.sentences.prime(hits)
            draft = generator.generate(question, own, hits)
            timings["generate"] = _ms(clock)
            answer = _compose(question, draft, hits, manifest, settings_hash, timings)
            return answer.model_copy(update={"notice": notice}) if notice else answer

        if not self._llm_on():
            yield extractive()
            return
        from govqa.answering import Job

        catalog = {d: r.meta for d, r in manifest.documents.items()}
        job = Job(
            question, standalone or question, hits, catalog, settings_hash, extractive, timings
        )
        yield from self.answerer.stream(job)

    def _llm_on(self) -> bool:
        return self.settings.generator != "extractive"

    @property
    def answerer(self) -> GenerativeAnswerer:
        """The generative path, made on first use: the LLM client and the support checker the
        ``support_checker`` setting names (``llm`` judges with the same LLM).

        Raises:
            ConfigError: the LLM or checker settings are unusable.
            MissingDependencyError: the govqa[llm] extra is not installed.
        """
        if self._answerer is None:
            with self._lock:
                if self._answerer is None:
                    from govqa.answering import GenerativeAnswerer
                    from govqa.checkers import make_checker
                    from govqa.llm import chat_client

                    client = chat_client(self.settings)
                    checker = make_checker(self.settings, complete=client.complete)
                    self._answerer = GenerativeAnswerer(self.settings, client, checker)
        return self._answerer

    @property
    def llm(self) -> ChatClient:
        """The LLM backend of the generator setting; ``llm.complete(prompt) -> str``."""
        return self.answerer.client

    def _top_k(self, top_k: int | None) -> int:
        """The passages to hand on: the top_k setting, or a count from 1 to MAX_TOP_K given."""
        if top_k is None:
            return self.settings.top_k
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
            raise InputError(f"top_k={top_k!r} is not a count of passages; give 1 to {MAX_TOP_K}")
        return top_k

    def _check(self, question: str) -> str:
        if not isinstance(question, str):
            raise InputError(f"the question is {type(question).__name__}, not text; pass a str")
        # Control characters (NUL, escapes, bidi overrides) carry no meaning in a question.
        text = " ".join("".join(c if c.isprintable() else " " for c in question).split())
        if not text:
            raise InputError("the question is empty; type a question")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise InputError(
                f"the question is {len(text):,} characters; the limit is {limit:,} "
                "(setting max_question_chars); shorten it"
            )
        return text


def _allowed(manifest: Manifest, filters: Filters | None) -> set[str] | None:
    if filters is None or (filters.doc_ids is None and filters.doc_types is None):
        return None
    docs = manifest.documents
    allowed = set(docs)
    if filters.doc_ids is not None:
        unknown = sorted(set(filters.doc_ids) - set(docs))
        if unknown:
            raise InputError(f"no document with id {unknown[0]!r}; see govqa sources for the ids")
        allowed &= set(filters.doc_ids)
    if filters.doc_types is not None:
        allowed &= {d for d, r in docs.items() if r.meta.type in filters.doc_types}
    if not allowed:
        raise InputError(f"no document matches the filters {filters.model_dump(exclude_none=True)}")
    return allowed


def _compose(
    question: str,
    draft: Draft,
    hits: list[Hit],
    manifest: Manifest,
    settings_hash: str,
    timings: dict[str, float],
) -> Answer:
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for marker, quote in enumerate(draft.quotes, 1):
        record = manifest.documents[quote.hit.chunk.doc_id]
        citations.append(
            Citation(
                marker=marker,
                chunk_id=quote.hit.chunk.id,
                doc_id=record.meta.id,
                title=record.meta.title,
                section=quote.hit.chunk.section,
                quote=quote.text,
                start=quote.start,
                end=quote.end,
                source=record.meta.official_url,
            )
        )
        sentences.append(
            AnswerSentence(
                text=" ".join(quote.text.split()),
                citations=(marker,),
                supported=True,
                score=round(quote.score, 4),
            )
        )
    text = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences) if sentences else ABSTENTION
    language = detect_language(question)
    if language != "en":  # quotes stay in English; a fixed phrase says so (govqa.language)
        text = f"{SOURCES_IN_ENGLISH[language]} {text}" if sentences else NOT_ADDRESSED[language]
    return Answer(
        question=question,
        text=text,
        sentences=tuple(sentences),
        citations=tuple(citations),
        hits=tuple(hits),
        abstained=draft.abstained,
        evidence_score=round(draft.best_score, 4),
        why_abstained=draft.why_abstained,
        evidence_overlap=None if draft.overlap is None else round(draft.overlap, 4),
        evidence_concepts=None if draft.concepts is None else round(draft.concepts, 4),
        settings_hash=settings_hash,
        timings_ms=timings,
        language=language,
    )


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
