"""Properties of writing and reading cards built in code."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from conftest import STYLE_FIXTURES
from newscard._model import identical
from newscard._patch import patch
from strategies import articles, texts

pytestmark = pytest.mark.usefixtures("reader_path")  # both ways of reading


@given(articles)
def test_a_written_card_reads_back_equal(card: newscard.Article) -> None:
    text = newscard.dumps(card)
    assert identical(newscard.loads(text), card)


@given(articles)
def test_writing_is_idempotent(card: newscard.Article) -> None:
    text = newscard.dumps(card)
    again = newscard.loads(text)
    assert newscard.dumps(again) == text
    assert newscard.dumps(attrs.evolve(again, source=None)) == text


@given(articles, articles)
def test_editing_a_read_card_into_any_other_card_reads_back_as_that_card(
    first: newscard.Article, second: newscard.Article
) -> None:
    read = newscard.loads(newscard.dumps(first))
    edited = attrs.evolve(
        read,
        **{a.alias: getattr(second, a.name) for a in attrs.fields(newscard.Article)[:-1]},  # type: ignore[arg-type]
    )
    assert identical(newscard.loads(newscard.dumps(edited)), second)
    # ...and the text came from splicing edits into the original, not from a rewrite.
    spliced = patch(read._source, edited)  # type: ignore[arg-type]
    assert spliced is not None
    assert identical(newscard.loads(spliced[0]), second)


@given(articles, st.data())
def test_an_edited_field_reads_back(card: newscard.Article, data: st.DataObject) -> None:
    read = newscard.loads(newscard.dumps(card))
    title = data.draw(texts)
    topics = data.draw(st.lists(texts, max_size=3).map(tuple))
    edited = attrs.evolve(read, title=title, topics=topics)
    assert identical(newscard.loads(newscard.dumps(edited)), edited)


STYLED = [newscard.loads(p.read_text(encoding="utf-8")) for p in STYLE_FIXTURES]


@given(st.sampled_from(STYLED), articles, st.data())
def test_any_edit_of_any_style_splices_and_reads_back(
    read: newscard.Article, other: newscard.Article, data: st.DataObject
) -> None:
    names = [a.name for a in attrs.fields(newscard.Article)[:-1]]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    edited = attrs.evolve(read, **{name: getattr(other, name) for name in chosen})
    spliced = patch(read._source, edited)  # type: ignore[arg-type]
    assert spliced is not None
    assert identical(newscard.loads(spliced[0]), edited)
