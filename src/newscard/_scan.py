"""Reading the generator's own style without libyaml: a line scanner that knows when to stop.

Cards written by the news generator are regular: one ``key: value`` per line, nested blocks
indented by whole steps, lists of ``- value`` or ``- key: value`` items, double-quoted or
plain scalars. For that subset, splitting the front matter into lines and reading each line
by the type its key expects takes half the time of reading through libyaml's events, and
less than pulling those events alone (see docs/performance.md).

The scanner accepts only text it understands completely and returns None (fall back to
libyaml) for anything else: comments, single quotes, flow collections, anchors, tags, block
or multi-line scalars, escapes beyond JSON's, odd indentation, duplicate keys, characters
that libyaml treats specially, values whose key expects another type (errors are reported
by the libyaml path, with their positions). What it accepts, it reads exactly as the libyaml
path does: the same constructor arguments, the same objects (built by the same builders) and
the same ``Source.layout``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from itertools import accumulate
from typing import Any

from ._limits import Limits
from ._scalars import NULL, STR, plain_tag
from ._schema import ARTICLE, SPECS, Kind, Spec

__all__ = ["scanner"]

Scanned = tuple[dict[str, Any], list[Any]]
"""The article's constructor arguments, and its layout (see ``Source.layout``)."""

# -- what the scanner knows of YAML ------------------------------------------------------

# The characters a front matter may hold: printable characters and the line feed. Everything
# libyaml refuses or treats specially (controls, tab, CR, NEL, LS, PS, BOM, surrogates,
# U+FFFE/FFFF) sends the card to libyaml.
_PRINTABLE = "\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_PRINTABLE_TEXT = re.compile(f"[\n -~{_PRINTABLE}]*\\Z")
_CONTROLS = bytes(range(10)) + bytes(range(11, 32)) + b"\x7f"
"""The ASCII characters of those (ASCII text is checked for them alone, which is cheaper)."""
# What a \\u escape may stand for, beside the characters JSON's short escapes give.
_DECODED = re.compile(f"[\b\t\n\f\r -~{_PRINTABLE}]*\\Z")
# A double-quoted scalar whose escapes mean the same in JSON and in YAML (no surrogates).
_JSON_QUOTED = re.compile(
    r'"[^"\\]*(?:\\(?:["\\/bfnrt]|u(?![dD][89a-fA-F])[0-9a-fA-F]{4})[^"\\]*)*"\Z'
)
# The timestamp shape Python 3.10 and later parse alike; nothing else is read here.
_TIME = re.compile(
    r'("?)([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])'
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])"
    r"(Z|[-+](?:[01][0-9]|2[0-3]):[0-5][0-9])\1\Z"
)
_ZULU = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z").match
_from_iso = datetime.fromisoformat
_DECIMAL = re.compile(r"-?(?:[1-9][0-9]{0,17}|0)\Z")

# PyYAML's implicit resolvers, as far as the scanner relies on them (tests/test_scan.py
# checks this view against PyYAML's own table). A plain scalar whose first character has no
# resolver is a string; for the letters below, only these whole words resolve to anything.
RESOLVED_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=!&*") | {""}
RESOLVED_LETTERS = frozenset("yYnNtTfFoO")
BOOL_WORDS = frozenset(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE"))
BOOL_WORDS |= {"false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"}
NULL_WORDS = frozenset(("~", "null", "Null", "NULL"))
_WORDS = BOOL_WORDS | NULL_WORDS
# A plain scalar starting with one of these goes the long way round: indicators, blanks,
# and every first character with a resolver beyond the words above.
_CAREFUL_FIRST = (RESOLVED_FIRST - RESOLVED_LETTERS) | frozenset(" ?:,[]{}#|>'\"%@`")


class _Record(list[Any]):
    """Each top-level key and its line, in turn; ``lists`` says where lists of objects are."""

    __slots__ = ("lists",)
    lists: list[tuple[int, int, list[int]]]
    """(index of the list's key in the record, indentation of its dashes, their lines)"""


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The text is not in the subset the scanner reads: libyaml reads it instead."""


# -- scalars ---------------------------------------------------------------------------


def _plain(value: str) -> str | None:
    """A plain scalar read as a string (None for null), exactly as PyYAML resolves it."""
    first = value[:1]
    if (
        not value
        or first in " ,[]{}#|>'\"%@`!&*"
        or (first in "-?:" and value[1:2] in ("", " "))
        or ": " in value
        or " #" in value
        or value[-1] in ": "
    ):
        raise _Fallback
    if first in RESOLVED_FIRST and (first not in RESOLVED_LETTERS or value in _WORDS):
        tag = plain_tag(value)
        if tag is not STR:
            if tag == NULL:
                return None
            raise _Fallback
    return value


def _quoted(value: str) -> str:
    """A double-quoted scalar on one line (the caller saw its opening quote)."""
    if "\\" in value:
        if _JSON_QUOTED.match(value) is None:
            raise _Fallback
        text = str(json.loads(value))
        if "\\u" in value and _DECODED.match(text) is None:
            raise _Fallback
        return text
    if value.find('"', 1) != len(value) - 1:
        raise _Fallback
    return value[1:-1]


def _string(value: str) -> str | None:
    return _quoted(value) if value[:1] == '"' else _plain(value)


def _int(value: str) -> int | None:
    if _DECIMAL.match(value):
        return int(value)
    if value in NULL_WORDS:
        return None
    raise _Fallback


def _bool(value: str) -> bool | None:
    if value == "true":
        return True
    if value == "false":
        return False
    if value in NULL_WORDS:
        return None
    raise _Fallback


def _time(value: str) -> datetime | None:
    match = _TIME.match(value)
    if match is None:
        if value in NULL_WORDS:
            return None
        raise _Fallback
    zone = match[3]
    try:
        return datetime.fromisoformat(match[2] + ("+00:00" if zone == "Z" else zone))
    except ValueError:  # February 30th and the like: the libyaml path says what is wrong
        raise _Fallback from None


def _null(value: str) -> None:
    if value not in NULL_WORDS:
        raise _Fallback


def _empty(value: str) -> tuple[()]:
    if value not in NULL_WORDS:
        raise _Fallback
    return ()


# -- the scanner -----------------------------------------------------------------------

# What a line's key holds: a scalar, or the null that stands for an empty block, on the line;
# a block opened by "key:" at the end of the line.
_STR, _INT, _BOOL, _TIME_OF_DAY, _NO_OBJ, _NO_ITEMS, _OBJ, _STRS, _OBJS = range(9)
_OPENS = _OBJ
_ON_THE_LINE = {
    Kind.STR: _STR,
    Kind.INT: _INT,
    Kind.BOOL: _BOOL,
    Kind.TIME: _TIME_OF_DAY,
    Kind.OBJ: _NO_OBJ,
    Kind.STRS: _NO_ITEMS,
    Kind.OBJS: _NO_ITEMS,
}
_OPENING = {Kind.OBJ: _OBJ, Kind.STRS: _STRS, Kind.OBJS: _OBJS}
_READERS: tuple[Callable[[str], Any], ...] = (_string, _int, _bool, _time, _null, _empty)
_TOP_KEYS = {f"{key}{end}": key for key in ARTICLE.by_key for end in ("", ":")}
"""The start of a top-level line and its key as the schema spells it: the layout keeps the
schema's string, shared by every card, rather than a copy from each card's text."""
_MAX_INDENT = 64
"""Deeper indentation than this is left to libyaml (it keeps the plans below few)."""
_MAX_KEY = 128
"""Longer unknown keys are left to libyaml (whose implicit keys stop at 1024 characters)."""


class _Shape:
    """One class of the schema as the scanner reads it.

    A plan maps the start of a line at one indentation (``"  name"``, or ``"  images:"`` for
    a key that opens a block) to the attribute it sets and how to read it.
    """

    __slots__ = ("build", "fields", "nested", "plans", "required")

    def __init__(self, spec: Spec, build: Callable[[dict[str, Any]], Any]) -> None:
        self.build = build
        self.required = tuple(spec.by_key[key].attr for key in spec.required)
        self.fields = {f.key: f for f in spec.fields}
        self.nested: dict[str, _Shape] = {}
        """The shape of each attribute holding objects (filled in by ``scanner``)."""
        self.plans: dict[int, dict[str, tuple[str, int]]] = {}

    def plan(self, indent: int) -> dict[str, tuple[str, int]]:
        """The plan for mappings at this indentation, made the first time it is needed."""
        if indent > _MAX_INDENT:
            raise _Fallback
        spaces = " " * indent
        plan = {spaces + key: (f.attr, _ON_THE_LINE[f.kind]) for key, f in self.fields.items()}
        for key, field in self.fields.items():
            if field.kind in _OPENING:
                plan[f"{spaces}{key}:"] = (field.attr, _OPENING[field.kind])
        self.plans[indent] = plan
        return plan


def scanner(
    builders: Mapping[type[Any], Callable[[dict[str, Any]], Any]],
) -> Callable[[str, Limits], Scanned | None]:
    """The fast path of ``loads``: the scan of a front matter, or None to fall back.

    ``builders`` build each class from its constructor arguments (the reader's own).
    """
    shapes = {cls: _Shape(spec, builders[cls]) for cls, spec in SPECS.items()}
    for cls, spec in SPECS.items():
        for field in spec.fields:
            if field.spec is not None:
                shapes[cls].nested[field.attr] = shapes[field.spec.cls]
    return functools.partial(_scan, shapes[ARTICLE.cls])


def _scan(article: _Shape, front: str, limits: Limits) -> Scanned | None:
    if front.isascii():
        if len(front.encode().translate(None, _CONTROLS)) != len(front):
            return None
    elif _PRINTABLE_TEXT.match(front) is None:
        return None
    lines = front.split("\n")
    if lines[-1]:  # no line break at the end
        return None
    if len(front) > limits.max_nodes and 3 * len(lines) > limits.max_nodes:
        # A line holds three values at most (a list item's mapping, a key, a value): more
        # lines than that might be too many values, which libyaml's path counts.
        return None
    record = _Record()
    record.lists = []
    try:
        values, _ = _mapping(lines, 0, 0, article, record)
    except _Fallback:
        return None
    return values, _layout(lines, record)


def _mapping(  # noqa: PLR0915 - one loop for every kind of line: a call per line costs more
    lines: list[str], i: int, indent: int, shape: _Shape, record: _Record | None = None
) -> tuple[dict[str, Any], int]:
    """The constructor arguments from the block mapping whose first line is ``lines[i]``.

    Returns them and the index of the first line after the mapping. The top-level mapping
    records each key and its line, and where its lists of objects are.
    """
    plan = shape.plans.get(indent) or shape.plan(indent)
    values: dict[str, Any] = {}
    extra: dict[str, Any] | None = None
    while True:
        head, sep, rest = (line := lines[i]).partition(": ")
        step = plan.get(head)
        if step is not None:  # a known key's line
            attr, code = step
            if attr in values:
                raise _Fallback
            # "key: value", or "key:" opening a block (or "key" alone: an empty value)
            if code == _STR:
                first = rest[:1]
                if first == '"':
                    value = rest[1:-1]
                    if rest[-1] == '"' and rest != '"' and '"' not in value and "\\" not in value:
                        values[attr] = value
                    else:
                        values[attr] = _quoted(rest)
                elif (
                    first not in _CAREFUL_FIRST
                    and rest not in _WORDS
                    and ": " not in rest
                    and " #" not in rest
                    and rest[-1] not in ": "
                ):
                    values[attr] = rest
                else:
                    values[attr] = _plain(rest)
            elif code == _INT:
                if rest.isdigit() and rest.isascii() and rest[0] != "0" and len(rest) < 19:
                    values[attr] = int(rest)
                else:
                    values[attr] = _int(rest)
            elif code == _TIME_OF_DAY and _ZULU(rest) is not None:
                # The generator's 2021-05-21T10:00:00Z, read the same on Python 3.10 (no Z)
                try:
                    values[attr] = _from_iso(rest[:-1] + "+00:00")
                except ValueError:  # February 30th: the libyaml path says what is wrong
                    raise _Fallback from None
            elif code >= _OPENS:
                if sep:  # "key:: value" is another key
                    raise _Fallback
                if record is not None:
                    record += (_TOP_KEYS[head], i)
                i += 1
                line = lines[i]
                stripped = line.lstrip(" ")
                if stripped:
                    depth = len(line) - len(stripped)
                else:  # blank lines first (or the end)
                    i, depth = _next_content(lines, i)
                if depth <= indent:  # nothing below the key: null
                    values[attr] = None if code == _OBJ else ()
                elif code == _OBJ:
                    nested = shape.nested[attr]
                    obj, i = _mapping(lines, i, depth, nested)
                    values[attr] = nested.build(obj)
                else:
                    values[attr], i = _items(lines, i, depth, shape.nested.get(attr), record)
                continue
            else:
                values[attr] = _READERS[code](rest)
            if record is not None:
                record += (_TOP_KEYS[head], i)
            i += 1
            continue
        # Anything else is a blank line, the end of this mapping, "key:" alone (null), or an
        # unknown key's line ("key: value" of a known key always matches its plan).
        stripped = line.lstrip(" ")
        if not stripped:
            if i == len(lines) - 1:
                break
            i += 1
            continue
        depth = len(line) - len(stripped)
        if depth < indent:
            break
        key, colon, rest = stripped.partition(":")
        if (
            depth > indent
            or not colon
            or (rest and rest[0] != " ")
            or not key.isidentifier()
            or not key.isascii()
            or len(key) > _MAX_KEY
            or key in _WORDS
        ):
            raise _Fallback
        if record is not None:
            record += (key, i)
        if rest:
            found = _extra(rest[1:])
        elif _next_content(lines, i + 1)[1] > indent:  # "key:" over a nested block
            raise _Fallback
        else:  # "key:" and nothing below it: null
            found = None
        field = shape.fields.get(key)
        if field is not None:
            if field.attr in values:
                raise _Fallback
            values[field.attr] = found
        else:
            if extra is None:
                extra = {}
            elif key in extra:
                raise _Fallback
            extra[key] = found
        i += 1
    for required in shape.required:
        if values.get(required) is None:
            raise _Fallback
    if extra:
        values["extra"] = extra
    return values, i


def _items(
    lines: list[str], j: int, depth: int, shape: _Shape | None, record: _Record | None
) -> tuple[tuple[Any, ...], int]:
    """The items of a block list: objects of ``shape``, or strings (``shape`` None)."""
    dash = " " * depth + "- "
    content = depth + 2
    items: list[Any] = []
    if shape is None:
        while True:
            line = lines[j]
            if line.startswith(dash):
                value = _string(line[content:])
                if value is None:
                    raise _Fallback
                items.append(value)
            elif line.lstrip(" ") or j == len(lines) - 1:
                break
            j += 1
    else:
        build = shape.build
        rows = []
        spaces = " " * content
        line = lines[j]
        while line.startswith(dash) and line[content : content + 1] not in ("", " "):
            lines[j] = spaces + line[content:]  # the item's first key, at its mapping's indent
            rows.append(j)
            values, j = _mapping(lines, j, content, shape)
            items.append(build(values))
            line = lines[j]
        if record is not None:
            record.lists.append((len(record) - 2, depth, rows))
    if not items:
        raise _Fallback
    return tuple(items), j


def _next_content(lines: list[str], i: int) -> tuple[int, int]:
    """The first line from ``i`` that is not blank, and its indentation (-1 at the end)."""
    last = len(lines) - 1
    while i < last:
        line = lines[i]
        stripped = line.lstrip(" ")
        if stripped:
            return i, len(line) - len(stripped)
        i += 1
    return last, -1


def _extra(value: str) -> Any:
    """The value of an unknown key, when it is a string or null (anything else falls back)."""
    if value[:1] == '"':
        return _quoted(value)
    return _plain(value)


def _layout(lines: list[str], record: _Record) -> list[Any]:
    """``Source.layout`` from the lines the scan recorded: line numbers become offsets."""
    starts = list(accumulate(map(len, lines), initial=0))
    record[1::2] = [starts[row] + row for row in record[1::2]]
    for n, depth, items in record.lists:  # where a list's key and each of its items start
        record[n + 1] = (record[n + 1], *[starts[j] + j + depth + 2 for j in items])
    return record
