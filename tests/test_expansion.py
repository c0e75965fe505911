"""Query expansion (govqa.expansion): officials' plain words search for the sources' terms."""

from __future__ import annotations

import pytest
from conftest import rank_of

from govqa import Assistant
from govqa.expansion import expand


@pytest.mark.parametrize(
    ("question", "added"),
    [
        ("When does the treaty take effect?", "enters into force"),
        ("How many governments have signed up to it?", "adherents"),
        ("Does it cover the armed forces?", "national defence"),
        ("And the intelligence services?", "national security"),
        ("Which uses does the regulation outlaw?", "prohibited"),
        ("What tracks the electricity footprint?", "energy"),
        ("What tracks how much power these systems draw?", "energy"),
        ("Which fields were singled out as worrying?", "concern"),
        ("What risks do the most capable models pose?", "frontier"),
        ("When will the agency formally revisit its guide?", "review"),
        ("Which steps make up the production line?", "value chain"),
        ("What kind of watchdog must each state set up?", "oversight mechanism"),
        ("Which applications did the text cite as troubling?", "uses"),
        ("Which applications did the text cite as troubling?", "examples"),
        ("Which fields did they single out?", "examples"),
        # Descriptions of bodies and meetings bring their names.
        ("Does the Strasbourg treaty cover research?", "Council of Europe"),
        ("Who adheres to the Paris-based economic club's guidelines?", "OECD"),
        ("What does the American standards agency's guide say?", "NIST"),
        ("What was agreed at the wartime codebreaking estate?", "Bletchley"),
        ("What does the Group of Seven's code ask?", "G7"),
        ("How does the word list define information integrity?", "glossary"),
        ("In the list of key terms, what is normative sovereignty?", "glossary"),
        ("What fines does the Brussels rulebook set?", "EU AI Act"),
    ],
)
def test_plain_words_and_descriptions_bring_the_sources_terms(question: str, added: str) -> None:
    expanded = expand(question)
    assert expanded.startswith(question) and added in expanded.removeprefix(question)


def test_a_question_without_plain_words_for_a_term_is_unchanged() -> None:
    for question in ("Which practices are prohibited?", "What is a banner?", "Who signed it?"):
        assert expand(question) == question
    # A question that already names the body it describes is left as asked.
    assert (
        expand("Is the OECD an economic organisation?") == "Is the OECD an economic organisation?"
    )


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
