"""The examples of docs/dedup.md run as written."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "dedup.md"


def test_the_examples_of_the_dedup_page_hold() -> None:
    failed, attempted = doctest.testfile(str(DOC), module_relative=False, verbose=False)
    assert attempted >= 10
    assert failed == 0
