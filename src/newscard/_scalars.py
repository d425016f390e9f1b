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
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return STR


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
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed


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
    "construct_plain",
    "double_quote",
    "format_time",
    "is_plain_safe",
    "parse_time",
    "plain_tag",
    "render_scalar",
    "render_str",
    "single_quote",
    "yaml",
]
