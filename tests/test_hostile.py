"""Hostile input: only NewscardError, never a crash, a hang, a hidden value or a wrong position."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newscard
from newscard import LimitError, NewscardError, ParseError, ValidationError, _scalars
from newscard._model import identical
from newscard._scalars import FLOAT, INT, RESOLVERS, STR, plain_tag


def card(extra: str) -> str:
    return f'---\ntitle: "A title"\n{extra}---\n'


def error_of(text: str | bytes, limits: newscard.Limits = newscard.DEFAULT_LIMITS) -> NewscardError:
    with pytest.raises(NewscardError) as info:
        newscard.loads(text, limits=limits)
    return info.value


# --- line breaks that only YAML sees ---------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "line", "column"),
    [
        ("excerpt: Harmless\u2028quality: 999\n", 3, 18),
        ("excerpt: Harmless\u2029quality: 999\n", 3, 18),
        ("# a comment\u2028quality: 999\n", 3, 12),
        ("excerpt: a\u0085quality: 999\n", 3, 11),
        ('excerpt: "in quotes\u0085too"\n', 3, 20),
        ("excerpt: a\rquality: 999\n", 3, 11),
        ('excerpt: "a\rb"\n', 3, 12),
    ],
)
def test_line_breaks_that_line_tools_do_not_see_are_refused(
    extra: str, line: int, column: int
) -> None:
    error = error_of(card(extra))
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (line, column)
    assert "line break for YAML" in error.message


def test_separators_inside_quotes_are_kept_and_positions_count_line_feeds() -> None:
    text = card('excerpt: "one\u2028two\u2029three"\nquality: "bad"\n')
    error = error_of(text)
    assert (error.path, error.line, error.column) == ("quality", 4, 10)
    good = newscard.loads(card('excerpt: "one\u2028two"\nquality: 5\n'))
    assert good.excerpt == "one\u2028two"
    edited = attrs.evolve(good, quality=6, excerpt="three\u2029four")
    text = newscard.dumps(edited)
    assert identical(newscard.loads(text), edited)
    assert "quality: 6\n" in text


def test_crlf_is_a_line_ending_not_a_problem() -> None:
    text = card("quality: 5\n").replace("\n", "\r\n")
    assert newscard.loads(text).quality == 5


# --- characters a file cannot hold -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('---\ntitle: "a\ud800b"\n---\n', 2, 10),
        ("---\ntitle: x\n---\nbody \udfff\n", 4, 6),
    ],
)
def test_lone_surrogates_in_text_are_refused_where_they_are(
    text: str, line: int, column: int
) -> None:
    error = error_of(text)
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (line, column)
    assert "lone surrogate" in error.message


def test_a_byte_offset_is_not_taken_for_a_column() -> None:
    error = error_of("---\ntitle: ééé\xff\n---\n".encode("latin-1").replace(b"\xe9", "é".encode()))
    assert (error.line, error.column) == (2, 11)


# --- integers --------------------------------------------------------------------------------


def test_a_huge_integer_under_an_unknown_key_is_an_error_not_a_crash() -> None:
    for digits in (4400, 6000):
        error = error_of(card(f"views: {'7' * digits}\n"))
        assert isinstance(error, ValidationError)
        assert (error.path, error.message) == ("views", "an integer of more than 4096 bits")
    error = error_of(card(f"views: 0x{'f' * 1100}\n"))
    assert error.message == "an integer of more than 4096 bits"
    assert newscard.loads(card(f"views: {'7' * 1000}\n")).extra["views"] == int("7" * 1000)


@pytest.mark.parametrize("digits", [19, 25, 5000])
def test_a_long_integer_in_a_typed_field_is_out_of_range(digits: int) -> None:
    error = error_of(card(f"heat: {'9' * digits}\n"))
    assert error.path == "heat"
    assert error.message.endswith("is out of range (integers in cards fit in 64 bits)")


# --- size: values, not characters ------------------------------------------------------------


def test_too_many_values_is_a_limit_with_a_position() -> None:
    text = card("images: [" + ",".join(["{}"] * 60_000) + "]\n")
    error = error_of(text)
    assert isinstance(error, LimitError)
    assert error.message == "more than 50000 values in the front matter"
    assert error.line == 3
    small = newscard.Limits(max_nodes=10)
    assert isinstance(
        error_of(card("topics: [a, b, c, d, e, f, g, h, i, j, k]\n"), small), LimitError
    )
    assert newscard.loads(card("topics: [a, b, c]\n"), limits=small).topics == ("a", "b", "c")


def test_a_card_as_long_as_its_values_is_read_without_counting() -> None:
    text = card("topics: [" + ",".join(["a"] * 20) + "]\n")
    limits = newscard.Limits(max_nodes=len(text))
    assert len(newscard.loads(text, limits=limits).topics) == 20


# --- PyYAML's base-60 numbers, decided without its memory-hungry patterns ---------------------

_NUMERIC = st.text(
    alphabet=st.sampled_from(list("0123456789_:+-.")), min_size=1, max_size=24
).filter(lambda value: ":" in value)


@given(_NUMERIC)
def test_long_values_with_colons_resolve_as_pyyaml_does(value: str) -> None:
    expected = STR
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            expected = str(tag)
            break
    assert _scalars._long_tag(value, RESOLVERS.get(value[:1], ())) == expected


def test_a_long_base_60_value_is_classified_in_linear_memory() -> None:
    assert plain_tag("1" + ":1" * 200_000) == INT
    assert plain_tag("1" + ":1" * 200_000 + ".5") == FLOAT
    assert plain_tag("1" + ":1" * 200_000 + "x") == STR
    assert plain_tag("2021-05-21T10:00:00." + "0" * 300) == "tag:yaml.org,2002:timestamp"


# --- everything hostile: only NewscardError, and what reads is what line tools see -----------

_HOSTILE = st.sampled_from(
    [
        *list(" -:#[]{}'\"|>!&*?,\n\tabc1"),
        "\x85",
        "\u2028",
        "\u2029",
        "\r",
        "\r\n",
        "\ufeff",
        "\x00",
        "�",
        "9" * 30,
        "0755",
    ]
)
_KEY_AT_LINE_START = re.compile(r"^(?:[\"']?)([A-Za-z]+)", re.MULTILINE)


@settings(max_examples=500)
@given(st.lists(_HOSTILE, max_size=40).map("".join))
def test_hostile_text_reads_as_shown_or_is_refused(soup: str) -> None:
    text = "---\ntitle: t\n" + soup + "\n---\n"
    try:
        read = newscard.loads(text)
    except NewscardError as error:
        lines = text.count("\n") + 1
        assert error.line is None or 1 <= error.line <= lines
        return
    # Every known key that was read stands at the start of a line of its own.
    front = text[4 : text.rindex("\n---")]
    shown = set(_KEY_AT_LINE_START.findall(front))
    if read.quality is not None:
        assert "quality" in shown
    assert newscard.dumps(read) == text
    fresh = newscard.dumps(attrs.evolve(read, source=None))
    assert identical(newscard.loads(fresh), read)


def test_an_integer_spelling_python_cannot_convert_is_still_explained() -> None:
    error = error_of(card(f"quality: 1_{'0' * 4400}\n"))
    assert error.message.startswith("expected an integer, got '1_000")
    assert "(YAML 1.1 reads it as a number)" in error.message


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_long_digit_strings_resolve_as_pyyaml_does(digits: str) -> None:
    value = digits * (_scalars._LONG // len(digits) + 1)
    expected = STR
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            expected = str(tag)
            break
    assert plain_tag(value) == expected
