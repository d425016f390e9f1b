"""Properties of writing and reading cards built in code."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

import newscard
from newscard._patch import patch
from strategies import articles, texts


@given(articles)
def test_a_written_card_reads_back_equal(card: newscard.Article) -> None:
    text = newscard.dumps(card)
    assert newscard.loads(text) == card


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
    assert newscard.loads(newscard.dumps(edited)) == second
    # ...and the text came from splicing edits into the original, not from a rewrite.
    spliced = patch(read._source, edited)  # type: ignore[arg-type]
    assert spliced is not None
    assert newscard.loads(spliced[0]) == second


@given(articles, st.data())
def test_an_edited_field_reads_back(card: newscard.Article, data: st.DataObject) -> None:
    read = newscard.loads(newscard.dumps(card))
    title = data.draw(texts)
    topics = data.draw(st.lists(texts, max_size=3).map(tuple))
    edited = attrs.evolve(read, title=title, topics=topics)
    assert newscard.loads(newscard.dumps(edited)) == edited
