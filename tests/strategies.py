"""Hypothesis strategies for cards built in code, with hostile strings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from newscard._schema import ARTICLE, IMAGE, PROVIDER, RELATED, SPECS, Kind, Spec

HOSTILE = (
    ": ",
    " #",
    "a: b",
    "x #y",
    "'",
    '"',
    "''",
    '"quoted"',
    " leading",
    "trailing ",
    "null",
    "Null",
    "~",
    "true",
    "yes",
    "No",
    "on",
    "1e3",
    "1.5",
    "0x10",
    "0o17",
    "012",
    "-1",
    "+1",
    ".inf",
    "2021-05-21",
    "2021-05-21T10:00:00Z",
    "<<",
    "=",
    "- item",
    "? key",
    "[a, b]",
    "{k: v}",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "|",
    ">",
    "---",
    "...",
    "a\nb",
    "line\n",
    "\n",
    "tab\there",
    "\t",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\x00",
    "\x07",
    "\x7f",
    "\u00a0",
    "Amazon\u00e2\u20ac\u2122s",
    "\U0001f600 emoji",
    "\ud7ff\ue000",
    "",
    " ",
    "x" * 500,
    "word " * 60,
)

texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
)
nonempty_texts = texts.filter(bool)
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
offsets = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))]
)
times = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)
extra_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | ints | texts | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nonempty_texts, inner, max_size=3),
    max_leaves=6,
)
_KNOWN = {field.key for spec in SPECS.values() for field in spec.fields}


def _unknown(key: str) -> bool:
    return key not in _KNOWN


extras = st.dictionaries(nonempty_texts.filter(_unknown), extra_values, max_size=2)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_SCALARS: dict[Kind, st.SearchStrategy[Any]] = {
    Kind.STR: texts,
    Kind.INT: ints,
    Kind.BOOL: st.booleans(),
    Kind.TIME: times,
}


def cards_of(
    spec: Spec,
    *,
    body: bool = False,
    scalars: dict[Kind, st.SearchStrategy[Any]] = _SCALARS,
    unknown: st.SearchStrategy[dict[str, Any]] = extras,
) -> st.SearchStrategy[Any]:
    """Instances of a spec's class, every key drawn from the wire-format tables."""
    fields: dict[str, st.SearchStrategy[Any]] = {"extra": unknown}
    strings = scalars[Kind.STR]
    for field in spec.fields:
        kind = field.kind
        nested = st.deferred(
            lambda f=field: cards_of(f.spec, scalars=scalars, unknown=unknown)  # type: ignore[misc]
        )
        if kind in scalars:
            value = scalars[kind]
            fields[field.attr] = value if field.key in spec.required else optional(value)
        elif kind is Kind.STRS:
            fields[field.attr] = st.lists(strings, max_size=4).map(tuple)
        elif kind is Kind.OBJ:
            fields[field.attr] = optional(nested)
        else:
            size = 3 if field.key == "related" else 2
            fields[field.attr] = st.lists(nested, max_size=size).map(tuple)
    if body:
        fields["body"] = texts
    return st.builds(spec.cls, **fields)


# Text a writer would quote or escape, but no character that sends a card to libyaml: the
# cards the line scanner reads, with every YAML indicator and keyword in their strings.
TRICKY = (
    ": ", " #", "#", "'", '"', "\\", "\\n", "-", "- x", "? x", ":x", "[a]", "{k: v}", "&a",
    "*a", "!t", "|", ">", "%", "@", "`", "yes", "No", "null", "~", "12", "-3", "0x1F", "1:30",
    ".inf", "2021-05-21", "2021-05-21T10:00:00Z", "=", "<<", " lead", "trail ", "", "é",
    " ", "😀", "x" * 120,
)  # fmt: skip
readable_texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=30),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3).map("".join),
)
readable_extras = st.dictionaries(
    st.from_regex(r"[a-z][a-zA-Z0-9_]{0,12}", fullmatch=True).filter(_unknown),
    st.none() | readable_texts,
    max_size=2,
)

images = cards_of(IMAGE)
providers = cards_of(PROVIDER)
related_items = cards_of(RELATED)
articles = cards_of(ARTICLE, body=True)
readable_articles = cards_of(
    ARTICLE,
    body=True,
    scalars={
        Kind.STR: readable_texts,
        Kind.INT: st.integers(-(10**17), 10**17),
        Kind.BOOL: st.booleans(),
        Kind.TIME: times.map(lambda t: t.replace(microsecond=0)),
    },
    unknown=readable_extras,
)
