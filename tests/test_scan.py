"""The line scanner and the libyaml path read every card alike; anything else falls back.

The contract is differential: for any text, ``loads`` gives the same card (values, types, key
order, timezone offsets, unknown keys and the layout that splicing uses) or the same error
whether or not the scanner is switched on. Text the scanner accepts must be text libyaml
accepts too.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

import newscard
from conftest import SHARED_CARDS, STYLE_FIXTURES, examples
from newscard import DEFAULT_LIMITS, Limits, _reader, _scan
from newscard._reader import split
from newscard._scalars import BOOL, INT, NULL, STR, plain_tag
from newscard._schema import ARTICLE
from strategies import articles, readable_articles
from variants import VARIANTS

# -- the comparison -----------------------------------------------------------------------


@contextlib.contextmanager
def libyaml_only() -> Iterator[None]:
    """``loads`` with the scanner switched off: every card read from libyaml's events."""
    scan, _reader._fast = _reader._fast, None
    try:
        yield
    finally:
        _reader._fast = scan


def deep(value: Any) -> Any:
    """A value spelled out with its types: bool is not int, offsets and key order count."""
    if attrs.has(type(value)):
        fields = [
            (a.name, deep(getattr(value, a.name)))
            for a in attrs.fields(type(value))
            if a.name != "_source"
        ]
        if isinstance(value, newscard.Article):
            source = value._source
            assert source is not None
            fields.append(("layout", source.layout))
        return (type(value).__name__, fields)
    if isinstance(value, dict):
        return ("dict", [(deep(k), deep(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [deep(v) for v in value])
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), value.utcoffset(), value.tzname())
    return (type(value).__name__, value)


def outcome(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """What ``loads`` gives: the card spelled out, or the error with its message and place."""
    try:
        card = newscard.loads(text, limits=limits)
    except Exception as error:  # noqa: BLE001 - whatever is raised, both paths raise it
        return ("error", type(error).__name__, str(error))
    return deep(card)


def scanned(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether the scanner reads this text itself (rather than leaving it to libyaml)."""
    try:
        start, end, _ = split(text)
    except newscard.NewscardError:
        return False
    assert _reader._fast is not None
    return _reader._fast(text[start:end], limits) is not None


def check(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Both paths read ``text`` alike; returns whether the scanner read it."""
    fast = outcome(text, limits)
    with libyaml_only():
        slow = outcome(text, limits)
    assert fast == slow
    accepted = scanned(text, limits)
    if accepted:  # what the scanner accepts, libyaml accepts
        assert slow[0] == "Article"
    return accepted


def test_the_switch_turns_the_scanner_off() -> None:
    assert _reader._fast is not None
    with libyaml_only():
        assert _reader._fast is None
    assert _reader._fast is not None


# -- real cards, fixtures and generated cards ---------------------------------------------


def test_every_shared_card_is_read_by_the_scanner_alike(shared_path: Path) -> None:
    text = shared_path.read_text(encoding="utf-8")
    assert check(text), "a card in the generator's style fell back to libyaml"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_style_fixtures_read_alike_in_every_variant(style_card: Path, variant: str) -> None:
    check(VARIANTS[variant](style_card.read_text(encoding="utf-8")))


def test_the_reference_style_fixture_is_scanned() -> None:
    for name in ("reference.md", "plain-older.md", "no-final-newline.md"):
        assert scanned((STYLE_FIXTURES[0].parent / name).read_text(encoding="utf-8")), name


@settings(max_examples=examples(300))
@given(articles)
def test_generated_cards_read_alike(card: newscard.Article) -> None:
    event("scanned" if check(newscard.dumps(card)) else "left to libyaml")


@settings(max_examples=examples(300))
@given(readable_articles)
def test_generated_cards_with_readable_text_read_alike(card: newscard.Article) -> None:
    event("scanned" if check(newscard.dumps(card)) else "left to libyaml")


# -- mutated cards ----------------------------------------------------------------------------

SEEDS = [
    text
    for text in (p.read_text(encoding="utf-8") for p in [*STYLE_FIXTURES, *SHARED_CARDS[::4]])
    if len(text) < 20_000  # the largest cards take long and add no new shape
]

# Values written after "key: " (or "- "): every style and spelling that could be misread.
REPLACEMENTS = [
    '"plain quoted"',
    '""',
    '"with \\"escaped\\" quotes"',
    '"tab\\tnew\\nline\\r\\b\\f"',
    '"slash \\/ and backslash \\\\"',
    '"\\u00e9t\\u00e9 \\u2028 \\u0000 \\u0085 \\ufeff \\uFFFE"',
    '"\\ud83d\\ude00"',
    '"\\x41 \\e \\N \\L \\P \\0 \\_ \\a \\v"',
    '"\\ space"',
    '"\\U0001F600"',
    '"unterminated',
    '"two" "strings"',
    '"quote" # comment',
    '"trailing" ',
    "'single'",
    "'it''s'",
    "plain words",
    "a: b",
    "a #b",
    "a#b",
    "#comment",
    "x:",
    ":x",
    ":",
    "-x",
    "- x",
    "-",
    "?x",
    "? x",
    "[a, b]",
    "{a: b}",
    "a, b]",
    "&anchor x",
    "*alias",
    "!tag x",
    "!!str x",
    "! x",
    "|",
    ">-",
    "%x",
    "@x",
    "`x",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "True",
    "FALSE",
    "true",
    "false",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    " ",
    "  two leading spaces",
    "value  with  inner  spaces",
    "trailing ",
    "12",
    '"12"',
    "012",
    "0o12",
    "0x1F",
    "0b101",
    "1_000",
    "1:30",
    "190:20:30",
    "1.5",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "+12",
    "-12",
    "-0",
    "0",
    "00",
    "123456789012345678",
    "1234567890123456789",
    "2021-05-21",
    "2021-05-21T10:00:00Z",
    '"2021-05-21T10:00:00Z"',
    "2021-05-21T10:00:00+05:30",
    "2021-05-21T10:00:00-00:00",
    "2021-05-21t10:00:00Z",
    "2021-05-21 10:00:00",
    "2021-02-30T10:00:00Z",
    "2021-05-21T24:00:00Z",
    "2021-05-21T10:00:60Z",
    "2021-05-21T10:00:00.5Z",
    "2021-05-21T10:00:00+24:00",
    '"2021-05-21T10:00:00Z',
    "<<",
    "=",
    "=x",
    "---",
    "...",
    "https://example.test/a?b=c#d",
    "é\u00a0nbsp and emoji \U0001f600",
    "9to5 site",
    "x" * 1100,
]

KEY_LINE = re.compile(r"^( *)(- )?([A-Za-z][A-Za-z0-9]*)(:(?: .*)?)$")


def value_lines(text: str) -> list[int]:
    """The lines holding a key and a value, or a list item."""
    lines = text.split("\n")
    return [
        n
        for n, line in enumerate(lines)
        if (KEY_LINE.match(line) and ": " in line) or line.lstrip(" ").startswith("- ")
    ]


def replace_value(text: str, n: int, value: str) -> str:
    lines = text.split("\n")
    line = lines[n]
    match = KEY_LINE.match(line)
    if match is not None and ": " in line:
        lines[n] = line[: line.index(": ") + 2] + value
    else:
        dash = line.index("- ")
        lines[n] = line[: dash + 2] + value
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_value_spelling_reads_alike(seed: int) -> None:
    text = SEEDS[seed]
    lines = value_lines(text)
    for k, value in enumerate(REPLACEMENTS):
        for n in (lines[(k * 7) % len(lines)], lines[(k * 13 + 5) % len(lines)]):
            check(replace_value(text, n, value))


KEYS = [
    "yes",
    "Null",
    "On",
    "y",
    '"title"',
    "title ",
    "Title",
    "x" * 200,
    "a_b",
    "_",
    "1a",
    "images:",
]


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_odd_keys_and_indentation_read_alike(seed: int) -> None:
    text = SEEDS[seed]
    lines = text.split("\n")
    front = len(text[: split(text)[1]].split("\n"))
    for n in range(1, front - 1, max(1, front // 40)):  # 40 lines of the largest cards
        line = lines[n]
        for changed in (" " + line, line[1:], "  " + line, "\t" + line, line + " ", line + " #"):
            check("\n".join([*lines[:n], changed, *lines[n + 1 :]]))
        check("\n".join([*lines[:n], line, *lines[n:]]))  # the line twice
        match = KEY_LINE.match(line)
        if match is not None:
            key = KEYS[n % len(KEYS)]
            renamed = match[1] + (match[2] or "") + key + match[4]
            check("\n".join([*lines[:n], renamed, *lines[n + 1 :]]))


BREAKS = ["\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\t", "\ufeff"]
ODD = ["\x00", "\x07", "\x1b", "\x7f", "\x80", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_line_break_and_odd_character_reads_alike(seed: int) -> None:
    text = SEEDS[seed]
    lines = value_lines(text)
    for k, char in enumerate(BREAKS + ODD):
        n = lines[(k * 5) % len(lines)]
        line_start = sum(len(line) + 1 for line in text.split("\n")[:n])
        line_end = text.index("\n", line_start)
        for at in (line_start, (line_start + line_end) // 2, line_end, line_end + 1):
            check(text[:at] + char + text[at:])
        check(text[:line_end] + char + text[line_end + 1 :])  # in place of a line feed


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed with bytes flipped, lines repeated or dropped, or text inserted."""
    data = bytearray(draw(st.sampled_from(SEEDS)).encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["flip", "dup-line", "del-line", "insert"]))
        if action == "flip":
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
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
            piece = draw(st.sampled_from(REPLACEMENTS + BREAKS + ODD + [" ", "- ", ": "]))
            data[at:at] = piece.encode("utf-8", "surrogatepass")
    return data.decode("utf-8", "replace")


@settings(max_examples=examples(500))
@given(mutated())
def test_mutated_cards_read_alike(text: str) -> None:
    event("scanned" if check(text) else "left to libyaml")


# -- what the scanner accepts and leaves ------------------------------------------------------

REFERENCE = (STYLE_FIXTURES[0].parent / "reference.md").read_text(encoding="utf-8")


def card(front: str) -> str:
    return f"---\n{front}---\nBody.\n"


SCANNED = [
    'title: "t"\n',
    '\n\ntitle: "blank lines first"\n\n',
    "title: plain\n",
    'title: ""\n',
    'title: "a: b # c"\n',
    'title: "esc \\" \\\\ \\/ \\n \\t \\u00e9"\n',
    'title: "t"\nexcerpt:\nquality:\npublished:\npublishedDateTime:\nprovider:\ntopics:\n',
    'title: "t"\nexcerpt: ~\nquality: null\npublished: Null\npublishedDateTime: NULL\n',
    'title: "t"\nprovider: ~\ntopics: null\nimages: ~\nrelated: ~\n',
    'title: "t"\nexcerpt: null\n',
    'title: "t"\nquality: 0\nheat: -1\n',
    'title: "t"\nquality: -0\nheat: 123456789012345678\n',
    'title: "t"\npublished: true\n',
    'title: "t"\npublished: false\n',
    'title: "t"\npublishedDateTime: 2021-05-21T10:00:00Z\n',
    'title: "t"\npublishedDateTime: "2021-05-21T10:00:00-07:00"\n',
    'title: "t"\npublishedDateTime: 2021-05-21T10:00:00+00:00\n',
    'title: "t"\ncategory: news\ntype: Turtle\n',
    'title: "t"\ncategory: The Nation\ntype: 9to5mac.com\n',
    'title: "t"\ncategory: =x\ntype: -x\n',
    'title: "t"\ncategory: ?x\ntype: :x\n',
    'title: "t"\ncategory: a#b\n',
    'title: "t"\ncategory: é\u00a0x \U0001f600\n',
    'title: "t"\nlocale: en\nnote: "quoted"\nempty:\nnothing: ~\n',
    'title: "t"\nprovider:\n  name: P\n  domain: p.test\n  logo: x\n',
    'title: "t"\nprovider:\n\n    name: P\n',
    'title: "t"\ntopics:\n  - a\n\n  - "b: c"\n  - "\\u00e9"\n',
    'title: "t"\nimages:\n  - url: x\n    width: 1\n\n  - url: y\n    height: 2\n',
    (
        'title: "t"\nrelated:\n  - title: r\n    provider:\n      name: p\n    images:\n'
        "      - url: u\n        isCached: true\n"
    ),
    'title: "t"\nrelated:\n  - title: r\n    images:\n    provider:\n  - title: s\n',
    'title: "t"\nrelated:\n  - provider:\n      name: p\n    title: r\n',
    'title: "t"\nrelated:\n    - title: deeper dash\n',
    'title: t\nsecured: "x"\n',
]


@pytest.mark.parametrize("front", SCANNED)
def test_the_scanner_reads_the_generators_style_and_near_variants(front: str) -> None:
    assert check(card(front))


FALLS_BACK = [
    "",
    "\n",
    "# a comment\ntitle: t\n",
    "title: t # comment\n",
    "title: t\n# comment\n",
    "title: 't'\n",
    'title: "t" \n',
    "title: \n",
    "title:  t\n",
    "title:t\n",
    "title : t\n",
    "title\n",
    'title: "t"\nprovider:: x\n',
    'title: "t"\ntopics:: x\n',
    'title: "t"\n  more: x\n',
    '  title: "indented root"\n',
    'title: "t"\nexcerpt: |\n  block\n',
    'title: "t"\nexcerpt: a\n  continued\n',
    'title: "t"\ntitle: "twice"\n',
    'title: "t"\nfoo: 1\nfoo: 2\n',
    'title: "t"\nfoo:\n  bar: 1\n',
    'title: "t"\nfoo: 12\n',
    'title: "t"\nyes: 1\n',
    'title: "t"\n"quoted": 1\n',
    f'title: "t"\n{"k" * 200}: v\n',
    'title: "t"\nfoo-bar: 1\n',
    'title: "t"\n--- x\n',
    'title: "t"\n...\n',
    "title: ~\n",
    'excerpt: "no title"\n',
    'title: "t"\nquality: "5"\n',
    'title: "t"\nquality: 5.0\n',
    'title: "t"\nquality: 0x10\n',
    'title: "t"\nquality: 010\n',
    'title: "t"\nquality: 1234567890123456789\n',
    'title: "t"\npublished: yes\n',
    'title: "t"\npublished: "true"\n',
    'title: "t"\npublishedDateTime: 2021-05-21\n',
    'title: "t"\npublishedDateTime: 2021-02-30T10:00:00Z\n',
    'title: "t"\npublishedDateTime: "2021-02-30T10:00:00+02:00"\n',
    'title: "t"\npublishedDateTime: 2021-05-21T10:00:00.25Z\n',
    'title: "t"\nprovider: x\n',
    'title: "t"\nprovider: {name: x}\n',
    'title: "t"\ntopics: [a]\n',
    'title: "t"\ntopics: a\n',
    'title: "t"\ntopics:\n- a\n',
    'title: "t"\ntopics:\n  - ~\n',
    'title: "t"\ntopics:\n  - a\n   - b\n',
    'title: "t"\ntopics:\n  foo: bar\n',
    'title: "t"\nimages:\n  - url: x\n     width: 1\n',
    'title: "t"\nimages:\n  -   url: x\n',
    'title: "t"\nimages:\n  -\n    url: x\n',
    'title: "t"\nimages:\n  - "x"\n',
    'title: "t"\nimages:\n  - url: x\n  foo: 1\n',
    'title: "t"\nimages:\n  name: x\n',
    'title: "t"\nrelated:\n  - excerpt: "no title"\n',
    'title: "t"\nprovider:\n  - name: x\n',
    'title: "t"\nprovider:\n  name: x\n    domain: y\n',
    'title: "t"\ncategory: &a x\n',
    'title: "t"\ncategory: *a\n',
    'title: "t"\ncategory: !!str x\n',
    'title: "t"\ncategory: 12\n',
    'title: "t"\ncategory: yes\n',
    'title: "t"\ncategory: a: b\n',
    'title: "t"\ncategory: x:\n',
    'title: "t"\ncategory: - x\n',
    'title: "t"\ncategory: <<\n',
    'title: "t"\ncategory: "\\x41"\n',
    'title: "t"\ncategory: "\\ud83d\\ude00"\n',
    'title: "t"\ncategory: "\\u0000"\n',
    'title: "t"\ncategory: "open\n',
    'title: "t"\ncategory: "a"b"\n',
    'title: "t"\n\ttopics: x\n',
    'title: "t"\r\n',
    'title: "t\u2028"\n',
    'title: "t\x85"\n',
    'title: "\ufeff"\n',
    'title: "\x7f"\n',
    'title: "\x9f"\n',
    "title: \ud800\n",
    'title: "t"\n' + " " * 70 + "x: 1\n",
]


@pytest.mark.parametrize("front", FALLS_BACK)
def test_everything_else_is_left_to_libyaml(front: str) -> None:
    assert not check(card(front))


def test_a_front_matter_without_its_last_line_break_is_left_to_libyaml() -> None:
    assert _reader._fast is not None
    assert _reader._fast('title: "t"', DEFAULT_LIMITS) is None
    assert _reader._fast('title: "t"\n', DEFAULT_LIMITS) is not None


def test_a_deeply_indented_card_is_left_to_libyaml() -> None:
    text = 'title: "t"\nprovider:\n' + " " * 66 + "name: x\n"
    assert not check(card(text))


def test_the_limit_on_values_holds_on_both_paths() -> None:
    few = Limits(max_nodes=12)
    assert not check(REFERENCE, few)  # more lines than could hold 12 values: libyaml counts
    assert outcome(REFERENCE, few)[:2] == ("error", "LimitError")
    long_values = card(f'title: "{"t" * 40}"\nexcerpt: "{"e" * 40}"\nquality: 3\n')
    assert check(long_values, few)  # longer than 12 characters, but 4 lines hold at most 12
    assert check(long_values, Limits(max_nodes=5)) is False
    assert outcome(long_values, Limits(max_nodes=5))[:2] == ("error", "LimitError")


def test_the_layout_matches_the_reference_card() -> None:
    assert check(REFERENCE)
    fast = newscard.loads(REFERENCE)._source
    with libyaml_only():
        slow = newscard.loads(REFERENCE)._source
    assert fast is not None
    assert slow is not None
    assert fast.layout == slow.layout
    assert isinstance(fast.layout, tuple)
    assert any(isinstance(start, tuple) for start in fast.layout[1::2])


def test_the_layout_holds_the_schemas_key_strings_on_both_paths() -> None:
    # One string per key for every card, not a copy from each card's text.
    for read in (newscard.loads, libyaml_read):
        source = read(REFERENCE)._source
        assert source is not None
        assert source.layout is not None
        keys = source.layout[0::2]
        assert all(key is ARTICLE.by_key[key].key for key in keys)


def libyaml_read(text: str) -> newscard.Article:
    with libyaml_only():
        return newscard.loads(text)


def test_a_scanned_card_is_edited_like_a_card_read_by_libyaml() -> None:
    card = newscard.loads(REFERENCE)
    edited = attrs.evolve(card, quality=1, topics=(*card.topics, "More"))
    with libyaml_only():
        expected = newscard.dumps(
            attrs.evolve(newscard.loads(REFERENCE), quality=1, topics=edited.topics)
        )
    assert newscard.dumps(edited) == expected


# -- the scanner's view of PyYAML's resolver ------------------------------------------------

# PyYAML's implicit resolvers when the scanner was written: a change to them (a new resolver,
# a new first character, another pattern) must be looked at before the scanner is trusted.
BOOL_PATTERN = (
    "^(?:yes|Yes|YES|no|No|NO\n                    |true|True|TRUE|false|False|FALSE"
    "\n                    |on|On|ON|off|Off|OFF)$"
)
NULL_PATTERN = "^(?: ~\n                    |null|Null|NULL\n                    | )$"


def test_the_scanners_view_of_the_resolver_is_pyyamls() -> None:
    live = yaml.resolver.Resolver.yaml_implicit_resolvers
    assert set(live) == _scan.RESOLVED_FIRST, (
        "PyYAML resolves plain scalars by other first characters"
    )
    for first in _scan.RESOLVED_LETTERS:
        patterns = {(tag, regexp.pattern) for tag, regexp in live[first]}
        assert patterns <= {(BOOL, BOOL_PATTERN), (NULL, NULL_PATTERN)}, first
    for word in _scan.BOOL_WORDS:
        assert plain_tag(word) == BOOL, word
    for word in _scan.NULL_WORDS:
        assert plain_tag(word) == NULL, word
    assert plain_tag("") == NULL
    # Only those words: the same patterns, so nothing else starting with a letter resolves.
    words = re.compile(BOOL_PATTERN, re.VERBOSE), re.compile(NULL_PATTERN, re.VERBOSE)
    for first in _scan.RESOLVED_LETTERS:
        for candidate in (first, first + "x", first + "es", first + "ull", first + "rue"):
            resolved = any(p.match(candidate) for p in words)
            assert resolved == (candidate in _scan.BOOL_WORDS | _scan.NULL_WORDS), candidate


@pytest.mark.parametrize("written", ["0", "-0", "7", "-12", "123456789012345678"])
def test_the_decimals_the_scanner_reads_are_pyyaml_ints(written: str) -> None:
    assert plain_tag(written) == INT
    assert yaml.safe_load(f"k: {written}")["k"] == int(written)


@pytest.mark.parametrize("written", ["true", "false"])
def test_the_booleans_the_scanner_reads_are_pyyaml_bools(written: str) -> None:
    assert plain_tag(written) == BOOL
    assert yaml.safe_load(f"k: {written}")["k"] is (written == "true")


@pytest.mark.parametrize("written", ["Nature", "Forbes", "The Verge", "news", "offline"])
def test_plain_words_starting_like_keywords_are_strings(written: str) -> None:
    assert plain_tag(written) == STR
    assert check(card(f'title: "t"\ncategory: {written}\n'))
