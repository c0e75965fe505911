"""What a "how many" question counts, and whether a sentence's number counts it: unit cases of
the word classes, the French and Spanish nouns and the typos, then the real index."""

from __future__ import annotations

import pytest

from govqa import Assistant
from govqa.answer_type import mentions
from govqa.counted import counted_noun, counts


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many national AI safety institutes have joined the network?", "institutes"),
        ("How many Member States does the Council of Europe have?", "States"),
        ("Roughly how many countries took part?", "countries"),
        ("How many people sit on the panel?", "people"),
        ("Combien de pays membres ont signé ?", "pays"),
        ("Combien d'amendes ont été infligées ?", "amendes"),
        ("¿Cuántas empresas firmaron los compromisos?", "empresas"),
        ("How many signed the declaration?", None),  # no noun: any number may answer
        ("How many of the 20 organisations were Japanese?", None),  # a part of a count
        ("How many does the AI Act contain?", None),
        ("What does the convention require?", None),
    ],
)
def test_counted_noun(question: str, noun: str | None) -> None:
    assert counted_noun(question) == noun


@pytest.mark.parametrize(
    ("noun", "sentence", "expected"),
    [
        ("countries", "The Declaration was endorsed by 28 countries and the EU.", True),
        ("nations", "The Declaration was endorsed by 28 countries and the EU.", True),  # class
        ("governments", "The Council of Europe has 46 member States.", True),
        ("pays", "It was endorsed by 28 countries and the EU.", True),  # French noun
        ("países", "It was endorsed by 28 countries and the EU.", True),  # Spanish, accented
        ("contries", "It was endorsed by 28 countries.", True),  # typo of a class word
        ("modles", "The Commission has designated 3 models.", True),  # typo of another word
        ("principes", "The Guiding Principles contain 11 principles.", True),  # cognate
        ("firms", "16 AI companies signed the Frontier AI Safety Commitments.", True),
        ("remarks", "The consultation generated more than 50,000 comments.", True),
        ("institutes", "16 AI companies signed the Frontier AI Safety Commitments.", False),
        ("jobs", "The report drew on more than 2,000 participants.", False),
        ("models", "The EU AI Act contains 180 recitals and 113 articles.", False),
        # The words after a number stop at punctuation: "four functions, GOVERN…" counts
        # functions, not governments.
        ("governments", "The Core has four functions, GOVERN, MAP, MEASURE and MANAGE.", False),
        # "commitments" is no misspelt "comments": a word in a class is taken as written.
        ("comments", "The companies made 16 commitments.", False),
        ("countries", "The Declaration was endorsed by a majority.", False),  # no number
    ],
)
def test_counts(noun: str, sentence: str, expected: bool) -> None:
    assert counts(noun, sentence) is expected


def test_a_number_of_something_else_is_not_the_count_asked() -> None:
    question = "How many AI safety institutes have joined the Seoul network?"
    assert not mentions("number", "16 AI companies signed the commitments.", question)
    assert mentions("number", "Ten AI safety institutes have joined it.", question)
    # Without a counted noun, any number not named in the question still counts.
    assert mentions("number", "16 AI companies signed.", "How many signed in Seoul?")


def test_count_of_another_thing_declined_on_the_real_index(corpus_assistant: Assistant) -> None:
    # The Seoul note counts the companies that signed commitments and the countries that
    # endorsed the declaration, not the safety institutes of the network (eval/quality/unseen18).
    declined = corpus_assistant.ask(
        "How many national AI safety institutes have joined the network backed by the Seoul "
        "Statement of Intent?"
    )
    assert declined.abstained, declined.text
    assert declined.why_abstained == "no sentence holds a number of institutes"
    answered = corpus_assistant.ask(
        "How many firms signed the Frontier AI Safety Commitments at the AI Seoul Summit?"
    )
    assert not answered.abstained, answered.why_abstained
    assert "16 AI companies" in answered.text
