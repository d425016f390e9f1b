"""Less common spellings and edits, each checked against what a user would expect."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

import newscard
from newscard import LimitError, NewscardError, ValidationError
from newscard._convert import from_dict, reference_loads
from newscard._model import FrozenDict


def card(extra: str) -> str:
    return f'---\ntitle: "A title"\n{extra}---\n'


def error_of(text: str) -> NewscardError:
    with pytest.raises(NewscardError) as info:
        newscard.loads(text)
    return info.value


# -- reading ---------------------------------------------------------------------------


def test_the_non_specific_tag_resolves_as_libyaml_does() -> None:
    assert newscard.loads(card("quality: ! 58\n")).quality == 58
    assert reference_loads(card("quality: ! 58\n")).quality == 58
    assert newscard.loads(card("category: ! news\n")).category == "news"
    error = error_of(card("category: ! 12\n"))
    assert (error.path, error.message) == ("category", "expected a string, got an int '12'")
    quoted = newscard.loads(card('category: ! "12"\ntopics: [! "AI", ! x]\n'))
    assert (quoted.category, quoted.topics) == ("12", ("AI", "x"))


@pytest.mark.parametrize(
    ("written", "value"),
    [("-5", -5), ("+7", 7), ("0", 0), ("-0", 0), ("9223372036854775807", 2**63 - 1)],
)
def test_plain_decimal_integers(written: str, value: int) -> None:
    assert newscard.loads(card(f"quality: {written}\n")).quality == value
    assert newscard.loads(card(f"heat: {written}\n")).heat == value
    assert reference_loads(card(f"quality: {written}\n")).quality == value


@pytest.mark.parametrize(
    ("written", "means"),
    [
        ("0x10", 16),
        ("017", 15),
        ("0755", 493),
        ("1_000", 1000),
        ("1:20", 80),
        ("190:20:30", 685230),
        ("0b101", 5),
    ],
)
def test_yaml_1_1_integer_spellings_are_refused_with_a_hint(written: str, means: int) -> None:
    error = error_of(card(f"quality: {written}\n"))
    assert error.path == "quality"
    assert error.message == (
        f"expected an integer, got {written!r} (YAML 1.1 reads it as {means}): "
        "write a plain decimal, or quote it if it is text"
    )
    assert (error.line, error.column) == (3, 10)


@pytest.mark.parametrize("written", ["9223372036854775808", "-9223372036854775809", "9" * 30])
def test_integers_beyond_64_bits_are_refused(written: str) -> None:
    error = error_of(card(f"quality: {written}\n"))
    assert error.message == f"{written} is out of range (integers in cards fit in 64 bits)"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "2001-12-14 21:59:43.10 -5",
            datetime(2001, 12, 14, 21, 59, 43, 100000, timezone(timedelta(hours=-5))),
        ),
        ("2021-05-21T10:00:00", datetime(2021, 5, 21, 10, tzinfo=timezone.utc)),
        (
            '"2021-05-21T10:00:00+02:00"',
            datetime(2021, 5, 21, 10, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("20210521T100000Z", datetime(2021, 5, 21, 10, tzinfo=timezone.utc)),
    ],
)
def test_timestamp_spellings(written: str, expected: datetime) -> None:
    text = card(f"publishedDateTime: {written}\n")
    assert newscard.loads(text).published_date_time == expected
    assert reference_loads(text).published_date_time == expected


@pytest.mark.parametrize(
    ("extra", "path", "message", "kind"),
    [
        (
            "publishedDateTime: [x]\n",
            "publishedDateTime",
            "expected a timestamp, got a list",
            ValidationError,
        ),
        ("topics: [a, ~]\n", "topics[1]", "expected a string, got null", ValidationError),
        (
            "x: &a {url: u}\nimages: [*a]\n",
            "images[0]",
            "aliases are not allowed in cards",
            LimitError,
        ),
        (
            "x: &a u\ntopics: [*a]\n",
            "topics[0]",
            "expected a string, got an alias",
            ValidationError,
        ),
        ("x: &a u\nprovider: *a\n", "provider", "aliases are not allowed in cards", LimitError),
        ("x: &a u\nwebUrl: *a\n", "webUrl", "aliases are not allowed in cards", LimitError),
        (
            "provider: !!map {name: x}\n",
            "provider",
            "unsupported tag 'tag:yaml.org,2002:map'",
            ValidationError,
        ),
        ("!!str quality: 1\nquality: 2\n", "quality", "duplicate key 'quality'", ValidationError),
        ("x: &k a\n*k : 1\n", "", "aliases are not allowed in cards", LimitError),
        ("? [a]\n: b\n", "", "a key must be a string, not a mapping or a list", ValidationError),
        ("!foo k: v\n", "", "unsupported tag '!foo'", ValidationError),
        ("1: v\n", "", "a key must be a string, got '1'", ValidationError),
        ("x: =\n", "x", "unsupported plain scalar '='", ValidationError),
        ("x: <<\n", "x", "unsupported plain scalar '<<'", ValidationError),
        (
            "x: {? [a]: b}\n",
            "x",
            "a key must be a scalar, not a mapping or a list",
            ValidationError,
        ),
        ("x: {a: 1, a: 2}\n", "x.a", "duplicate key 'a'", ValidationError),
        ("x: !!binary aGk=\n", "x", "unsupported tag 'tag:yaml.org,2002:binary'", ValidationError),
        ("x: !!set {a}\n", "x", "unsupported tag 'tag:yaml.org,2002:set'", ValidationError),
        (
            "images: [{url: [x]}]\n",
            "images[0].url",
            "expected a string, got a list",
            ValidationError,
        ),
    ],
)
def test_odd_input_is_refused_clearly(extra: str, path: str, message: str, kind: type) -> None:
    error = error_of(card(extra))
    assert type(error) is kind
    assert (error.path, error.message) == (path, message)


def test_a_known_key_with_an_explicit_str_tag() -> None:
    assert newscard.loads(card("!!str quality: 5\n")).quality == 5
    error = error_of(card("quality: 1\n!!str quality: 2\n"))
    assert (error.path, error.message) == ("quality", "duplicate key 'quality'")


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ("quality: !!str 5\n", "quality", "expected an integer, got the string '5' (tagged !!str)"),
        ("topics: x\n", "topics", "expected a list of strings, got the string 'x'"),
        ("images: [~]\n", "images[0]", "expected a mapping, got null"),
        (
            "publishedDateTime: !!str 2021-05-21T10:00:00Z\n",
            "publishedDateTime",
            "expected a timestamp, got the string '2021-05-21T10:00:00Z' (tagged !!str)",
        ),
        (
            "publishedDateTime: 2021-05-21T24:00:00Z\n",
            "publishedDateTime",
            (
                "invalid timestamp '2021-05-21T24:00:00Z': the hour must be 0 to 23 "
                "(24:00 is written 00:00 of the next day)"
            ),
        ),
        (
            "publishedDateTime: 2021-05-21T10:61:00Z\n",
            "publishedDateTime",
            "invalid timestamp '2021-05-21T10:61:00Z': the minute must be 0 to 59",
        ),
        (
            "publishedDateTime: 2021-05-21T23:59:60Z\n",
            "publishedDateTime",
            (
                "invalid timestamp '2021-05-21T23:59:60Z': the second must be 0 to 59 "
                "(leap seconds cannot be represented)"
            ),
        ),
        (
            "publishedDateTime: 2021-05-21T23:59:61Z\n",
            "publishedDateTime",
            "invalid timestamp '2021-05-21T23:59:61Z': the second must be 0 to 59",
        ),
        (
            "publishedDateTime: 2021-05-21T10:00:00+25:00\n",
            "publishedDateTime",
            (
                "invalid timestamp '2021-05-21T10:00:00+25:00': the offset must be less than "
                "24 hours (-23:59 to +23:59)"
            ),
        ),
        (
            "publishedDateTime: 2021-05-21T10:00:00+05:75\n",
            "publishedDateTime",
            (
                "invalid timestamp '2021-05-21T10:00:00+05:75': the offset must be less than "
                "24 hours (-23:59 to +23:59)"
            ),
        ),
        (
            "publishedDateTime: yesterday\n",
            "publishedDateTime",
            "expected a timestamp, got the string 'yesterday'",
        ),
    ],
)
def test_more_wrong_values(extra: str, path: str, message: str) -> None:
    error = error_of(card(extra))
    assert (error.path, error.message) == (path, message)


def test_null_lists_are_empty() -> None:
    read = newscard.loads(card("topics: ~\nimages:\nrelated: null\n"))
    assert (read.topics, read.images, read.related) == ((), (), ())


def test_a_line_that_only_starts_like_a_fence() -> None:
    read = newscard.loads("---\ntitle: x\n----: 1\n---x: 2\n---\nbody\n")
    assert dict(read.extra) == {"----": 1, "---x": 2}
    assert read.body == "body\n"


def test_more_than_one_document() -> None:
    error = error_of("---\ntitle: x\n--- {title: y}\n---\n")
    assert error.message == "the front matter holds more than one YAML document"


def test_unknown_keys_hold_plain_data() -> None:
    loaded = newscard.loads(
        card("a: 1.5\nb: [yes, null, ~, 2021-05-21]\nc: {d: 'e'}\nf: !!str 12\ng: ! x\nh: ! 12\n")
    )
    assert loaded.extra == {
        "a": 1.5,
        "b": [True, None, None, datetime(2021, 5, 21).date()],
        "c": {"d": "e"},
        "f": "12",
        "g": "x",
        "h": 12,
    }
    assert reference_loads(card("h: ! 12\ng: ! x\n")).extra == {"h": 12, "g": "x"}


def test_load_from_a_file_object(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text(card("quality: nine\n"))
    with path.open("rb") as handle, pytest.raises(ValidationError) as info:
        newscard.load(handle)
    assert info.value.filename == str(path)
    with pytest.raises(ValidationError) as info:
        newscard.load(io.BytesIO(path.read_bytes()))
    assert info.value.filename is None
    assert newscard.load(io.BytesIO(card("").encode())).title == "A title"


def test_error_repr_and_str() -> None:
    error = ValidationError("bad", path="a.b", line=3, column=4, filename="f.md")
    assert str(error) == "f.md:3:4: a.b: bad"
    assert repr(error) == "ValidationError('f.md:3:4: a.b: bad')"
    assert str(NewscardError("plain")) == "plain"


def test_extra_is_read_only() -> None:
    loaded = newscard.loads(card("x: 1\n"))
    with pytest.raises(TypeError, match="immutable"):
        loaded.extra["y"] = 2  # type: ignore[index]
    with pytest.raises(TypeError, match="immutable"):
        loaded.extra.update(y=2)  # type: ignore[attr-defined]
    assert isinstance(loaded.extra, FrozenDict)
    assert repr(loaded.extra) == "{'x': 1}"


# -- writing ---------------------------------------------------------------------------


def test_unknown_values_of_every_shape_are_written() -> None:
    built = newscard.Article(
        title="t",
        extra={"t": [1, 2], "m": FrozenDict({"k": "v"}), "n": None, "s": "a\u2028b"},
    )
    assert newscard.loads(newscard.dumps(built)).extra == {
        "t": [1, 2],
        "m": {"k": "v"},
        "n": None,
        "s": "a\u2028b",
    }


def test_values_that_are_not_card_values_are_refused() -> None:
    with pytest.raises(newscard.ValidationError, match="published: expected a boolean, got int"):
        newscard.Article(title="t", published=1)  # type: ignore[arg-type]
    with pytest.raises(newscard.ValidationError, match=r"topics\[0\]: expected a string, got int"):
        newscard.Article(title="t", topics=(1,))  # type: ignore[arg-type]
    read = newscard.loads(card("quality: 1\n"))
    with pytest.raises(newscard.ValidationError, match="quality: expected an integer, got float"):
        attrs.evolve(read, quality=1.5)  # type: ignore[arg-type]


def test_quoting_styles_follow_the_original() -> None:
    text = card("category: 'news'\nexcerpt: plain words\ntype: \"article\"\n")
    read = newscard.loads(text)
    out = newscard.dumps(attrs.evolve(read, category="it's", excerpt="a: b", type="x\ny"))
    assert "category: 'it''s'\n" in out
    assert 'excerpt: "a: b"\n' in out
    assert 'type: "x\\ny"\n' in out
    out = newscard.dumps(attrs.evolve(read, category="line\nbreak"))
    assert 'category: "line\\nbreak"\n' in out


def edit(text: str, **changes: object) -> str:
    read = newscard.loads(text)
    edited = attrs.evolve(read, **changes)  # type: ignore[arg-type]
    out = newscard.dumps(edited)
    assert newscard.loads(out) == edited
    return out


def test_flow_lists_are_edited_item_by_item() -> None:
    text = card("topics: [a, 'b', \"c\"]\n")
    assert 'topics: [a, x, y, "c"]\n' in edit(text, topics=("a", "x", "y", "c"))
    assert "topics: [a]\n" in edit(text, topics=("a",))
    assert "topics: ['b', \"c\"]\n" in edit(text, topics=("b", "c"))
    assert "topics: [z, a, 'b', \"c\"]\n" in edit(text, topics=("z", "a", "b", "c"))
    assert "topics: [a, 'b', \"c\", d]\n" in edit(text, topics=("a", "b", "c", "d"))
    assert "topics: [a, 'x', \"c\"]\n" in edit(text, topics=("a", "x", "c"))


def test_block_lists_take_items_anywhere() -> None:
    text = card("topics:\n  - a\n  - b\n")
    assert edit(text, topics=("z", "a", "b")).endswith("topics:\n  - z\n  - a\n  - b\n---\n")
    assert edit(text, topics=("a", "m", "b")).endswith("topics:\n  - a\n  - m\n  - b\n---\n")
    assert edit(text, topics=("b",)).endswith("topics:\n  - b\n---\n")


def test_a_list_item_in_the_middle_starting_on_the_next_line() -> None:
    text = card("related:\n  - title: a\n  -\n    title: b\n  - title: c\n")
    read = newscard.loads(text)
    first, middle, last = read.related
    assert [r.title for r in newscard.loads(edit(text, related=(first, last))).related] == [
        "a",
        "c",
    ]
    added = newscard.RelatedItem(title="n")
    out = edit(text, related=(first, added, middle, last))
    assert [r.title for r in newscard.loads(out).related] == ["a", "n", "b", "c"]


def test_list_items_whose_content_starts_on_the_next_line() -> None:
    text = card("related:\n  -\n    title: one\n  -\n    title: two\n")
    read = newscard.loads(text)
    item = newscard.RelatedItem(title="three")
    out = edit(text, related=(*read.related, item))
    assert newscard.loads(out).related[-1] == item
    out = edit(text, related=read.related[1:])
    assert [r.title for r in newscard.loads(out).related] == ["two"]


def test_flow_mapping_items_in_a_block_list() -> None:
    text = card("images:\n  - {url: a, width: 1}\n  - {url: b}\n")
    read = newscard.loads(text)
    out = edit(text, images=(attrs.evolve(read.images[0], width=2), read.images[1]))
    assert '  - {url: "a", width: 2}\n  - {url: b}\n' in out


def test_a_card_written_as_one_flow_mapping() -> None:
    front = "{title: t, topics: [a], provider: {name: p}, related: [{title: r}], x: [1, {y: 2}]}"
    text = f"---\n{front}\n---\n"
    read = newscard.loads(text)
    out = edit(text, quality=3)
    assert newscard.loads(out).extra == {"x": [1, {"y": 2}]}
    assert out.count("\n") == text.count("\n")
    assert read.topics == ("a",)


def test_removing_the_first_key_of_a_list_item() -> None:
    text = card("images:\n  - url: a\n    width: 1\n  - url: b\n")
    read = newscard.loads(text)
    out = edit(text, images=(attrs.evolve(read.images[0], url=None), read.images[1]))
    assert "  - width: 1\n  - url: b\n" in out
    out = edit(text, images=(newscard.Image(), read.images[1]))
    assert "  - {}\n  - url: b\n" in out
    extra_first = card("images:\n  - note: n\n    url: a\n")
    read = newscard.loads(extra_first)
    out = edit(extra_first, images=(attrs.evolve(read.images[0], extra={}),))
    assert out.endswith('images:\n  - url: "a"\n---\n')  # the item is written afresh


def test_a_mapping_emptied_of_every_key() -> None:
    text = card("provider:\n  name: p\n  domain: d\n")
    assert "provider: {}\n" in edit(text, provider=newscard.Provider())


def test_unknown_keys_change_in_place() -> None:
    text = card("x: 1\ny:\n  - a\n")
    out = edit(text, extra={"x": 2, "y": ["a", "b"]})
    assert out == card("x: 2\ny:\n  - a\n  - b\n")
    assert edit(text, extra={"y": ["a"]}) == card("y:\n  - a\n")


def test_from_dict_edges() -> None:
    assert from_dict({"title": "x", "topics": None}).topics == ()
    with pytest.raises(ValidationError, match="topics: expected a list of strings, got str"):
        from_dict({"title": "x", "topics": "a"})
    with pytest.raises(ValidationError, match="expected a mapping, got str"):
        from_dict("not a mapping")  # type: ignore[call-overload]
    naive = from_dict({"title": "x", "publishedDateTime": datetime(2021, 5, 21, 10)})
    assert naive.published_date_time == datetime(2021, 5, 21, 10, tzinfo=timezone.utc)
    with pytest.raises(ValidationError, match="publishedDateTime: expected a timestamp, got int"):
        from_dict({"title": "x", "publishedDateTime": 5})
    with pytest.raises(ValidationError, match="publishedDateTime: expected a timestamp, got str"):
        from_dict({"title": "x", "publishedDateTime": "soon"})
    with pytest.raises(ValidationError, match="the front matter must be a mapping"):
        reference_loads("---\n- a\n---\n")
