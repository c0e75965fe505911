"""Settings: arguments > GOVQA_* environment variables > govqa.toml > defaults."""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from govqa.errors import ConfigError

# Bump when chunking or the stored layout changes, so old indexes are rebuilt.
INDEX_FORMAT = 2


def config_file() -> Path:
    """The TOML file settings are read from: $GOVQA_CONFIG, else ./govqa.toml."""
    return Path(os.environ.get("GOVQA_CONFIG", "govqa.toml"))


class Settings(BaseSettings):
    """Every setting of GovQA, validated once; its hash is stamped on indexes and answers."""

    model_config = SettingsConfigDict(env_prefix="GOVQA_", frozen=True, extra="forbid")

    data_dir: Path = Field(Path(".govqa"), description="Where the index and manifest live.")
    corpus_paths: tuple[Path, ...] = Field((Path("corpus"),), description="Default ingest paths.")
    embed_model: str = Field(
        "all-MiniLM-L6-v2",
        description="Embedding model: a local path, an installed package's model, or a hub name.",
    )
    embed_batch_size: int = Field(32, gt=0, description="Chunks embedded per batch.")
    chunk_tokens: int = Field(
        200, ge=32, le=2000, description="Max chunk length in tiktoken tokens (cl100k_base)."
    )
    chunk_overlap_tokens: int = Field(
        30, ge=0, description="Tokens of trailing sentences repeated at the next chunk's start."
    )
    top_k: int = Field(8, gt=0, le=100, description="Passages handed to the generator.")
    candidates: int = Field(20, gt=0, description="Candidates each retriever contributes to RRF.")
    rrf_k: int = Field(60, gt=0, description="Reciprocal rank fusion constant.")
    generator: Literal["extractive"] = Field("extractive", description="Answer generator.")
    max_answer_sentences: int = Field(3, ge=1, le=5, description="Sentences in an answer.")
    abstain_threshold: float = Field(
        0.64, ge=0.0, le=1.0, description="Evidence score below which the answer abstains."
    )
    primary_bonus: float = Field(
        0.05, ge=0.0, le=0.5, description="Score bonus for sentences of primary texts."
    )
    max_question_chars: int = Field(2000, gt=0, description="Longer questions are refused.")
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
    answer_check_threshold: float = Field(
        0.6, ge=0.0, le=1.0, description="Evidence score below which a checked answer abstains."
    )

    @model_validator(mode="after")
    def _overlap_below_chunk(self) -> Settings:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
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
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)

    def index_hash(self) -> str:
        """Hash of what shapes the stored vectors: a change means a rebuild."""
        keys = ("embed_model", "chunk_tokens", "chunk_overlap_tokens")
        return _hash({"format": INDEX_FORMAT, **self.model_dump(include=set(keys))})

    def settings_hash(self) -> str:
        """Hash of every setting that shapes an answer (paths excluded)."""
        return _hash(self.model_dump(mode="json", exclude={"data_dir", "corpus_paths"}))


def _hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]


def load_settings(**overrides: Any) -> Settings:
    """Build Settings; arguments that are None are left to the other sources.

    Raises:
        ConfigError: a value is invalid; the message names the setting, the value and the fix.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_file()} is not valid TOML ({exc}); fix or remove it") from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:  # a rule across fields: its message names the settings
            raise ConfigError(f"{err['msg'].removeprefix('Value error, ')}") from exc
        name = ".".join(str(p) for p in err["loc"])
        value = err.get("input")
        raise ConfigError(
            f"setting {name}={value!r} is invalid: {err['msg']}; fix it in the argument, "
            f"GOVQA_{name.upper()} or {config_file()}"
        ) from exc
