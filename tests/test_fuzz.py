"""Mutated cards: only NewscardError ever escapes, and whatever reads writes back unchanged."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import newscard
from conftest import SHARED_CARDS, STYLE_FIXTURES
from edits import single_edits
from newscard._patch import patch

pytestmark = pytest.mark.usefixtures("reader_path")  # both ways of reading

SEEDS = [p.read_bytes() for p in [*STYLE_FIXTURES, *SHARED_CARDS[:25]]]


def check(data: bytes) -> None:
    """The property every input must satisfy."""
    try:
        card = newscard.loads(data)
    except newscard.NewscardError as error:
        assert error.message
        return
    text = data.decode("utf-8")
    assert newscard.dumps(card) == text
    # Writing it afresh must read back as the same card.
    fresh = newscard.dumps(attrs.evolve(card, source=None))
    assert newscard.loads(fresh) == card


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "truncate", "dup-line", "del-line", "insert"]))
        if not data:
            break
        if action == "flip":
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[draw(st.integers(0, len(data))) :]
        elif action in ("dup-line", "del-line"):
            lines = bytes(data).split(b"\n")
            at = draw(st.integers(0, len(lines) - 1))
            if action == "dup-line":
                lines.insert(at, lines[at])
            else:
                del lines[at]
            data = bytearray(b"\n".join(lines))
        else:
            at = draw(st.integers(0, len(data)))
            piece = draw(st.text(max_size=8)).encode("utf-8", "surrogatepass")
            data[at:at] = piece
    return bytes(data)


@settings(max_examples=400)
@given(mutated())
def test_mutated_cards(data: bytes) -> None:
    check(data)


@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    check(data)


@given(st.text(max_size=200))
def test_random_text_after_a_fence(text: str) -> None:
    check(("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


@given(st.text(alphabet=st.sampled_from(list(" -:#[]{}'\"|>!&*?,\n\tabc1")), max_size=80))
def test_yaml_punctuation_soup(text: str) -> None:
    check(("---\ntitle: t\n" + text + "\n---\n").encode("utf-8"))


def check_an_edit(data: bytes, choose: st.DataObject) -> None:
    """Any single edit of whatever reads is spliced in place and reads back as the edit."""
    try:
        card = newscard.loads(data)
    except newscard.NewscardError:
        event("does not read")
        return
    event("reads")
    edits = list(single_edits(card))
    _, what, edited = choose.draw(st.sampled_from(edits), label="edit")
    spliced = patch(card._source, edited)  # type: ignore[arg-type]
    assert spliced is not None, what
    assert newscard.loads(spliced[0]) == edited, what


@settings(max_examples=1000)
@given(mutated(), st.data())
def test_edits_of_mutated_cards(data: bytes, choose: st.DataObject) -> None:
    check_an_edit(data, choose)


SOUP = st.text(alphabet=st.sampled_from(list(" -:#[]{}'\"|>!&*?,\n\tabc1")), max_size=80)


@settings(max_examples=1000)
@given(SOUP, st.data())
def test_edits_of_punctuation_soup(text: str, choose: st.DataObject) -> None:
    check_an_edit(("---\ntitle: t\n" + text + "\n---\n").encode("utf-8"), choose)


def test_the_seeds_are_cards() -> None:
    assert len(SEEDS) >= len(STYLE_FIXTURES) > 5
    for data in SEEDS:
        check(data)
        assert newscard.loads(data).title
