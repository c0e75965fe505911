"""Disclaimers: a source that says it does not record later events declines a question about
the status those events reached, and still answers what it does record."""

from __future__ import annotations

import pytest

from govqa import Assistant
from govqa.abstention import Candidate, EvidenceJudge
from govqa.disclaimers import asks_status, disclaimed_events, disclaimers

COE_DISCLAIMER = (
    "This briefing note does not record later signatures, ratifications or entry into force "
    "of CETS No. 225; check the Council of Europe treaty chart for current status."
)
ARTICLE_30 = (
    "Under Article 30, the treaty enters into force on the first day of the month following "
    "a three-month period after five signatories, including at least three Council of Europe "
    "member States, have consented to be bound."
)
TITLES = {"coe": "Council of Europe Framework Convention on Artificial Intelligence (CETS No. 225)"}


def test_only_a_disclaimer_of_later_events_counts() -> None:
    assert disclaimed_events(COE_DISCLAIMER) == {
        "signature",
        "ratification",
        "entry into force",
    }
    # Not a disclaimer, or not of later events: nothing is disclaimed.
    assert disclaimed_events(ARTICLE_30) == set()
    assert disclaimed_events("This note does not give the full list of signatories.") == set()
    text = f"Intro sentence here. {COE_DISCLAIMER} Another sentence."
    assert disclaimers(text) == [COE_DISCLAIMER]


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("How many States have ratified the Convention so far?", True),
        ("How many States had ratified it by the end of 2025?", True),
        ("Has the Convention entered into force yet?", True),
        ("¿Cuántos Estados han ratificado el Convenio?", True),
        ("Combien d'États ont ratifié la convention ?", True),
        ("Combien de pays l'ont signée à ce jour ?", True),
        # What the text requires, or a past event: no status asked for.
        ("How many ratifications does CETS 225 need before it enters into force?", False),
        ("Under Article 30, what has to happen for it to enter into force?", False),
        ("When was the Convention opened for signature?", False),
        ("Où et quand la convention a-t-elle été ouverte à la signature ?", False),
        ("¿Cuándo entró en vigor el Reglamento y a partir de qué fecha se aplica?", False),
    ],
)
def test_status_questions_told_from_requirements_and_past_events(
    question: str, status: bool
) -> None:
    assert asks_status(question) is status


def _judge() -> EvidenceJudge:
    return EvidenceJudge(TITLES, threshold=0.5, disclaimers={"coe": [COE_DISCLAIMER]})


def _candidates() -> list[Candidate]:
    return [
        Candidate(ARTICLE_30, 0.9, "coe", "Entry into force", agreed=True),
        Candidate(COE_DISCLAIMER, 0.7, "coe", "Status", agreed=True),
    ]


def test_judge_declines_a_status_question_with_the_disclaimer_as_reason() -> None:
    judgement = _judge().judge("How many States have ratified the Convention?", _candidates())
    assert judgement.abstain
    assert judgement.reason == f'the source says: "{COE_DISCLAIMER}"'


def test_a_spanish_status_question_is_declined_by_the_answering_documents_disclaimer() -> None:
    question = "¿Cuántos Estados habían ratificado el Convenio a finales de 2025?"
    judgement = _judge().judge(question, _candidates())
    assert judgement.abstain and judgement.reason.startswith("the source says")


def test_judge_still_answers_what_the_text_requires() -> None:
    question = "How many States must have consented to be bound before it enters into force?"
    judgement = _judge().judge(question, _candidates())
    assert not judgement.abstain, judgement.reason
    assert judgement.eligible[0] == 0


def test_a_disclaimer_of_another_document_does_not_decline() -> None:
    judge = EvidenceJudge(
        {**TITLES, "oecd": "OECD Recommendation on Artificial Intelligence"},
        threshold=0.5,
        disclaimers={"coe": [COE_DISCLAIMER]},
    )
    adherents = "As of 6 May 2026, 10 non-Members had adhered to the Recommendation."
    candidates = [Candidate(adherents, 0.9, "oecd", "Adherents", agreed=True), *_candidates()]
    judgement = judge.judge("How many non-members had signed up to it by May 2026?", candidates)
    assert not judgement.abstain, judgement.reason
    assert candidates[judgement.eligible[0]].text == adherents


def test_a_disclaimer_declines_only_for_the_document_answering_best() -> None:
    judge = EvidenceJudge(
        {**TITLES, "oecd": "OECD Recommendation on Artificial Intelligence"},
        threshold=0.5,
        disclaimers={"coe": [COE_DISCLAIMER]},
    )
    members = Candidate(
        "Ten non-Members and the EU take part, as of May 2026.", 0.95, "oecd", "", True
    )
    question = "Which countries outside the membership have signed up to the principles?"
    judgement = judge.judge(question, [members, *_candidates()])
    assert not judgement.reason.startswith("the source says"), judgement.reason


def test_engine_declines_a_ratification_count_and_quotes_why(
    corpus_assistant: Assistant,
) -> None:
    """The real index of the whole corpus: the Council of Europe note's own disclaimer."""
    answer = corpus_assistant.ask(
        "How many States have ratified the Council of Europe AI Convention so far?"
    )
    assert answer.abstained, answer.text
    assert "does not record later signatures, ratifications" in answer.why_abstained
    needed = corpus_assistant.ask("How many consents to be bound does CETS 225 need?")
    assert not needed.abstained, needed.why_abstained
    assert "five signatories" in needed.text
