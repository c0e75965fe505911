"""Procedural events: a question about a ratification, a vote, a withdrawal, a budget or a
first meeting is answered only by a sentence that reports that event."""

from __future__ import annotations

import pytest

from govqa.abstention import Candidate, EvidenceJudge
from govqa.events import events

TITLES = {
    "coe": "Council of Europe Framework Convention on Artificial Intelligence (CETS No. 225)",
    "blueprint": "Blueprint for an AI Bill of Rights (United States, 2022)",
}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("How many States have ratified the Convention?", {"ratification"}),
        ("Quel pays a été le premier à ratifier la convention ?", {"ratification"}),
        ("¿Cuántos Estados han ratificado el Convenio?", {"ratification"}),
        ("after five States have consented to be bound", {"ratification"}),
        ("How many MEPs voted in favour of the Act?", {"vote"}),
        ("Was it adopted by a recorded vote?", {"vote"}),
        ("¿Cómo votaron los ministerios?", {"vote"}),
        ("When was the Blueprint withdrawn?", {"withdrawal"}),
        ("Was it formally revoked by the new administration?", {"withdrawal"}),
        ("¿Cuál es el presupuesto anual de la Oficina?", {"budget or staff"}),
        ("How many staff does the AI Office have?", {"budget or staff"}),
        # Whom a safeguard keeps out, not a body's staff.
        ("What protections against rogue staff does the Code ask for?", set()),
        ("What protections against threats from staff does the Code expect?", set()),
        ("When did the Conference of the Parties hold its first meeting?", {"first meeting"}),
        ("¿En qué fecha se celebró la primera reunión?", {"first meeting"}),
        ("How many countries have completed the Readiness Assessment?", {"completion"}),
        ("¿Cuántos países han completado la evaluación?", {"completion"}),
        ("Which area is left completely outside the treaty?", set()),
        ("Has Canada signed the Convention?", {"signature"}),
        ("¿Qué países no firmaron la declaración?", {"signature"}),
        ("As of 1 November 2023, 28 countries had endorsed the Declaration.", {"signature"}),
        ("The Convention was opened for signature in Vilnius.", {"signature"}),
        ("Which city will host the summit that follows the Paris summit?", {"next occurrence"}),
        ("Quel pays accueillera le prochain sommet ?", {"next occurrence"}),
        ("Quel pays accueillera le sommet qui suit celui de Paris ?", {"next occurrence"}),
        ("¿Qué país acogerá la cumbre que sigue a la de París?", {"next occurrence"}),
        ("Korea would co-host the next, virtual, summit.", {"next occurrence"}),
        ("How do developers follow the code of conduct?", set()),
        ("Which government chaired the Coalition in 2025?", {"chairing"}),
        ("Quel pays assurait la présidence de la Coalition ?", {"chairing"}),
        ("The Paris AI Action Summit was co-chaired by France and India.", {"chairing"}),
        ("How do developers apply the Japanese-presidency code?", set()),
        ("Which dangers were listed next to the upsides?", set()),  # beside, not following
        ("What did the process launched under Japan's chairmanship ask?", set()),
        ("How many Member States co-sponsored resolution 79/325?", {"co-sponsorship"}),
        ("Combien d'États s'étaient portés coauteurs de la résolution ?", {"co-sponsorship"}),
        # An office of the president chairs nothing.
        ("Does the presidential science office's framework allow that?", set()),
        ("What does the American president's science office's framework give?", set()),
        ("Who was the summit's president?", {"chairing"}),
        ("¿Qué dijo la oficina presidencial sobre la IA?", set()),
        ("¿Quién presidió la mesa redonda?", {"chairing"}),
        ("Has the EU since postponed the high-risk obligations?", {"postponement"}),
        ("¿En qué fecha entró en vigor el Convenio?", {"entry into force"}),
        ("The Act entered into force on 1 August 2024.", {"entry into force"}),
        ("¿Se aplazó la entrada en aplicación?", {"postponement"}),
        ("Which country hosts the summit that followed the Paris summit?", {"next occurrence"}),
        ("Quel pays accueillera le sommet qui succède au Sommet de Paris ?", {"next occurrence"}),
        # A presidency that dates what is asked is not asked about.
        ("How many took part in the pilot run under Japan's G7 presidency?", set()),
        ("Which country held the G7 presidency in 2023?", {"chairing"}),
        ("Has any company actually been fined under the Act yet?", {"penalty imposed"}),
        ("How many penalties have national authorities actually imposed?", {"penalty imposed"}),
        ("¿Cuántas empresas han sido multadas?", {"penalty imposed"}),
        # The fines a text provides for are no fine imposed.
        ("Breaches can be fined up to EUR 15 million.", set()),
        ("Fines of up to EUR 35 million may be imposed.", set()),
        # A text named by where it was signed, or a compound, is not an event asked about.
        ("Do back-office tools fall in the category for vote-swaying systems?", set()),
        ("¿Qué inquietudes expresó la declaración firmada en Bletchley Park?", set()),
        # None: the neighbouring events the sources do report.
        ("Paragraph 1 records that participants came from over 100 countries.", set()),
        ("The Office released the Blueprint on 4 October 2022.", set()),
        ("Quelle est votre position sur la convention ?", set()),  # "votre" is no vote
        ("Significant risks were designated by the Office.", set()),
        # What replaced a text is not its release (unseen38 unans-u38-14).
        ("Which executive order replaced the Blueprint in January 2025?", {"replacement"}),
        ("¿Qué texto sustituyó al Plan?", {"replacement"}),
        ("Mechanisms are needed to supersede or deactivate AI systems.", {"replacement"}),
        # Who has taken a text up, not the body that adopted it (unseen40, unseen42).
        ("Which companies have publicly adopted the NIST framework?", {"uptake"}),
        ("It has been adopted by UNESCO's 193 Member States.", {"uptake"}),
        ("¿Cuántas empresas han adoptado el marco?", {"uptake"}),
        ("Which governments backed the text adopted at the May 2024 summit?", set()),
        ("Which states voted when the Council adopted the Act?", {"vote"}),
        # Objections and reactions the sources would have to report (unseen25, unseen28).
        ("Which countries raised objections during the negotiation?", {"objection"}),
        ("¿Qué país se opuso a incluir la desinformación?", {"objection"}),
        ("How did the big technology companies react?", {"reaction"}),
        ("The Convention's object and purpose are set out in Article 1.", set()),
    ],
)
def test_events_named_in_english_french_and_spanish(text: str, named: set[str]) -> None:
    assert events(text) == named


def test_judge_declines_when_no_sentence_reports_the_event_asked_about() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    negotiated = Candidate(
        "The 46 member States, the EU and 11 other States negotiated the Convention.",
        0.9,
        "coe",
        "Negotiation",
        True,
    )
    ratified = judge.judge("How many States have ratified the Convention?", [negotiated])
    assert ratified.abstain
    assert ratified.reason == "no sentence reports the ratification asked about"
    assert not judge.judge("How many States negotiated the Convention?", [negotiated]).abstain
    released = Candidate(
        "The Office released the Blueprint on 4 October 2022.", 0.9, "blueprint", "", True
    )
    withdrawn = judge.judge("On what date was the Blueprint withdrawn?", [released])
    assert withdrawn.abstain and "withdrawal" in withdrawn.reason
    assert not judge.judge("On what date was the Blueprint released?", [released]).abstain


def test_a_sentence_reporting_the_event_stays_eligible() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    neighbour = Candidate(
        "57 States took part in the opening for signature.", 0.95, "coe", "", True
    )
    bound = Candidate(
        "It enters into force after five signatories have consented to be bound.",
        0.8,
        "coe",
        "Entry into force",
        True,
    )
    verdict = judge.judge("How many ratifications does the Convention need?", [neighbour, bound])
    assert not verdict.abstain and verdict.eligible == (1,)


def test_each_thing_asked_needs_only_its_own_event() -> None:
    judge = EvidenceJudge({"seoul": "Seoul Declaration (AI Seoul Summit, 2024)"}, threshold=0.3)
    chaired = Candidate(
        "The session was co-chaired by President Yoon Suk Yeol and Prime Minister Rishi Sunak.",
        0.9,
        "seoul",
        "",
        True,
    )
    dated = Candidate(
        "Leaders adopted the Seoul Declaration on 21 May 2024.", 0.8, "seoul", "", True
    )
    both = judge.judge("Who co-chaired the session, and on what date?", [chaired, dated])
    assert not both.abstain and set(both.eligible) == {0, 1}
    alone = judge.judge("On what date did the co-chairs open the session?", [chaired, dated])
    assert alone.abstain  # the date is in no sentence about the chairing
