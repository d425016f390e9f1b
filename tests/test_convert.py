"""The fast reader against the plain reference path, and cards as plain data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import newscard
from conftest import STYLE_FIXTURES
from newscard import ValidationError
from newscard._convert import reference_loads
from strategies import articles
from test_fuzz import mutated


def test_the_fast_path_agrees_with_the_reference_path_on_shared_cards(shared_path: Path) -> None:
    text = shared_path.read_text(encoding="utf-8")
    assert newscard.loads(text) == reference_loads(text)


def test_the_fast_path_agrees_with_the_reference_path_on_the_fixtures() -> None:
    for path in STYLE_FIXTURES:
        text = path.read_text(encoding="utf-8")
        assert newscard.loads(text) == reference_loads(text), path.name


@given(mutated())
def test_whatever_the_fast_path_reads_the_reference_path_reads_alike(data: bytes) -> None:
    try:
        card = newscard.loads(data)
    except newscard.NewscardError:
        return
    assert reference_loads(data.decode("utf-8")) == card


@given(articles)
def test_cards_survive_plain_data(card: newscard.Article) -> None:
    assert newscard.from_dict(newscard.to_dict(card)) == card


def test_cards_survive_json(shared_path: Path) -> None:
    card = newscard.load(shared_path)
    data = newscard.to_dict(card, json=True)
    again = newscard.from_dict(json.loads(json.dumps(data)))
    assert again == card
    assert list(data)[: len(data) - 1] == [k for k in data if k != "body"]
    assert data["body"] == card.body


def test_attribute_names_are_refused_with_the_key_name() -> None:
    with pytest.raises(ValidationError) as caught:
        newscard.from_dict({"title": "x", "related": [{"title": "y", "published_date_time": "z"}]})
    assert caught.value.path == "related[0].published_date_time"
    assert "did you mean 'publishedDateTime'?" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        newscard.from_dict({"title": "x", "publishedDateTime": "2021-05-21T24:00:00Z"})
    assert caught.value.message.startswith("invalid timestamp '2021-05-21T24:00:00Z': the hour")
