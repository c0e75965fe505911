"""Support checker and claim-level grounding on hand-made passages (SciFact: test_checkers.py)."""

from __future__ import annotations

import pytest
from conftest import cited_answer

from govqa.embed import SentenceTransformerEmbedder
from govqa.grounding import (
    OverlapSupportChecker,
    check_grounding,
    markers,
    strip_markers,
)

COE = (
    "The Council of Europe Framework Convention was opened for signature on 5 September 2024 "
    "in Vilnius, at a conference of Council of Europe Ministers of Justice. It enters into force "
    "after five signatories, including at least three Council of Europe member States, have "
    "ratified it. The Convention does not create new human rights."
)
OECD = (
    "The OECD Council adopted the Recommendation on Artificial Intelligence at Ministerial level "
    "on 22 May 2019. AI actors should ensure that AI systems can be overridden, repaired and/or "
    "decommissioned safely if they risk causing undue harm."
)


@pytest.fixture(scope="session")
def checker() -> OverlapSupportChecker:
    return OverlapSupportChecker(SentenceTransformerEmbedder("all-MiniLM-L6-v2"))


def test_markers_are_parsed_and_stripped() -> None:
    assert markers("A [1] and B [2, 3].") == [1, 2, 3]
    assert strip_markers("A  [1] and B [2, 3].") == "A and B."


@pytest.mark.slow
def test_exact_quote_is_supported(checker: OverlapSupportChecker) -> None:
    claim = "It enters into force after five signatories, including at least three Council [1]"
    verdict = checker.supports(claim, [OECD, COE])
    assert verdict.supported and verdict.score == 1.0, verdict
    assert "passage 2" in verdict.reason


@pytest.mark.slow
def test_quote_with_other_case_and_spacing_is_supported(checker: OverlapSupportChecker) -> None:
    verdict = checker.supports("the OECD council adopted the recommendation  [2]", [OECD])
    assert verdict.supported and verdict.score == 1.0, verdict


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        "The Convention opened for signature in Vilnius on 5 September 2024.",
        "AI systems that risk undue harm must be able to be safely overridden or decommissioned.",
    ],
)
def test_paraphrase_is_supported(checker: OverlapSupportChecker, claim: str) -> None:
    verdict = checker.supports(claim, [COE, OECD])
    assert verdict.supported, verdict
    assert verdict.score < 1.0  # not a quote: decided by the score


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "missing"),
    [
        ("The Convention was opened for signature on 5 September 2023 in Vilnius.", "2023"),
        ("The Convention was opened for signature on 5 October 2024 in Vilnius.", "october"),
        ("It enters into force after seven signatories have ratified it.", "7"),
        ("The Convention was opened for signature in Warsaw in 2024.", "warsaw"),
        ("The OECD adopted the Recommendation on 22 May 2019 with 47 votes.", "47"),
    ],
)
def test_invented_number_date_or_name_is_unsupported(
    checker: OverlapSupportChecker, claim: str, missing: str
) -> None:
    verdict = checker.supports(claim, [COE, OECD])
    assert not verdict.supported, verdict
    assert missing in verdict.reason


@pytest.mark.slow
def test_flipped_negation_is_unsupported(checker: OverlapSupportChecker) -> None:
    verdict = checker.supports("The Convention creates new human rights.", [COE])
    assert not verdict.supported, verdict
    assert "negation" in verdict.reason


@pytest.mark.slow
def test_unrelated_sentence_is_unsupported(checker: OverlapSupportChecker) -> None:
    verdict = checker.supports("Farmers harvest wheat at the end of the summer.", [COE, OECD])
    assert not verdict.supported, verdict
    assert verdict.score < checker.threshold


def test_no_passage_is_unsupported() -> None:
    verdict = OverlapSupportChecker().supports("Anything at all.", [])
    assert not verdict.supported and verdict.reason == "no passage"


def test_dangling_marker_is_reported() -> None:
    answer = cited_answer(
        [
            ("The OECD Council adopted the Recommendation on Artificial Intelligence.", (1,)),
            ("The Convention does not create new human rights.", (3,)),
        ],
        [OECD],
    )
    report = check_grounding(answer, OverlapSupportChecker())
    assert report.invalid_citations == (3,)
    assert [c.supported for c in report.claims] == [True, False]
    assert report.claims[1].reason == "cites only markers that point at nothing"
    assert report.claims[0].cited_chunk_ids == ("c1",)
    assert report.score == 0.5 and not report.passed
    assert report.unsupported == ("The Convention does not create new human rights.",)


def test_grounding_checks_the_cited_passage_only() -> None:
    claim = "The Convention does not create new human rights."
    answer = cited_answer([(claim, (1,))], [OECD, COE])  # the quote is in passage 2, cited is 1
    report = check_grounding(answer, OverlapSupportChecker())
    assert not report.claims[0].supported
    fixed = check_grounding(cited_answer([(claim, (2,))], [OECD, COE]), OverlapSupportChecker())
    assert fixed.passed and fixed.score == 1.0


def test_sentence_without_citation_is_unsupported() -> None:
    report = check_grounding(cited_answer([("Some claim.", ())], [OECD]), OverlapSupportChecker())
    assert report.claims[0].reason == "cites nothing" and report.score == 0.0
