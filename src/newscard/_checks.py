"""Checks of values built in code: the same strictness as reading a file.

The reader converts every value by the type its key expects and builds objects without
their constructors; a card built in code (``Article(...)``, ``attrs.evolve``) goes through
the constructor, which calls ``check`` here. Both refuse the same values, so that a card
that exists can always be written and read back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, NoReturn

from ._errors import ValidationError
from ._model import Article
from ._schema import SPECS, Field, Kind, Spec

__all__ = ["INT_MAX", "INT_MIN", "MAX_INT_BITS", "MAX_OTHER_KEYS", "check", "shown"]

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
"""Typed integers (quality, heat, width, height) are 64-bit, as every consumer reads them."""

MAX_INT_BITS = 4096
"""Integers under unknown keys: far beyond any real value, far below what costs time."""
MAX_OTHER_KEYS = 256
"""Keys that are not strings in one mapping (under unknown keys). Python hashes numbers
predictably, so a mapping of many can be made to cost quadratic time; strings' hashes
are salted per process."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_DEPTH = 64
_SECRET = "secured"  # noqa: S105 - the name of the key that holds one
_SCALARS = frozenset((str, int, float, bool, date, datetime, type(None)))
"""What an unknown key may hold besides lists and mappings: what YAML's safe loader builds."""


def shown(value: Any, key: str = "") -> str:
    """Say what a value is for a message: its type and a short repr, never a secret."""
    if value is None:
        return "None"
    name = type(value).__name__
    if key == _SECRET:
        size = len(value) if isinstance(value, (str, bytes, bytearray)) else None
        return name if size is None else f"{name} of {size} characters"
    text = repr(value)
    return f"{name} {text if len(text) <= 40 else text[:37] + '...'}"


def _fail(message: str, path: str) -> NoReturn:
    raise ValidationError(message, path=path)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def check(obj: Any, path: str = "") -> None:
    """Refuse any value of ``obj`` that reading a file could not give.

    ``obj`` is an Article, RelatedItem, Provider or Image; the error names the attribute path.
    """
    spec = SPECS[type(obj)]
    for field in spec.fields:
        value = getattr(obj, field.attr)
        here = _join(path, field.attr)
        if value is None:
            if field.key in spec.required:
                _fail(f"{field.attr} is required, got None", here)
            continue
        _check_field(field, value, here)
    if spec.cls is Article:
        here = _join(path, "body")
        if not isinstance(obj.body, str):
            _fail(
                f"expected a string (the Markdown after the front matter), got {shown(obj.body)}",
                here,
            )
        _text(obj.body, here, "")
    _check_extra(spec, obj.extra, path)


def _check_field(field: Field, value: Any, path: str) -> None:
    kind = field.kind
    if kind is Kind.STR:
        if type(value) is not str:
            _wrong(field, value, path, _hint(value) if isinstance(value, str) else "")
        _text(value, path, field.key)
    elif kind is Kind.INT:
        if type(value) is not int:
            hint = ""
            if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
                hint = f" (write {field.attr}={value.strip()} without quotes)"
            elif isinstance(value, float) and value.is_integer():
                hint = f" (write {field.attr}={int(value)})"
            elif isinstance(value, int) and not isinstance(value, bool):
                hint = _hint(value)
            _wrong(field, value, path, hint)
        if not INT_MIN <= value <= INT_MAX:
            _fail(f"{value} is out of range (integers in cards fit in 64 bits)", path)
    elif kind is Kind.BOOL:
        if type(value) is not bool:
            _wrong(field, value, path)
    elif kind is Kind.TIME:
        _time(field, value, path)
    elif kind is Kind.OBJ:
        _object(field.spec, value, path)  # type: ignore[arg-type]
    elif kind is Kind.STRS:
        for index, item in enumerate(value):
            here = f"{path}[{index}]"
            if not isinstance(item, str):
                _fail(f"expected a string, got {shown(item)}", here)
            _text(item, here, "")
    else:
        for index, item in enumerate(value):
            _object(field.spec, item, f"{path}[{index}]")  # type: ignore[arg-type]


def _wrong(field: Field, value: Any, path: str, hint: str = "") -> NoReturn:
    _fail(f"expected {field.kind.value}, got {shown(value, field.key)}{hint}", path)


def _text(value: str, path: str, key: str) -> None:
    """A string must be writable as UTF-8: no lone surrogates."""
    if not value.isascii() and _SURROGATE.search(value) is not None:
        what = "a secret" if key == _SECRET else repr(value[:40])
        _fail(f"{what} holds a lone surrogate, which no UTF-8 file can hold", path)


def _time(field: Field, value: Any, path: str) -> None:
    if not isinstance(value, datetime):
        hint = ""
        if isinstance(value, str):
            hint = " (parse it first, e.g. datetime.fromisoformat(text))"
        elif isinstance(value, date):
            hint = " (a date alone has no time of day: use datetime(y, m, d, tzinfo=...))"
        _wrong(field, value, path, hint)
    _offset(value, path)
    if value.utcoffset() is None:
        _fail(
            f"expected a timezone-aware datetime, got the naive {value.isoformat()} "
            "(add tzinfo=timezone.utc if it is UTC)",
            path,
        )


def _object(spec: Spec, value: Any, path: str) -> None:
    if type(value) is spec.cls:
        return  # its own constructor checked it
    name = spec.cls.__name__
    if isinstance(value, Mapping):
        _fail(
            f"expected a {name}, got a {type(value).__name__}: build it with {name}(...) "
            f"or newscard.from_dict(data, {name})",
            path,
        )
    _fail(f"expected a {name}, got {shown(value)}", path)


def _check_extra(spec: Spec, extra: Mapping[str, Any], path: str) -> None:
    for key, value in extra.items():
        if not isinstance(key, str):
            _fail(f"unknown keys must be strings, got {shown(key)}", _join(path, "extra"))
        field = spec.by_key.get(key)
        here = f"{_join(path, 'extra')}[{key!r}]"
        if field is not None:
            _fail(f"{key!r} is not an unknown key: set the attribute {field.attr!r}", here)
        _plain(value, here, 1)


def _plain(value: Any, path: str, depth: int) -> None:
    """An unknown key's value: what YAML's safe loader could have built.

    Of those types exactly: a subclass (an enum, a pandas timestamp) is written by its own
    rules, or not at all.
    """
    kind = type(value)
    if kind in _SCALARS:
        if kind is str:
            _text(value, path, "")
        elif kind is int and value.bit_length() > MAX_INT_BITS:
            _fail(f"an integer of more than {MAX_INT_BITS} bits", path)
        elif kind is datetime:
            _offset(value, path)
        return
    if depth >= _MAX_DEPTH:
        _fail(f"nesting deeper than {_MAX_DEPTH} levels", path)
    if kind is list:
        for index, item in enumerate(value):
            _plain(item, f"{path}[{index}]", depth + 1)
        return
    if isinstance(value, dict):
        others = 0
        for key, item in value.items():
            if type(key) not in _SCALARS:
                _fail(f"a key must be a scalar, got {shown(key)}", path)
            if type(key) is not str:
                others += 1
                if others > MAX_OTHER_KEYS:
                    message = f"more than {MAX_OTHER_KEYS} keys that are not strings in a mapping"
                    _fail(message, path)
            _plain(key, path, depth + 1)
            _plain(item, _join(path, str(key)), depth + 1)
        return
    hint = " (use a list)" if isinstance(value, tuple) else _hint(value)
    _fail(f"cannot be written as YAML: {shown(value)}{hint}", path)


def _hint(value: Any) -> str:
    """How to turn a subclass of a plain type into the plain type."""
    for plain in (str, int, float, list):
        if isinstance(value, plain):
            return f" (a {type(value).__name__}: pass {plain.__name__}(value))"
    return ""


def _offset(value: datetime, path: str) -> None:
    """An offset of whole minutes: YAML and ISO 8601 write no seconds in one."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        _fail(f"the offset {offset} is not a whole number of minutes", path)
