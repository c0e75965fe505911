"""Numbered provisions: a question about one provision is answered only from a sentence about
that provision."""

from __future__ import annotations

import pytest

from govqa.abstention import Candidate, EvidenceJudge
from govqa.provisions import provisions


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("What does principle 11 of the Hiroshima Principles ask?", {("principle", "11")}),
        ("Articles 19 and 20 of the Convention", {("article", "19"), ("article", "20")}),
        ("Under Article 6(1) of the Act", {("article", "6"), ("paragraph", "1")}),
        ("l'article 6, paragraphe 1, du règlement", {("article", "6"), ("paragraph", "1")}),
        ("¿Qué dice el artículo 26?", {("article", "26")}),
        ("Annex III lists high-risk uses.", {("annex", "III")}),
        # A count of principles, or a year, names no provision.
        ("The Guiding Principles contain 11 principles.", set()),
        ("In 2024 articles were written.", set()),
    ],
)
def test_provisions_named(text: str, named: set[tuple[str, str]]) -> None:
    assert provisions(text) == named


TITLES = {"g7": "G7 Hiroshima AI Process Guiding Principles (2023)"}


def test_a_question_about_a_provision_needs_a_sentence_about_it() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    count = Candidate("The Guiding Principles contain 11 principles.", 0.9, "g7", "", True)
    first = Candidate("Principle 1 asks organisations to mitigate risks.", 0.9, "g7", "", True)
    verdict = judge.judge("What does principle 11 ask organisations to do?", [count, first])
    assert verdict.abstain and verdict.reason == "no sentence on principle 11"
    eleventh = Candidate("Principle 11 asks for data protection.", 0.8, "g7", "", True)
    verdict = judge.judge("What does principle 11 ask organisations to do?", [first, eleventh])
    assert not verdict.abstain and verdict.eligible == (1,)
    # "Which article…?" asks for another one than those the question names.
    other = Candidate("Article 16 complements it with risk measures.", 0.9, "g7", "", True)
    which = judge.judge("Which article complements Article 5?", [other])
    assert not which.abstain, which.reason


def test_a_document_number_asked_about_must_be_in_the_answers_context() -> None:
    judge = EvidenceJudge({"nist": "NIST AI Risk Management Framework, NIST AI 100-1"}, 0.3)
    rmf = Candidate("NIST published the framework in January 2023.", 0.9, "nist", "", True)
    profile = Candidate("NIST also published a profile, NIST AI 600-1.", 0.9, "nist", "", True)
    verdict = judge.judge("When did NIST publish NIST AI 600-1?", [rmf, profile])
    assert verdict.abstain and verdict.reason == "no sentence holds a date"
    # The title holds the framework's own number; a date or a span of years is no number.
    assert not judge.judge("When did NIST publish NIST AI 100-1?", [rmf, profile]).abstain
    assert not judge.judge("What did NIST publish in 2022-2023?", [rmf]).abstain
