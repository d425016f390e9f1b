"""YAML scalars: how plain text resolves, how values are parsed and how they are written.

Resolution follows PyYAML's own resolver (YAML 1.1), so that the fast reader and the
reference path (``CSafeLoader``) always agree on what a plain scalar is.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timezone
from typing import Any

import yaml
from dateutil.parser import isoparse
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"

RESOLVERS = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCTORS = SafeConstructor.yaml_constructors


def plain_tag(value: str) -> str:
    """The tag PyYAML gives a plain scalar (``str`` when nothing else matches)."""
    resolvers = RESOLVERS.get(value[:1], ())
    if len(value) > _LONG:
        if value.isdigit() and value.isascii():  # decimal, octal, or digits no pattern takes
            return INT if value[0] != "0" or _OCTAL.issuperset(value) else STR
        if ":" in value:
            return _long_tag(value, resolvers)
    for tag, regexp in resolvers:
        if regexp.match(value):
            return str(tag)
    return STR


FLOAT = "tag:yaml.org,2002:float"
_LONG = 256
_DIGITS = frozenset("0123456789")
_OCTAL = frozenset("01234567")
_UNDERSCORED = frozenset("0123456789_")


def _long_tag(value: str, resolvers: Any) -> str:
    """``plain_tag`` for a long value with colons, in linear time and constant memory.

    PyYAML's int and float patterns end in a repeated group for base 60 (``1:20:30``), on
    which Python's regular expressions take memory in proportion to the text (500 MB for
    8 MB of ``1:1:1...``). With a colon, that group is the only part of either pattern
    that can match, so it is checked here by splitting; other patterns run as usual.
    """
    for tag, regexp in resolvers:
        if tag == INT:
            hit = _base_60(value, fraction=False)
        elif tag == FLOAT:
            hit = _base_60(value, fraction=True)
        else:
            hit = regexp.match(value) is not None
        if hit:
            return str(tag)
    return STR


def _base_60(value: str, *, fraction: bool) -> bool:
    r"""Whether a value is one of PyYAML's base-60 numbers.

    An int is ``[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+``; a float has ``[0-9]`` first and
    ``\.[0-9_]*`` last.
    """
    parts = value[1:].split(":") if value[:1] in "+-" else value.split(":")
    head = parts[0]
    first = _DIGITS if fraction else _DIGITS - {"0"}
    if len(parts) < 2 or not head or head[0] not in first or not _UNDERSCORED.issuperset(head):
        return False
    last = parts[-1]
    if fraction:
        last, dot, decimals = last.partition(".")
        if not dot or not _UNDERSCORED.issuperset(decimals):
            return False
    return all(_sexagesimal_digit(part) for part in (*parts[1:-1], last))


def _sexagesimal_digit(part: str) -> bool:
    if len(part) == 1:
        return part in _DIGITS
    return len(part) == 2 and part[0] in "012345" and part[1] in _DIGITS


def construct_plain(value: str, tag: str) -> Any:
    """Build the Python value of a plain scalar exactly as ``SafeConstructor`` does."""
    return _CONSTRUCTORS[tag](_CONSTRUCTOR, ScalarNode(tag, value))


def parse_time(value: str) -> datetime:
    """An ISO 8601 / YAML timestamp with a time of day; no offset means UTC (as in YAML).

    Raises ValueError for anything else (dates alone included).
    """
    parsed: object
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        if _YAML_TIME.match(value):
            parsed = _CONSTRUCTOR.construct_yaml_timestamp(ScalarNode(TIMESTAMP, value))
        else:
            parsed = isoparse(value)
    if not isinstance(parsed, datetime) or not _HAS_TIME.search(value):
        raise ValueError("a timestamp needs a time of day")
    if bad_offset(value):
        raise ValueError("the minutes of an offset are 0 to 59")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed


_BAD_OFFSET = re.compile(r"[-+][0-9]{1,2}:?[6-9][0-9]\Z")


def bad_offset(value: str) -> bool:
    """Whether a timestamp ends in an offset with 60 minutes or more (``+05:75``).

    Python reads ``+05:75`` as 6:15; it is no offset ISO 8601 or YAML allows.
    """
    return _BAD_OFFSET.search(value) is not None


_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")
_TIME_SHAPE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:[Tt]|[ \t]+)"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.[0-9]*)?"
    r"[ \t]*(?:Z|(?P<sign>[-+])(?P<oh>[0-9]{1,2})(?::?(?P<om>[0-9]{2}))?)?\Z"
)


def time_problem(value: str) -> str | None:
    """Why a text that looks like a timestamp is not one (None if it does not look like one).

    A date alone, an hour of 24, a leap second, an offset of a day or more, a day the
    month does not have: each is named, with the fix where there is one.
    """
    text = value.strip()
    if _DATE.match(text):
        return (
            f"expected a timestamp, got the date {text!r} without a time of day "
            f"(write {text}T00:00:00Z, or the time it was published)"
        )
    shape = _TIME_SHAPE.match(text)
    if shape is None:
        return None
    hour, minute, second = (int(shape[name]) for name in ("hour", "minute", "second"))
    reason = None
    if hour > 23:
        reason = "the hour must be 0 to 23 (24:00 is written 00:00 of the next day)"
    elif minute > 59:
        reason = "the minute must be 0 to 59"
    elif second == 60:
        reason = "the second must be 0 to 59 (leap seconds cannot be represented)"
    elif second > 60:
        reason = "the second must be 0 to 59"
    elif shape["sign"] and (int(shape["oh"]) > 23 or int(shape["om"] or 0) > 59):
        reason = "the offset must be less than 24 hours (-23:59 to +23:59)"
    else:
        try:
            datetime.strptime(shape["date"], "%Y-%m-%d")  # noqa: DTZ007 - only the date is checked
        except ValueError:
            reason = f"{shape['date']} is not a day of the calendar"
    return None if reason is None else f"invalid timestamp {text!r:.40}: {reason}"


_YAML_TIME = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?\Z"
)
_HAS_TIME = re.compile(r"[0-9][Tt ][0-9]{1,2}:?[0-9]{2}|[0-9]{8}[Tt][0-9]{4}")


def format_time(value: datetime) -> str:
    """The reference spelling: ``2021-05-21T10:00:00Z`` for UTC, the offset otherwise."""
    text = value.isoformat()
    if text.endswith("+00:00"):
        return text[:-6] + "Z"
    return text


# Characters a double-quoted scalar must escape: C0/C1 controls, the quote and backslash,
# YAML line breaks beyond \n (which would fold), the BOM and lone surrogates.
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f"\\\\\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_ESCAPES = {
    "\0": "\\0",
    "\x07": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    known = _ESCAPES.get(char)
    if known is not None:
        return known
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"


def double_quote(value: str) -> str:
    """A double-quoted scalar on one line, whatever the string holds."""
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


_SINGLE_OK = re.compile("[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]*\\Z")


def single_quote(value: str) -> str:
    """A single-quoted scalar when the string allows one, else double-quoted."""
    if _SINGLE_OK.match(value) is None or value[:1] == " " or value[-1:] == " ":
        return double_quote(value)
    return "'" + value.replace("'", "''") + "'"


# A conservative plain scalar: no indicator first, no ': ' or ' #', nothing to escape,
# no surrounding spaces. Flow context also rules out the flow indicators.
_PLAIN_BLOCK = re.compile(
    r"(?![-?:,\[\]{}#&*!|>'\"%@`\s])"
    r"(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff: #]"
    r"|:(?=[^\s])|(?<! )#| (?=[^\s#]))*"
    r"(?<![\s:])\Z"
)
_PLAIN_FLOW = re.compile(
    r"(?![-?:,\[\]{}#&*!|>'\"%@`\s])"
    r"(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff: #,\[\]{}]"
    r"|:(?=[^\s,\[\]{}])|(?<! )#| (?=[^\s#]))*"
    r"(?<![\s:])\Z"
)


@functools.lru_cache(maxsize=4096)
def is_plain_safe(value: str, flow: bool = False) -> bool:
    """Whether ``value`` can be written unquoted and read back as the same string."""
    if not value:
        return False
    pattern = _PLAIN_FLOW if flow else _PLAIN_BLOCK
    return pattern.match(value) is not None and plain_tag(value) == STR


def render_str(value: str, style: str | None, flow: bool = False) -> str:
    """Write a string in the wanted style ('"', "'" or plain), quoting when plain is unsafe."""
    if style == '"':
        return double_quote(value)
    if style == "'":
        return single_quote(value)
    if is_plain_safe(value, flow):
        return value
    return double_quote(value)


def render_scalar(value: object, style: str | None = '"', flow: bool = False) -> str:
    """Write a typed scalar: strings in ``style``, the rest in their plain spelling."""
    if isinstance(value, str):
        return render_str(value, style, flow)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    text = format_time(value)  # type: ignore[arg-type] # the constructor checked the type
    return f'"{text}"' if style in ('"', "'") else text


__all__ = [
    "FLOAT",
    "bad_offset",
    "construct_plain",
    "double_quote",
    "format_time",
    "is_plain_safe",
    "parse_time",
    "plain_tag",
    "render_scalar",
    "render_str",
    "single_quote",
    "time_problem",
    "yaml",
]
