"""canonical_url on the cases other URL libraries' test suites merge (see url_cases.py)."""

from __future__ import annotations

import pytest

from newscard._urls import canonical_url
from url_cases import DIFFERENT, OTHER, PEER_CASES, SAME, PeerCase


@pytest.mark.parametrize("case", PEER_CASES, ids=lambda case: f"{case.peer}: {case.what}")
def test_peer_case(case: PeerCase) -> None:
    one, other = canonical_url(case.one), canonical_url(case.other)
    assert (one == other) is case.newscard, (one, other)
    assert canonical_url(one) == one
    assert canonical_url(other) == other


def test_every_case_that_keeps_apart_says_why() -> None:
    for case in PEER_CASES:
        assert case.verdict in {SAME, DIFFERENT, OTHER}
        assert bool(case.why) is not case.newscard, case.what


def test_most_same_page_cases_merge_and_no_two_pages_do() -> None:
    same = [case for case in PEER_CASES if case.verdict == SAME]
    merged = [case for case in same if case.newscard]
    assert len(same) >= 50
    assert len(merged) >= 45
    assert len(merged) >= 0.9 * len(same)
    assert not [case for case in PEER_CASES if case.verdict == DIFFERENT and case.newscard]
    assert not [case for case in PEER_CASES if case.verdict == OTHER and case.newscard]


@pytest.mark.parametrize("peer", ["ural", "courlan", "w3lib", "url-normalize"])
def test_every_peer_is_mined(peer: str) -> None:
    cases = [case for case in PEER_CASES if case.peer.split(" ")[0] == peer]
    assert any(case.verdict == SAME and case.newscard for case in cases)
