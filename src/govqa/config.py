"""Settings: arguments > GOVQA_* environment variables > govqa.toml > defaults."""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from govqa.errors import ConfigError


@dataclass(frozen=True)
class AnswerScoring:
    """How the extractive answer scores and picks sentences, calibrated per embedding model."""

    threshold: float
    """Evidence score below which a checked answer abstains (answer_check_threshold)."""
    lexical_weight: float
    """Share of a sentence's score given by the question's words it holds."""
    redundancy: float
    """Similarity above which a runner-up sentence repeats one already quoted."""
    low_overlap_threshold: float
    """Evidence score needed instead when little of what is asked is in the passages: with
    little to support it, only a close meaning counts, which declines off-topic questions ("How
    do I bake sourdough bread?") whose similarity to any text of the corpus sits near e5's
    floor. Applies under low_overlap of the question's content words in the candidate
    sentences, or, where low_concepts is set, under low_concepts of its latent concepts in the
    passage of its best sentence."""
    low_overlap: float = 0.25
    """Share of the question's content words found in the candidate sentences under which
    low_overlap_threshold applies (when low_concepts is None)."""
    low_concepts: float | None = None
    """Share of the question's latent concepts (e5's sparse terms, govqa.latent_terms) held by
    the passage of its best eligible sentence under which low_concepts_threshold applies, when
    the index has latent terms; None: the word share decides."""
    low_concepts_threshold: float | None = None
    """The low-overlap threshold calibrated for the concept share; Settings.answer_scoring
    folds it into low_overlap_threshold when the concept share applies."""
    entity_threshold: float | None = None
    """Evidence score that suffices, under threshold, when the question asks for a named
    country, city, place or person and the low-overlap rule does not apply: the answer-kind
    gate already demands such a name, other than the question's, on the question's subject.
    None: threshold applies to every kind."""


CALIBRATED_ANSWER_SCORING = {
    "multilingual-e5-small": AnswerScoring(0.77, 0.10, 0.93, 0.83, 0.40, 0.175, 0.89, 0.73),
    "all-minilm-l6-v2": AnswerScoring(0.60, 0.35, 0.85, 0.60),
    "default": AnswerScoring(0.60, 0.35, 0.85, 0.60),
}
"""Answer scoring by embedding model: each model's similarities have their own scale (e5's
cosines sit near 0.8 even for unrelated text, and near 0.9 between two sentences on one
subject), and e5's alone tell paraphrases apart better than word overlap does. Chosen with
bench/calibrate_abstention.py (balanced accuracy) and `govqa eval` on eval/*.yaml (off-topic
questions included), eval/quality/dev.yaml and the blind sets already measured (unseen,
unseen2, unseen3), whose paraphrases avoid the corpus's words: fitted without them, e5's
threshold was 0.84 and declined 36-45 % of their answerable questions (README, "Recalibrated
on the blind sets"). Since session 7 unseen4 is calibration data too, and e5's low-overlap
threshold applies by the share of concepts (0.89 under 17.5 %; README, "Concepts instead of
words"); other models get the MiniLM values until calibrated (their low-overlap
threshold equals the main one, so the low-overlap rule does nothing for them). e5's entity
threshold (0.73) was chosen in session 11 on every seen set: the highest score of an
unanswerable question asking for a country, city, place or person that passed the kind gate
was 0.714, and five answerable ones sat between 0.73 and 0.77 (README, "Blind checks unseen12
to unseen15")."""

MAX_TOP_K = 100
"""The most passages one question may take (the top_k setting and ask's top_k)."""

# Bump when chunking or the stored layout changes, so old indexes are rebuilt.
# 4: a sentence that leans back is stored with the one before; 5: PDF heading lines are headings;
# 6: a document's `about` note is indexed with each of its passages.
INDEX_FORMAT = 6


def config_file() -> Path | None:
    """The TOML file settings are read from: $GOVQA_CONFIG (none when it is set empty), else
    ./govqa.toml (read only if it exists).

    Raises:
        ConfigError: GOVQA_CONFIG names a file that does not exist.
    """
    named = os.environ.get("GOVQA_CONFIG")
    if named is None:
        return Path("govqa.toml")
    if not named.strip():
        return None
    if not Path(named).is_file():
        raise ConfigError(
            f"GOVQA_CONFIG={named!r} names no file; point it at a TOML file, or set it empty "
            "for none"
        )
    return Path(named)


class Settings(BaseSettings):
    """Every setting of GovQA, validated once; its hash is stamped on indexes and answers."""

    model_config = SettingsConfigDict(env_prefix="GOVQA_", frozen=True, extra="forbid")

    data_dir: Path = Field(Path(".govqa"), description="Where the index and manifest live.")
    corpus_paths: tuple[Path, ...] = Field((Path("corpus"),), description="Default ingest paths.")
    embed_model: str = Field(
        "multilingual-e5-small",
        description="Embedding model: a local path, an installed package's model, or a hub name.",
    )
    embed_batch_size: int = Field(32, gt=0, description="Chunks embedded per batch.")
    chunk_tokens: int = Field(
        200, ge=32, le=2000, description="Max chunk length in tiktoken tokens (cl100k_base)."
    )
    chunk_overlap_tokens: int = Field(
        30, ge=0, description="Tokens of trailing sentences repeated at the next chunk's start."
    )
    top_k: int = Field(8, gt=0, le=MAX_TOP_K, description="Passages handed to the generator.")
    candidates: int = Field(40, gt=0, description="Candidates each ranking contributes to fusion.")
    fusion: Literal["scores", "rrf"] = Field(
        "scores",
        description="How rankings are fused: 'scores' adds min-max normalised scores, 'rrf' "
        "adds 1 / (rrf_k + rank), each times the ranking's weight (govqa.retrieve).",
    )
    rrf_k: int = Field(20, gt=0, description="Reciprocal rank fusion constant (fusion = 'rrf').")
    generator: Literal["extractive", "llamacpp", "openai"] = Field(
        "extractive", description="Answer generator: quotes (offline) or an LLM backend."
    )
    max_answer_sentences: int = Field(3, ge=1, le=5, description="Sentences in an answer.")
    abstain_threshold: float = Field(
        0.64, ge=0.0, le=1.0, description="Evidence score below which the answer abstains."
    )
    primary_bonus: float = Field(
        0.05, ge=0.0, le=0.5, description="Score bonus for sentences of primary texts."
    )
    max_question_chars: int = Field(2000, gt=0, description="Longer questions are refused.")
    support_checker: Literal["overlap", "nli", "llm"] = Field(
        "overlap", description="Support checker for grounding: overlap, nli or llm."
    )
    nli_model_path: Path | None = Field(
        None, description="Local folder of an NLI cross-encoder (support_checker=nli)."
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (http://host:port) holding the index and its "
        "manifest, shared by every app replica; None keeps both in data_dir.",
    )
    max_file_bytes: int = Field(
        20_000_000, gt=0, description="Files larger than this are refused at ingest."
    )
    embed_threads: int = Field(
        1,
        ge=0,
        description="CPU threads torch uses per model call; 0 = torch's default (all cores). "
        "1 serves concurrent questions best and avoids thread oversubscription.",
    )
    llm_model_path: Path | None = Field(
        None, description="GGUF file of the llamacpp generator (never downloaded)."
    )
    llm_chat_format: str | None = Field(
        None, description="llama.cpp chat format, e.g. 'gemma'; None: the GGUF's own template."
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="OpenAI-compatible endpoint (openai generator)."
    )
    llm_model: str = Field("local-model", description="Model name sent to the openai endpoint.")
    llm_api_key_env: str = Field(
        "OPENAI_API_KEY", description="Environment variable holding the endpoint's API key."
    )
    llm_timeout_s: float = Field(
        120.0, gt=0, le=3600, description="Seconds an LLM answer may take before falling back."
    )
    llm_max_tokens: int = Field(384, ge=16, le=8192, description="Tokens an LLM answer may have.")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0, description="LLM sampling temperature.")
    llm_context_tokens: int = Field(
        2000, ge=100, description="Budget for passages in the prompt (tiktoken); the rest is cut."
    )
    llm_n_ctx: int = Field(4096, ge=512, description="Context window of the in-process llama.cpp.")
    llm_threads: int | None = Field(
        None, ge=1, description="CPU threads of the in-process llama.cpp; None: half the cores."
    )
    verify_mode: Literal["annotate", "strict"] = Field(
        "annotate", description="Unsupported generated sentences: marked, or dropped."
    )
    answer_check: bool = Field(
        True,
        description="Abstain unless a sentence holds the kind of answer asked (person, place, "
        "number, date...) and names the question's subject; then answer_check_threshold applies "
        "instead of abstain_threshold (govqa.abstention).",
    )
    sentence_rank: bool = Field(
        True,
        description="Fuse a third ranking: candidates ranked by their best sentence's similarity.",
    )
    latent_terms: bool = Field(
        True,
        description="Fuse a fourth ranking: multilingual-e5-small's sparse latent terms, "
        "encoded at ingest (govqa.latent_terms); a change rebuilds the index.",
    )
    dense_weight: float = Field(
        0.5, ge=0.0, le=5.0, description="Weight of the dense chunk ranking in fusion; 0: off."
    )
    bm25_weight: float = Field(
        0.5, ge=0.0, le=5.0, description="Weight of the BM25 ranking in fusion; 0: off."
    )
    sentence_weight: float = Field(
        1.0,
        ge=0.0,
        le=5.0,
        description="Weight of the nearest-sentence ranking in fusion (sentence_rank); 0: off.",
    )
    latent_weight: float = Field(
        1.25,
        ge=0.0,
        le=5.0,
        description="Weight of the latent-term ranking in fusion (latent_terms); 0: off.",
    )
    doc_prior_weight: float = Field(
        1.5,
        ge=0.0,
        le=5.0,
        description="Weight of a fifth fused ranking: the candidates by their document's "
        "similarity to the question (centroid of its chunk vectors; govqa.doc_prior); 0: off. "
        "Score fusion only.",
    )
    query_expansion: bool = Field(
        True,
        description="Search for the terms of art a question's plain words stand for ('takes "
        "effect': 'enters into force') and the names of the bodies it describes ('the "
        "Strasbourg treaty': 'Council of Europe'), in every ranking and the question's vector; "
        "the answer check reads the question as asked (govqa.expansion).",
    )
    kind_bonus: float = Field(
        0.3,
        ge=0.0,
        le=5.0,
        description="Within the top_k passages, one holding the kind of thing a factoid "
        "question asks for (a date, a number, a country…) gains this share of the best fused "
        "score (govqa.kind_order); reorders only, the passages handed on stay the same; 0: off.",
    )
    answer_check_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Evidence score below which a checked answer abstains; None: the value "
        "calibrated for the embedding model (config.CALIBRATED_ANSWER_SCORING).",
    )
    answer_low_overlap_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Evidence score needed when little of what is asked is in the passages "
        "(under the calibrated share of the question's latent concepts in the passage of its "
        "best sentence, or of its words without latent terms); None: the value calibrated "
        "for the embedding model and measure.",
    )
    answer_lexical_weight: float | None = Field(
        None,
        ge=0.0,
        lt=1.0,
        description="Share of a sentence's evidence score given by the question's words it "
        "holds (the rest is embedding similarity); None: the value calibrated for the model.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = urlsplit(value.strip())
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("give the Chroma server as http://host:port (or https://host:port)")
        try:
            url.port  # noqa: B018  # raises on a port that is not a number in range
        except ValueError as exc:
            raise ValueError(f"bad port ({exc})") from None
        return value.strip().rstrip("/")

    @field_validator("data_dir")
    @classmethod
    def _not_a_file(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file; give a folder (it is created if missing)")
        return value

    @model_validator(mode="after")
    def _overlap_below_chunk(self) -> Settings:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
            )
        return self

    @model_validator(mode="after")
    def _some_ranking_weighted(self) -> Settings:
        used = ["dense_weight", "bm25_weight"]
        used += ["sentence_weight"] if self.sentence_rank else []
        used += ["latent_weight"] if self.latent_terms else []
        if not any(getattr(self, name) > 0 for name in used):
            given = ", ".join(f"{name}={getattr(self, name)}" for name in used)
            raise ValueError(
                f"every ranking in use is weighted 0 ({given}), so nothing would be retrieved: "
                f"set one of them above 0"
            )
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file()
        if path is None:
            return (init_settings, env_settings)
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, path))

    def answer_scoring(self) -> AnswerScoring:
        """The scoring calibrated for embed_model, with answer_check_threshold,
        answer_low_overlap_threshold and answer_lexical_weight applied where they are set."""
        from govqa.embed import model_key

        key = model_key(self.embed_model)
        scoring = CALIBRATED_ANSWER_SCORING.get(key, CALIBRATED_ANSWER_SCORING["default"])
        threshold = _given(self.answer_check_threshold, scoring.threshold)
        # The concept share needs the latent terms; each measure has its calibrated threshold.
        by_concepts = self.latent_terms and scoring.low_concepts is not None
        low = scoring.low_overlap_threshold
        if by_concepts and scoring.low_concepts_threshold is not None:
            low = scoring.low_concepts_threshold
        return AnswerScoring(
            threshold,
            _given(self.answer_lexical_weight, scoring.lexical_weight),
            scoring.redundancy,
            # The low-overlap threshold only raises the bar: the hash records what applies.
            max(threshold, _given(self.answer_low_overlap_threshold, low)),
            scoring.low_overlap,
            scoring.low_concepts if by_concepts else None,
            # A threshold set by hand applies to every kind of question.
            entity_threshold=(
                scoring.entity_threshold if self.answer_check_threshold is None else None
            ),
        )

    def index_hash(self) -> str:
        """Hash of what shapes the stored vectors: a change means a rebuild."""
        keys = ("embed_model", "chunk_tokens", "chunk_overlap_tokens", "latent_terms")
        return _hash({"format": INDEX_FORMAT, **self.model_dump(include=set(keys))})

    def settings_hash(self) -> str:
        """Hash of every setting that shapes an answer (paths excluded)."""
        paths = {"data_dir", "corpus_paths", "chroma_url", "embed_threads"}
        scoring = asdict(self.answer_scoring())  # the calibrated values the answer uses
        return _hash({**self.model_dump(mode="json", exclude=paths), "scoring": scoring})


def _given(value: float | None, calibrated: float) -> float:
    return calibrated if value is None else value


def _hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]


def load_settings(**overrides: Any) -> Settings:
    """Build Settings; arguments that are None are left to the other sources.

    Raises:
        ConfigError: a value is invalid; the message names the setting, the value and the fix.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    source = config_file() or "a govqa.toml named by GOVQA_CONFIG"
    try:
        return Settings(**given)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML ({exc}); fix or remove it") from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:  # a rule across fields: its message names the settings
            raise ConfigError(f"{err['msg'].removeprefix('Value error, ')}") from exc
        name = ".".join(str(p) for p in err["loc"])
        value = err.get("input")
        raise ConfigError(
            f"setting {name}={value!r} is invalid: {err['msg']}; fix it in the argument, "
            f"GOVQA_{name.upper()} or {source}"
        ) from exc
