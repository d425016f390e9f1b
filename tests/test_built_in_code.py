"""Values built in code are checked like values read from files, whatever they are.

Any value given to a constructor or to ``attrs.evolve`` either makes a card that writes and
reads back exactly (types, offsets and all), or is refused with a ``ValidationError`` naming
the attribute: never a card that fails later, far away, or writes what does not read back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newscard
from newscard import Article, Image, Provider, RelatedItem, ValidationError
from newscard._model import identical
from strategies import articles, extra_values

ANYTHING: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.binary(max_size=4),
        st.datetimes(timezones=st.none() | st.just(timezone.utc)),
        st.dates(),
        st.builds(Provider, name=st.text(max_size=4)),
        st.builds(Image, width=st.integers(0, 9)),
        st.builds(RelatedItem, title=st.text(max_size=4)),
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        | st.frozensets(st.integers(), max_size=2)
    ),
    max_leaves=5,
)
DEEP: Any = [1]
for _ in range(70):
    DEEP = [DEEP]
FIELDS = [a.alias for a in attrs.fields(Article) if a.alias != "source"]


@settings(max_examples=400)
@given(articles, st.sampled_from(FIELDS), ANYTHING)
def test_any_value_for_any_attribute_is_refused_or_written_exactly(
    card: Article, name: str, value: Any
) -> None:
    read = newscard.loads(newscard.dumps(card))
    try:
        edited = attrs.evolve(read, **{name: value})
    except ValidationError as error:
        assert error.path.split(".")[0].split("[")[0] == name
        return
    back = newscard.loads(newscard.dumps(edited))
    assert identical(back, edited)


@given(st.sampled_from([Image, Provider, RelatedItem]), st.data())
def test_nested_classes_refuse_like_articles(cls: type[Any], data: st.DataObject) -> None:
    names = [a.alias for a in attrs.fields(cls) if a.alias != "title"]
    name = data.draw(st.sampled_from(names))
    value = data.draw(ANYTHING)
    title = {"title": "t"} if cls is RelatedItem else {}
    try:
        item = cls(**title, **{name: value})
    except ValidationError:
        return
    card = Article(title="x", related=(item,)) if cls is RelatedItem else None
    if card is not None:
        assert identical(newscard.loads(newscard.dumps(card)), card)


@given(extra_values)
def test_any_value_a_card_can_read_is_accepted_under_an_unknown_key(value: Any) -> None:
    card = Article(title="t", extra={"x": value})
    assert identical(newscard.loads(newscard.dumps(card)), card)


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"topics": "Ports"}, "topics", "a string is not a list of strings"),
        ({"title": None}, "title", "title is required, got None"),
        ({"quality": "5"}, "quality", "expected an integer, got str '5' (write quality=5"),
        ({"quality": 5.0}, "quality", "expected an integer, got float 5.0 (write quality=5)"),
        ({"quality": True}, "quality", "expected an integer, got bool True"),
        ({"quality": 2**63}, "quality", "out of range"),
        (
            {"provider": {"name": "X"}},
            "provider",
            "build it with Provider(...) or newscard.from_dict",
        ),
        (
            {"images": [{"url": "u"}]},
            "images[0]",
            "expected a Image, got a dict: build it with Image",
        ),
        ({"related": [{"title": "t"}]}, "related[0]", "RelatedItem"),
        ({"published_date_time": "2024-01-01T00:00:00Z"}, "published_date_time", "parse it first"),
        ({"published_date_time": datetime(2024, 1, 1)}, "published_date_time", "naive"),
        ({"published_date_time": date(2024, 1, 1)}, "published_date_time", "a date alone"),
        ({"published": 1}, "published", "expected a boolean, got int 1"),
        ({"extra": {"webUrl": "x"}}, "webUrl", "not an unknown key: set the attribute 'web_url'"),
        ({"extra": {"t": (1, 2)}}, "t", "(use a list)"),
        ({"extra": {"s": {1, 2}}}, "s", "cannot be written as YAML"),
        ({"extra": {"b": b"x"}}, "b", "cannot be written as YAML"),
        ({"extra": {"deep": DEEP}}, "deep", "nesting deeper than 64"),
        ({"extra": {"n": 2**5000}}, "n", "an integer of more than 4096 bits"),
        ({"extra": "x"}, "extra", "expected a mapping, got str"),
        ({"title": "a\ud800"}, "title", "lone surrogate"),
        ({"body": "a\udfff"}, "body", "lone surrogate"),
    ],
)
def test_what_is_refused_and_how_it_is_said(
    changes: dict[str, Any], path: str, message: str
) -> None:
    base = Article(title="x")
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(base, **changes)
    assert path in caught.value.path
    assert message in caught.value.message


def test_an_empty_title_is_a_title() -> None:
    card = Article(title="")
    assert newscard.loads(newscard.dumps(card)).title == ""


def test_an_aware_time_of_any_offset_is_kept() -> None:
    moment = datetime(2024, 1, 1, 10, tzinfo=timezone(timedelta(hours=-7)))
    card = Article(title="x", published_date_time=moment)
    back = newscard.loads(newscard.dumps(card))
    assert back.published_date_time is not None
    assert back.published_date_time.utcoffset() == timedelta(hours=-7)


def test_odd_keys_and_absent_lists() -> None:
    assert Article(title="x", topics=None).topics == ()  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown keys must be strings, got int 1"):
        Article(title="x", extra={1: "one"})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="a key must be a scalar, got tuple"):
        Article(title="x", extra={"m": {(1, 2): "pair"}})
    card = Article(title="x", extra={"m": {1: "one", None: "none", 1.5: "x"}})
    assert identical(newscard.loads(newscard.dumps(card)), card)
    assert newscard.to_dict(card, json=True)["m"] == {"1": "one", "null": "none", "1.5": "x"}


def test_none_in_a_list_is_named() -> None:
    with pytest.raises(ValidationError, match=r"topics\[1\]: expected a string, got None"):
        Article(title="x", topics=("a", None))  # type: ignore[arg-type]
