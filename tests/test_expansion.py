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
    assert "energy" in expand("What tracks how much power these systems draw?")
    assert "concern" in expand("Which fields were singled out as worrying?")
    assert "frontier" in expand("What risks do the most capable models pose?")
    assert "review" in expand("When will the agency formally revisit its guide?")
    assert "value chain" in expand("Which steps make up the production line?")
    assert "oversight mechanism" in expand("What kind of watchdog must each state set up?")


def test_descriptions_of_bodies_and_meetings_bring_their_names() -> None:
    assert expand("Does the Strasbourg treaty cover research?").endswith("Council of Europe")
    assert "OECD" in expand("Who adheres to the Paris-based economic club's guidelines?")
    assert "NIST" in expand("What does the American standards agency's guide say?")
    assert "Bletchley" in expand("What was agreed at the wartime codebreaking estate?")
    assert "G7" in expand("What does the Group of Seven's code ask?")
    assert "EU AI Act" in expand("What fines does the Brussels rulebook set?")
    # A question that already names the body is left as asked.
    assert (
        expand("Is the OECD an economic organisation?") == "Is the OECD an economic organisation?"
    )


def test_a_question_without_plain_words_for_a_term_is_unchanged() -> None:
    for question in ("Which practices are prohibited?", "What is a banner?", "Who signed it?"):
        assert expand(question) == question


def test_real_index_expansion_finds_what_plain_words_ask(corpus_assistant: Assistant) -> None:
    """Blind-set paraphrases (unseen15 para-u15-15, unseen32 para-u32-11, unseen34
    para-u34-10, unseen11 para-u11-18, unseen39 para-u39-17, unseen8 para-u8-15) that the
    rankings miss without expansion: the passages say "Adherents", "national defence",
    "particular concern about frontier AI risks", "OECD" and "formal review"."""
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
        (
            "At the 2023 gathering at the English codebreakers' estate, which three fields were "
            "singled out as especially worrying for the most advanced models?",
            "particular concern about frontier AI risks in cybersecurity",
        ),
        (
            "At the latest count, how many countries and blocs have signed on to the "
            "Paris-based rich-country club's 2019 AI guidelines?",
            "the OECD AI Recommendation had 49 Adherents",
        ),
        (
            # Found only once the question's vector is that of the expanded question too.
            "By when does the American standards agency expect to formally revisit its voluntary "
            "guide on handling the hazards of these systems together with the wider community?",
            "expects a formal review with the AI community no later than 2028",
        ),
        (
            "By what point does the American standards agency expect to revisit its AI "
            "hazard-handling guide together with the wider expert community?",
            "expects a formal review with the AI community no later than 2028",
        ),
    ):
        without = rank_of(plain.retrieve(question, top_k=10), evidence)
        assert without is None or without > 5, question
        found = rank_of(corpus_assistant.retrieve(question, top_k=10), evidence)
        assert found is not None and found <= 5, question
