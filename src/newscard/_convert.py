"""Cards as plain data (dicts with the YAML key names), via one cattrs converter.

This is the path for JSON export and import, and the reference path for reading: PyYAML's
``CSafeLoader`` builds dicts, this converter builds the cards. Hooks are strict: a quoted
``"58"`` is not an int, ``"false"`` is not a bool.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any, TypeVar, overload

import cattrs
import yaml
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from ._checks import shown
from ._errors import ValidationError
from ._model import Article, Image, Provider, RelatedItem
from ._reader import split
from ._scalars import format_time, parse_time, time_problem
from ._schema import SPECS, Kind, Spec

__all__ = ["converter", "from_dict", "reference_loads", "to_dict"]

T = TypeVar("T")
_EXTRA = "\x00extra"  # where a card's unknown keys travel inside the converter
_CARD_TYPES = (Article, RelatedItem, Provider, Image)

converter = cattrs.Converter(detailed_validation=True)
"""The converter behind ``to_dict`` and ``from_dict``; YAML key names, strict scalars."""


class _WrongTypeError(TypeError):
    """A value of the wrong type; the message is made where the key is known."""

    def __init__(self, expected: str, value: Any) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value

    def message(self, key: str) -> str:
        got = "null" if self.value is None else shown(self.value, key)
        return f"expected {self.expected}, got {got}"


def _strict(expected: type[Any], name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not expected and not (
            expected is not bool and expected is not int and isinstance(value, expected)
        ):
            raise _WrongTypeError(name, value)
        return value

    return hook


def _structure_time(value: Any, _: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str):
        try:
            return parse_time(value)
        except (ValueError, OverflowError):
            problem = time_problem(value)
            if problem is not None:
                raise _BadValueError(problem) from None
    raise _WrongTypeError(Kind.TIME.value, value)


class _BadValueError(ValueError):
    pass


converter.register_structure_hook(str, _strict(str, Kind.STR.value))
converter.register_structure_hook(int, _strict(int, Kind.INT.value))
converter.register_structure_hook(bool, _strict(bool, Kind.BOOL.value))
converter.register_structure_hook(datetime, _structure_time)


def _items(kind: Kind, item_type: type[Any]) -> Callable[[Any, Any], tuple[Any, ...]]:
    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)):
            raise _WrongTypeError(kind.value, value)
        return tuple(converter.structure(value, list[item_type]))  # type: ignore[valid-type]

    return hook


for _kind, _item in ((Kind.STRS, str), (Kind.OBJS, Image), (Kind.OBJS, RelatedItem)):
    converter.register_structure_hook_func(
        lambda t, _item=_item: t == tuple[_item, ...],  # type: ignore[misc, valid-type]
        _items(_kind, _item),
    )


def _structure_fn(cls: type[Any]) -> Callable[[Any, Any], Any]:
    spec = SPECS[cls]
    overrides = {f.attr: override(rename=f.key) for f in spec.fields}
    overrides["extra"] = override(rename=_EXTRA, struct_hook=lambda v, _: v)
    if cls is Article:
        overrides["_source"] = override(omit=True)
    generated = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
    known = set(spec.by_key)
    if cls is Article:
        known.add("body")
    renamed = {f.attr: f.key for f in spec.fields if f.attr != f.key}

    def structure(data: Any, _: Any) -> Any:
        if not isinstance(data, Mapping):
            raise _WrongTypeError("a mapping", data)
        for key in data:
            if key in renamed:
                raise _AttributeNameError(key, renamed[key])
        values = {k: v for k, v in data.items() if k in known}
        values[_EXTRA] = {k: v for k, v in data.items() if k not in known}
        for required in spec.required:
            if values.get(required) is None:
                raise _MissingKeyError(required)
        return generated(values, cls)

    return structure


class _MissingKeyError(KeyError):
    pass


class _AttributeNameError(KeyError):
    """An attribute name where a key name belongs: it would be kept as an unknown key."""


def _unstructure_fn(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """Keys in reference order, absent values left out.

    cattrs' own omit-if-default would move the omitted keys and drop meaningful ``false``.
    """
    spec = SPECS[cls]
    fields = spec.fields

    def unstructure(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in fields:
            value = getattr(obj, field.attr)
            if value is None or value == ():
                continue
            if field.kind is Kind.OBJ or field.kind is Kind.OBJS:
                value = converter.unstructure(value)
            elif field.kind is Kind.STRS:
                value = list(value)
            out[field.key] = value
        out.update(obj.extra)
        if cls is Article:
            if "body" in out:
                message = (
                    "the front matter has a key 'body' of its own, and to_dict gives the "
                    "Markdown body under 'body': rename that key"
                )
                raise ValidationError(message, path="body")
            out["body"] = obj.body
        return out

    return unstructure


for _cls in _CARD_TYPES:
    converter.register_structure_hook(_cls, _structure_fn(_cls))
    converter.register_unstructure_hook(_cls, _unstructure_fn(_cls))
del _cls


def to_dict(card: Any, *, json: bool = False) -> dict[str, Any]:
    """A card (or a related item, provider, image) as a dict with the YAML key names.

    Keys come in the reference order, absent values are left out, unknown keys follow, and an
    Article's body is under ``"body"``. With ``json=True`` the result is JSON data that
    ``json.dumps(..., allow_nan=False)`` takes as is: timestamps and dates become ISO 8601
    strings (``2021-05-21T10:00:00Z``), mapping keys strings, and the floats JSON cannot
    hold (NaN, infinities, under unknown keys only) null.
    """
    data: dict[str, Any] = converter.unstructure(card)
    return _jsonable(data) if json else data


def _jsonable(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        keys: dict[str, Any] = {}
        for key, item in value.items():
            name = _json_key(key)
            if name in out:
                message = (
                    f"the keys {keys[name]!r} and {key!r} are both {name!r} in JSON: rename one"
                )
                raise ValidationError(message, path=name)
            keys[name] = key
            out[name] = _jsonable(item)
        return out
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _json_key(key: Any) -> str:
    """A mapping key as JSON writes it (``1`` as ``"1"``, ``True`` as ``"true"``)."""
    if isinstance(key, str):
        return key
    if isinstance(key, date):
        return str(_jsonable(key))
    return json.dumps(key)  # NaN and infinity keys as Python spells them: NaN, Infinity


@overload
def from_dict(data: Mapping[str, Any]) -> Article: ...


@overload
def from_dict(data: Mapping[str, Any], cls: type[T]) -> T: ...


def from_dict(data: Mapping[str, Any], cls: type[Any] = Article) -> Any:
    """Build a card (or ``cls``) from a dict such as ``to_dict`` or ``json.load`` gives.

    Timestamps may be ``datetime`` objects or ISO 8601 strings. Bad values raise
    ``ValidationError`` naming the key path (``related[3].provider.domain``).
    """
    try:
        return converter.structure(data, cls)
    except Exception as error:  # noqa: BLE001 - every failure becomes one ValidationError
        path, message = _locate(error, SPECS.get(cls))
        raise ValidationError(message, path=path) from None


def _locate(error: BaseException, spec: Spec | None, path: str = "") -> tuple[str, str]:
    """The YAML key path and message of the first leaf error in a cattrs error tree."""
    if isinstance(error, _MissingKeyError):
        key = str(error.args[0])
        return (f"{path}.{key}" if path else key), f"missing required key {key!r}"
    if isinstance(error, _AttributeNameError):
        name, key = error.args
        message = (
            f"{name!r} is an attribute name: did you mean {key!r}? "
            "(from_dict takes the key names of the file)"
        )
        return (f"{path}.{name}" if path else name), message
    if isinstance(error, _WrongTypeError):
        return path, error.message(path.rpartition(".")[2])
    if isinstance(error, ClassValidationError):
        noted, _ = error.group_exceptions()
        for sub, note in noted:  # pragma: no branch - the first one is reported
            field = spec.by_attr.get(note.name) if spec else None
            key = field.key if field else note.name
            here = f"{path}.{key}" if path else key
            return _locate(sub, field.spec if field else None, here)
    if isinstance(error, IterableValidationError):
        items, _ = error.group_exceptions()
        for sub, item in items:  # pragma: no branch - the first one is reported
            return _locate(sub, spec, f"{path}[{item.index}]")
    return path, str(error)


def reference_loads(text: str) -> Article:
    """Read a card the plain way: ``CSafeLoader`` to dicts, then the converter.

    Slower and less precise in its errors than ``loads``; kept as the yardstick ``loads``
    is tested against.
    """
    front_start, front_end, body_start = split(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text[front_start:front_end], Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):
        raise ValidationError("the front matter must be a mapping")
    return from_dict({**data, "body": text[body_start:]}, Article)
