"""Settings: argument > GOVQA_* environment > govqa.toml > default, validated with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from govqa import Assistant, ConfigError, Settings, load_settings


def default(name: str) -> object:
    return Settings.model_fields[name].default


@pytest.fixture
def toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "govqa.toml"
    monkeypatch.setenv("GOVQA_CONFIG", str(path))
    return path


def test_defaults_apply_when_nothing_is_set(tmp_path: Path) -> None:
    settings = load_settings()
    for name in ("top_k", "chunk_tokens", "rrf_k", "embed_model", "max_question_chars"):
        assert getattr(settings, name) == default(name)
    assert settings.data_dir == tmp_path / "govqa-data"  # from the autouse GOVQA_DATA_DIR


def test_precedence_argument_env_toml_default(toml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml.write_text("top_k = 5\nrrf_k = 30\nchunk_tokens = 100\n", encoding="utf-8")
    monkeypatch.setenv("GOVQA_TOP_K", "7")
    monkeypatch.setenv("GOVQA_RRF_K", "40")

    settings = load_settings(top_k=9)

    assert settings.top_k == 9  # argument beats env and toml
    assert settings.rrf_k == 40  # env beats toml
    assert settings.chunk_tokens == 100  # toml beats default
    assert settings.candidates == default("candidates")
    assert load_settings().top_k == 7
    monkeypatch.delenv("GOVQA_TOP_K")
    assert load_settings().top_k == 5
    assert load_settings(top_k=None).top_k == 5  # None leaves it to the other sources


def test_assistant_from_settings_uses_the_same_sources(
    toml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml.write_text(f'data_dir = "{tmp_path / "from-toml"}"\ntop_k = 4\n', encoding="utf-8")
    assert Assistant.from_settings().settings.top_k == 4
    assert Assistant.from_settings().settings.data_dir == tmp_path / "govqa-data"  # env wins
    monkeypatch.delenv("GOVQA_DATA_DIR")
    assert Assistant.from_settings().settings.data_dir == tmp_path / "from-toml"
    assert Assistant.from_settings(data_dir=tmp_path / "arg").settings.data_dir == tmp_path / "arg"


def test_no_govqa_toml_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVQA_CONFIG")
    assert load_settings().top_k == default("top_k")
    monkeypatch.setenv("GOVQA_CONFIG", "")  # set empty: no file at all
    assert load_settings().top_k == default("top_k")


def test_a_config_file_named_but_missing_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "absent" / "govqa.toml"
    monkeypatch.setenv("GOVQA_CONFIG", str(missing))
    with pytest.raises(ConfigError, match=f"GOVQA_CONFIG=.*{missing.name}.* names no file"):
        load_settings()


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"data_dir.*is a file; give a folder"):
        load_settings(data_dir=a_file)


def test_invalid_argument_names_setting_and_value() -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(top_k=0)
    message = str(err.value)
    assert "top_k" in message and "0" in message
    with pytest.raises(ConfigError, match="top_k"):
        Assistant.from_settings(top_k=0)


def test_invalid_env_value_names_setting_value_and_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOVQA_TOP_K", "abc")
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "top_k" in message and "abc" in message and "GOVQA_TOP_K" in message


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [
        ("top_k = 0", "top_k", "0"),
        ("chunk_tokens = 10", "chunk_tokens", "10"),
        ('abstain_threshold = "high"', "abstain_threshold", "high"),
        ("no_such_setting = 1", "no_such_setting", "1"),
    ],
)
def test_invalid_toml_value_names_setting_value_and_file(
    toml: Path, line: str, name: str, value: str
) -> None:
    toml.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert name in message and value in message and str(toml) in message


def test_malformed_toml_is_a_config_error(toml: Path) -> None:
    toml.write_text("top_k = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=str(toml)):
        load_settings()


def test_overlap_must_be_below_chunk_size() -> None:
    with pytest.raises(ConfigError, match="chunk_overlap_tokens"):
        load_settings(chunk_tokens=100, chunk_overlap_tokens=100)


def test_overlap_error_points_at_a_real_setting() -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(chunk_tokens=100, chunk_overlap_tokens=100)
    assert "GOVQA_SETTINGS" not in str(err.value)


def test_index_hash_follows_model_and_chunking_only() -> None:
    base = load_settings()
    assert load_settings().index_hash() == base.index_hash()
    assert load_settings(embed_model="all-mpnet-base-v2").index_hash() != base.index_hash()
    assert load_settings(chunk_tokens=150).index_hash() != base.index_hash()
    assert load_settings(chunk_overlap_tokens=10).index_hash() != base.index_hash()
    assert load_settings(top_k=3).index_hash() == base.index_hash()
    assert load_settings(data_dir=Path("elsewhere")).index_hash() == base.index_hash()


def test_settings_hash_follows_answer_settings_but_not_paths() -> None:
    base = load_settings()
    assert load_settings(top_k=3).settings_hash() != base.settings_hash()
    assert load_settings(data_dir=Path("elsewhere")).settings_hash() == base.settings_hash()


def test_each_low_overlap_measure_gets_its_own_calibrated_threshold() -> None:
    by_concepts = load_settings(embed_model="multilingual-e5-small").answer_scoring()
    by_words = load_settings(embed_model="multilingual-e5-small", latent_terms=False)
    assert by_concepts.low_concepts is not None
    assert by_words.answer_scoring().low_concepts is None  # no latent terms: words decide
    assert by_words.answer_scoring().low_overlap_threshold < by_concepts.low_overlap_threshold
    assert by_words.settings_hash() != load_settings().settings_hash()
    # The entity threshold is e5's; a threshold set by hand applies to every kind.
    assert by_concepts.entity_threshold is not None
    assert by_concepts.entity_threshold < by_concepts.threshold
    assert load_settings(answer_check_threshold=0.8).answer_scoring().entity_threshold is None
    minilm = load_settings(embed_model="all-minilm-l6-v2").answer_scoring()
    assert minilm.entity_threshold is None
    assert minilm.low_concepts is None and minilm.low_overlap_threshold == minilm.threshold
    # A threshold that is set applies whichever measure decides, never below the main one.
    given = load_settings(answer_low_overlap_threshold=0.85, latent_terms=False).answer_scoring()
    assert given.low_overlap_threshold == 0.85
    assert load_settings(
        answer_low_overlap_threshold=0.1
    ).answer_scoring().low_overlap_threshold == (by_concepts.threshold)
