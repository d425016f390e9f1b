"""Bad input: one exception family, with the file, line, column and YAML key path."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import newscard
from newscard import LimitError, NewscardError, ParseError, ValidationError
from newscard._convert import from_dict, reference_loads

CARD = '---\ntitle: "A title"\n{extra}---\n'


def card(extra: str) -> str:
    return CARD.format(extra=extra)


def error_of(text: str | bytes) -> NewscardError:
    with pytest.raises(NewscardError) as info:
        newscard.loads(text)
    return info.value


def test_the_root_is_a_value_error() -> None:
    assert issubclass(NewscardError, ValueError)
    for cls in (ParseError, ValidationError, LimitError):
        assert issubclass(cls, NewscardError)


@pytest.mark.parametrize(
    ("extra", "path", "message", "line", "column"),
    [
        ('quality: "58"\n', "quality", "expected an integer, got the quoted string '58'", 3, 10),
        ("quality: 58.5\n", "quality", "expected an integer, got a float '58.5'", 3, 10),
        ("heat: true\n", "heat", "expected an integer, got a bool 'true'", 3, 7),
        (
            'published: "false"\n',
            "published",
            "expected a boolean, got the quoted string 'false'",
            3,
            12,
        ),
        ("published: 1\n", "published", "expected a boolean, got an int '1'", 3, 12),
        ("webUrl: {a: b}\n", "webUrl", "expected a string, got a mapping", 3, 9),
        ("webUrl: [x]\n", "webUrl", "expected a string, got a list", 3, 9),
        ("category: 12\n", "category", "expected a string, got an int '12'", 3, 11),
        ("category: yes\n", "category", "expected a string, got a bool 'yes'", 3, 11),
        ("images: x\n", "images", "expected a list of mappings, got the string 'x'", 3, 9),
        ("images:\n  - x\n", "images[0]", "expected a mapping, got the string 'x'", 4, 5),
        ("topics: [a, [b]]\n", "topics[1]", "expected a string, got a list", 3, 13),
        ("topics:\n  - 5\n", "topics[0]", "expected a string, got an int '5'", 4, 5),
        ("provider: x\n", "provider", "expected a mapping, got the string 'x'", 3, 11),
        (
            "publishedDateTime: 2021-05-21\n",
            "publishedDateTime",
            (
                "expected a timestamp, got the date '2021-05-21' without a time of day "
                "(write 2021-05-21T00:00:00Z, or the time it was published)"
            ),
            3,
            20,
        ),
        (
            'publishedDateTime: "2022-07-14U09:30:00+05:30"\n',
            "publishedDateTime",
            "expected a timestamp, got the quoted string '2022-07-14U09:30:00+05:30'",
            3,
            20,
        ),
        (
            "publishedDateTime: soon\n",
            "publishedDateTime",
            "expected a timestamp, got the string 'soon'",
            3,
            20,
        ),
        (
            (
                "related:\n  - title: a\n  - title: b\n  - title: c\n  - title: d\n"
                "    provider:\n      domain: [x]\n"
            ),
            "related[3].provider.domain",
            "expected a string, got a list",
            9,
            15,
        ),
        (
            "related:\n  - excerpt: no title\n",
            "related[0].title",
            "missing required key 'title'",
            4,
            5,
        ),
        ("related:\n  - title: ~\n", "related[0].title", "missing required key 'title'", 4, 5),
        ("quality: 1\nquality: 2\n", "quality", "duplicate key 'quality'", 4, 1),
        ("x: 1\nx: 2\n", "x", "duplicate key 'x'", 4, 1),
        ("provider:\n  name: a\n  name: b\n", "provider.name", "duplicate key 'name'", 5, 3),
        ("x:\n  k: 1\n  k: 2\n", "x.k", "duplicate key 'k'", 5, 3),
        ("secured: 12\n", "secured", "expected a string, got an int of 2 characters", 3, 10),
        (
            "x: 2021-02-30T00:00:00Z\n",
            "x",
            "invalid timestamp: day is out of range for month",
            3,
            4,
        ),
        (
            "publishedDateTime: 2021-02-30T00:00:00Z\n",
            "publishedDateTime",
            "invalid timestamp '2021-02-30T00:00:00Z': 2021-02-30 is not a day of the calendar",
            3,
            20,
        ),
    ],
)
def test_wrong_values_name_their_key_path_and_position(
    extra: str, path: str, message: str, line: int, column: int
) -> None:
    error = error_of(card(extra))
    assert isinstance(error, ValidationError)
    assert (error.path, error.message, error.line, error.column) == (path, message, line, column)
    assert str(error) == f"{line}:{column}: {path}: {message}"


def test_missing_title_at_the_top() -> None:
    error = error_of("---\nexcerpt: no title here\n---\n")
    assert (error.path, error.message, error.line) == ("title", "missing required key 'title'", 2)


def test_secrets_are_not_quoted_in_errors() -> None:
    secret = "QUJDREVGR0hJSktMTU5PUA==;MTIzNDU2Nzg5MDEyMzQ1Ng=="  # noqa: S105 - a made-up blob
    error = error_of(card(f"secured: [{secret}]\n"))
    assert secret not in str(error)
    error = error_of(card(f"secured:\n  {secret}: 1\n"))
    assert secret not in str(error)


def test_a_secret_is_never_shown_whole_in_repr() -> None:
    secret = "QUJDREVGR0hJSktMTU5PUA==;MTIzNDU2Nzg5MDEyMzQ1Ng=="  # noqa: S105 - a made-up blob
    shown = repr(newscard.loads(card(f'secured: "{secret}"\n')))
    assert secret not in shown
    assert f"<secret of {len(secret)} characters>" in shown
    assert not any(secret[i : i + 4] in shown for i in range(len(secret) - 3))


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "empty input: a card starts with a '---' line", 1),
        ("  \n\n", "empty input: a card starts with a '---' line", 1),
        ("title: x\n", "no front matter: a card starts with a '---' line", 1),
        ("---\ntitle: x\n", "no closing '---' line after the front matter", 1),
        ("---\n---\n", "the front matter is empty", 2),
        ("---\n- a\n- b\n---\n", "the front matter must be a mapping, got a list", 2),
        (
            "---\njust text\n---\n",
            "the front matter must be a mapping, got the string 'just text'",
            2,
        ),
    ],
)
def test_text_that_is_not_a_card(text: str, message: str, line: int) -> None:
    error = error_of(text)
    assert isinstance(error, ParseError)
    assert (error.message, error.line) == (message, line)


def test_broken_yaml_gives_the_position_in_the_file() -> None:
    error = error_of('---\ntitle: "A title"\nexcerpt: "unclosed\n---\n')
    assert isinstance(error, ParseError)
    assert error.message.startswith("invalid YAML: ")
    assert error.line is not None
    assert error.line >= 3
    error = error_of("---\ntitle: x\n  bad: indent\n---\n")
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (3, 6)
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_control_characters_and_bad_bytes() -> None:
    error = error_of(card("excerpt: a\x01b\n"))
    assert isinstance(error, ParseError)
    assert "control characters" in error.message or "special characters" in error.message
    assert error.line == 3
    error = error_of(b'---\ntitle: "caf\xe9"\n---\n')
    assert isinstance(error, ParseError)
    assert error.message == "not UTF-8: byte 0xe9 at offset 15"
    assert (error.line, error.column) == (2, 12)


def test_python_tags_are_rejected_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"!!python/object/apply:os.system ['touch {marker}']"
    for text in (card(f"x: {payload}\n"), card(f"category: {payload}\n")):
        error = error_of(text)
        assert "unsupported tag 'tag:yaml.org,2002:python/object/apply:os.system'" in error.message
    assert not marker.exists()
    assert "unsupported tag" in error_of(card("x: !custom 1\n")).message
    assert "unsupported tag" in error_of(card("quality: !!int '5'\n")).message


def test_standard_str_tag_is_a_string() -> None:
    assert newscard.loads(card("category: !!str 12\n")).category == "12"


def test_the_alias_bomb_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    text = "---\ntitle: bomb\n" + "\n".join(lines) + "\n---\n"
    start = time.perf_counter()
    error = error_of(text)
    elapsed = time.perf_counter() - start
    assert isinstance(error, LimitError)
    assert error.message == "aliases are not allowed in cards"
    assert error.path == "b[0]"
    assert elapsed < 0.5


def test_aliases_are_refused_everywhere() -> None:
    assert isinstance(error_of(card("x: &a 1\ny: *a\n")), LimitError)
    assert isinstance(
        error_of(card("provider: &p {name: a}\nrelated:\n  - title: *p\n")), LimitError
    )
    assert isinstance(error_of("---\ntitle: &t x\ncategory: *t\n---\n"), LimitError)


def test_deep_nesting_is_a_limit_error_not_a_recursion_error() -> None:
    depth = 20_000
    for value in ("[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth):
        error = error_of(card(f"x: {value}\n"))
        assert isinstance(error, LimitError)
        assert error.message == "nesting deeper than 64 levels"
    deep_block = "".join(f"{'  ' * i}k:\n" for i in range(200))
    assert isinstance(
        error_of(card("x:\n" + "  " + deep_block.replace("\n", "\n  ")[:-2])), LimitError
    )


def test_limits_are_configurable() -> None:
    text = card("x: [[[[1]]]]\n")
    assert newscard.loads(text).extra["x"] == [[[[1]]]]
    with pytest.raises(LimitError):
        newscard.loads(text, limits=newscard.Limits(max_depth=3))
    with pytest.raises(LimitError, match="more than the 10 allowed"):
        newscard.loads(text, limits=newscard.Limits(max_size=10))
    with pytest.raises(LimitError, match="card is 38 bytes, more than 5 characters"):
        newscard.loads(text.encode(), limits=newscard.Limits(max_size=5))
    with pytest.raises(ValueError, match="max_depth must be at least 1"):
        newscard.Limits(max_depth=0)


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(card("quality: high\n"))
    with pytest.raises(ValidationError) as info:
        newscard.load(path)
    assert info.value.filename == str(path)
    assert str(info.value) == f"{path}:3:10: quality: expected an integer, got the string 'high'"


def test_load_needs_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text(card(""))
    with path.open(encoding="utf-8") as handle, pytest.raises(TypeError, match="binary file"):
        newscard.load(handle)  # type: ignore[arg-type]


def test_errors_pickle() -> None:
    import pickle  # noqa: PLC0415

    error = error_of(card("quality: x\n")).in_file("a.md")
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(again) is ValidationError
    assert str(again) == str(error)


def test_the_reference_path_agrees_on_every_wrong_type() -> None:
    for extra, path in [
        ('quality: "58"\n', "quality"),
        ("quality: 58.5\n", "quality"),
        ('published: "false"\n', "published"),
        (
            "related:\n  - title: a\n  - title: b\n    provider: {domain: [x]}\n",
            "related[1].provider.domain",
        ),
        ("related:\n  - excerpt: x\n", "related[0].title"),
        ("topics: [a, 5]\n", "topics[1]"),
    ]:
        text = card(extra)
        fast = error_of(text)
        with pytest.raises(ValidationError) as info:
            reference_loads(text)
        assert fast.path == info.value.path == path, extra
        assert type(fast) is type(info.value)


def test_from_dict_errors() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict({"title": "x", "related": [{"title": "a", "quality": "9"}]})
    assert info.value.path == "related[0].quality"
    assert info.value.message == "expected an integer, got str '9'"


def test_a_file_too_large_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\ntitle: x\n---\n" + "\u00e9".encode() * 50)
    limits = newscard.Limits(max_size=20)
    with pytest.raises(LimitError, match="more than 20 characters") as info:
        newscard.load(path, limits=limits)
    assert info.value.filename == str(path)
