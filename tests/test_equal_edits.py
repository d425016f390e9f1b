"""An edit to a value that compares equal but is written differently is still written.

``10:00Z == 15:30+05:30``, ``True == 1 == 1.0`` and ``0.0 == -0.0``: each pair reads back
equal, so a writer comparing with ``==`` would drop the edit. Writing compares by value,
type, offset, sign and key order.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from conftest import SHARED_CARDS, STYLE_FIXTURES
from newscard._model import differs, identical

UTC = timezone.utc
IST = timezone(timedelta(hours=5, minutes=30))
CARD = """\
---
title: "Equal but different"
publishedDateTime: 2021-05-21T10:00:00Z
flag: true
ratio: 0.0
nested: {a: [1, 2], b: 1}
related:
  - title: "Item"
    publishedDateTime: 2021-05-21T10:00:00Z
    score: 1
---
"""


def written(**changes: Any) -> newscard.Article:
    card = newscard.loads(CARD)
    edited = attrs.evolve(card, **changes)
    text = newscard.dumps(edited)
    back = newscard.loads(text)
    assert identical(back, edited), text
    return back


def test_an_offset_change_of_the_same_instant_is_written() -> None:
    moment = datetime(2021, 5, 21, 15, 30, tzinfo=IST)
    back = written(published_date_time=moment)
    assert back.published_date_time is not None
    assert back.published_date_time.utcoffset() == timedelta(hours=5, minutes=30)
    assert "publishedDateTime: 2021-05-21T15:30:00+05:30\n" in (back.source_text or "")


@pytest.mark.parametrize("value", [1, 1.0])
def test_a_boolean_edited_into_a_number_is_written(value: object) -> None:
    card = newscard.loads(CARD)
    back = written(extra={**card.extra, "flag": value})
    assert type(back.extra["flag"]) is type(value)


def test_a_new_unknown_key_before_every_kept_one_is_written_before_them() -> None:
    card = newscard.loads(CARD)
    back = written(extra={"added": "x", **card.extra})
    assert list(back.extra)[:2] == ["added", "flag"]
    assert "\nadded: x\nflag: true\n" in (back.source_text or "")


def test_a_negative_zero_and_nested_types_are_written() -> None:
    card = newscard.loads(CARD)
    back = written(extra={**card.extra, "ratio": -0.0, "nested": {"a": [1, 2.0], "b": True}})
    assert str(back.extra["ratio"]) == "-0.0"
    assert type(back.extra["nested"]["a"][1]) is float
    assert back.extra["nested"]["b"] is True


def test_an_equal_related_item_with_another_offset_is_written() -> None:
    card = newscard.loads(CARD)
    item = card.related[0]
    moved = attrs.evolve(
        item, published_date_time=datetime(2021, 5, 21, 3, tzinfo=timezone(-timedelta(hours=7)))
    )
    assert moved == item
    back = written(related=(moved,))
    assert "2021-05-21T03:00:00-07:00" in (back.source_text or "")


def test_differs_and_identical() -> None:
    when = datetime(2021, 5, 21, 10, tzinfo=UTC)
    assert not differs(when, when)
    assert differs(when, when.astimezone(IST))
    assert not differs(when, datetime(2021, 5, 21, 10, tzinfo=UTC))
    assert differs(True, 1)
    assert differs(1, 1.0)
    assert differs(0.0, -0.0)
    assert not differs(float("nan"), float("nan"))
    assert differs([1, 2], (1, 2))
    assert not differs({"a": 1, "b": 2}, {"b": 2, "a": 1})  # YAML mappings have no order
    assert not differs({"a": [1]}, {"a": [1]})
    assert differs({1: "x"}, {True: "x"})
    assert differs({"a": 1}, {"a": 1, "b": 2})
    assert not identical({"a": 1, "b": 2}, {"a": 1})
    assert not differs(newscard.Image(width=1), newscard.Image(width=1))


# Pairs of values that are equal and written differently.
_SAME_INSTANT = st.builds(
    lambda moment, hours: (moment, moment.astimezone(timezone(timedelta(hours=hours)))),
    st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(-12, 14).filter(bool),
)
_NUMBERS = st.sampled_from([(True, 1), (1, True), (1, 1.0), (False, 0), (0, 0.0), (0.0, -0.0)])
_SAMPLES = [p.read_text(encoding="utf-8") for p in [*STYLE_FIXTURES, *SHARED_CARDS[::4]]]


@given(st.sampled_from(_SAMPLES), _SAME_INSTANT)
def test_any_offset_change_of_publish_time_is_written(
    text: str, pair: tuple[datetime, datetime]
) -> None:
    card = attrs.evolve(newscard.loads(text), published_date_time=pair[0])
    card = newscard.loads(newscard.dumps(card))
    edited = attrs.evolve(card, published_date_time=pair[1])
    assert differs(card.published_date_time, edited.published_date_time)
    assert identical(newscard.loads(newscard.dumps(edited)), edited)


@given(st.sampled_from(_SAMPLES), _NUMBERS, st.text(min_size=1, max_size=8))
def test_any_equal_number_of_another_type_is_written(
    text: str, pair: tuple[object, object], key: str
) -> None:
    card = newscard.loads(text)
    key = f"x-{key}"
    first = newscard.loads(newscard.dumps(attrs.evolve(card, extra={**card.extra, key: pair[0]})))
    edited = attrs.evolve(first, extra={**first.extra, key: pair[1]})
    back = newscard.loads(newscard.dumps(edited))
    assert identical(back, edited)
    assert type(back.extra[key]) is type(pair[1])
