"""Query expansion (govqa.expansion): officials' plain words search for the sources' terms."""

from __future__ import annotations

from conftest import rank_of

from govqa import Assistant
from govqa.expansion import expand


def test_plain_words_bring_the_term_of_art() -> None:
    assert expand("When does the treaty take effect?").endswith("enters into force")
    assert "adherents" in expand("How many governments have signed up to it?")
    assert "national defence" in expand("Does it cover the armed forces?")
    assert "national security" in expand("And the intelligence services?")
    assert "prohibited" in expand("Which uses does the regulation outlaw?")
    assert "energy" in expand("What tracks the electricity footprint?")


def test_a_question_without_plain_words_for_a_term_is_unchanged() -> None:
    for question in ("Which practices are prohibited?", "What is a banner?", "Who signed it?"):
        assert expand(question) == question


def test_real_index_expansion_finds_what_plain_words_ask(corpus_assistant: Assistant) -> None:
    """Blind-set paraphrases (unseen15 para-u15-15, unseen32 para-u32-11) that the rankings
    miss without expansion: the passages say "Adherents" and "national defence"."""
    plain = Assistant.from_settings(
        data_dir=corpus_assistant.settings.data_dir, query_expansion=False
    )
    for question, evidence in (
        (
            "Which countries outside the club of advanced economies have signed up to its 2019 "
            "recommendation on trustworthy machine intelligence?",
            "the 10 non-Member Adherents of the OECD AI Principles were",
        ),
        (
            "Does the Strasbourg organisation's binding AI agreement also reach the armed forces "
            "and the intelligence services?",
            "Activities related to national defence fall outside the scope",
        ),
    ):
        without = rank_of(plain.retrieve(question, top_k=10), evidence)
        assert without is None or without > 5, question
        found = rank_of(corpus_assistant.retrieve(question, top_k=10), evidence)
        assert found is not None and found <= 5, question
