"""The card's value classes: immutable, keyword-only, typed.

The classes know nothing of YAML: key names, quoting and order live in ``_schema``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, NoReturn

import attrs

from ._errors import ValidationError
from ._source import Source

__all__ = ["Article", "Image", "Provider", "RelatedItem", "builder", "differs", "identical"]


class FrozenDict(dict[str, Any]):
    """A dict that refuses changes: the unknown keys of a card, in file order.

    A dict subclass (rather than a mapping proxy) so that cards pickle, deep-copy and
    compare like plain data.
    """

    __slots__ = ()

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        msg = "card data is immutable: build a new mapping and use attrs.evolve()"
        raise TypeError(msg)

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[str, Any]]]:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return repr(dict(self))


_EMPTY = FrozenDict()


def _freeze_extra(value: Any) -> Mapping[str, Any]:
    """Keep unknown keys read-only and in order."""
    if type(value) is FrozenDict:
        return value
    if value is None or isinstance(value, (str, bytes)):
        _refuse_shape("extra", "a mapping", value)
    try:
        frozen = FrozenDict(value)
    except (TypeError, ValueError):  # neither a mapping nor (key, value) pairs
        _refuse_shape("extra", "a mapping", value)
    return frozen or _EMPTY


def _refuse_shape(name: str, expected: str, value: object) -> NoReturn:
    hint = ""
    if isinstance(value, str):
        hint = f" (a string is not a list of strings: write {name}=({value!r:.40},))"
    raise ValidationError(f"expected {expected}, got {type(value).__name__}{hint}", path=name)


def _tuple(value: Any, name: str, expected: str) -> tuple[Any, ...]:
    """A tuple of the items given, refusing what only looks like a list (a string, a mapping)."""
    if type(value) is tuple:
        return value
    if value is None:
        return ()
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        _refuse_shape(name, expected, value)
    return tuple(value)


def _topics(value: Iterable[str]) -> tuple[str, ...]:
    return _tuple(value, "topics", "a list of strings")


def _images(value: Iterable[Image]) -> tuple[Image, ...]:
    return _tuple(value, "images", "a list of Image")


def _related(value: Iterable[RelatedItem]) -> tuple[RelatedItem, ...]:
    return _tuple(value, "related", "a list of RelatedItem")


def _extra() -> Any:
    """The ``extra`` attribute every class has: unknown keys, in file order."""
    return attrs.field(default=_EMPTY, converter=_freeze_extra, hash=False)


class _Checked:
    """Values built in code are checked as strictly as values read from a file.

    The reader builds objects without calling ``__init__`` (it checked every value itself);
    the constructor and ``attrs.evolve`` run this check.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        from ._checks import check  # noqa: PLC0415 - the checks read the tables built on these classes

        check(self)


@attrs.frozen(kw_only=True)
class Image(_Checked):
    """An image of an article, a related item or a provider (a logo)."""

    url: str | None = None
    width: int | None = None
    height: int | None = None
    title: str | None = None
    is_cached: bool | None = None
    attribution: str | None = None
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class Provider(_Checked):
    """The site that published an article."""

    name: str | None = None
    domain: str | None = None
    images: tuple[Image, ...] = attrs.field(default=(), converter=_images)
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class RelatedItem(_Checked):
    """The same story covered elsewhere, listed under an article's ``related``."""

    title: str
    excerpt: str | None = None
    published_date_time: datetime | None = None
    original_url: str | None = None
    web_url: str | None = None
    amp_web_url: str | None = None
    cdn_amp_web_url: str | None = None
    type: str | None = None
    provider: Provider | None = None
    quality: int | None = None
    heat: int | None = None
    images: tuple[Image, ...] = attrs.field(default=(), converter=_images)
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class Article(_Checked):
    """One news card: its front matter, its Markdown body and any keys it does not know.

    A card read from text remembers that text, so that writing it back changes only
    what was edited (``attrs.evolve`` keeps the memory; equality ignores it).
    """

    title: str
    category: str | None = None
    excerpt: str | None = None
    published_date_time: datetime | None = None
    original_url: str | None = None
    web_url: str | None = None
    amp_web_url: str | None = None
    cdn_amp_web_url: str | None = None
    type: str | None = None
    quality: int | None = None
    heat: int | None = None
    published: bool | None = None
    featured_content: str | None = None
    """Raw HTML (an ``<iframe>`` for videos): escape it before rendering."""
    provider: Provider | None = None
    topics: tuple[str, ...] = attrs.field(default=(), converter=_topics)
    images: tuple[Image, ...] = attrs.field(default=(), converter=_images)
    related: tuple[RelatedItem, ...] = attrs.field(default=(), converter=_related)
    secured: str | None = attrs.field(default=None, repr=lambda secret: _redact(secret))  # noqa: PLW0108 - defined below
    """Opaque ``<base64>;<base64>`` blob: kept as is, never shown in full."""
    body: str = ""
    extra: Mapping[str, Any] = _extra()
    _source: Source | None = attrs.field(
        default=None, eq=False, hash=False, repr=False, alias="source"
    )

    @property
    def source_text(self) -> str | None:
        """The text this card was read from, or None for a card built in code."""
        return None if self._source is None else self._source.text


def _redact(secret: str | None) -> str:
    """Show that a secret is there and its size, never any of it."""
    if secret is None:
        return "None"
    return f"<secret of {len(secret)} characters>"


def builder(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    """A function doing what ``cls(**values)`` does, a little faster: the reader's constructor.

    attrs' ``__init__`` parses keywords and sets each attribute through a bound
    ``object.__setattr__``; this one reads the dict and sets the slots directly. Converters
    run on the values given, as in ``__init__``; defaults are kept as they are (each
    converter leaves its default unchanged, which is checked here).
    """
    lines = ["def build(values):", "    self = new(cls)", "    get = values.get"]
    names: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for index, attribute in enumerate(attrs.fields(cls)):
        key, default, convert = attribute.alias, attribute.default, attribute.converter
        required = default is attrs.NOTHING
        factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
        if not attribute.init or attribute.validator is not None or factory:
            raise TypeError(f"no fast builder for {cls.__name__}.{attribute.name}")
        if convert is not None and not required and convert(default) is not default:
            raise TypeError(f"no fast builder for {cls.__name__}.{attribute.name}")
        names[f"set{index}"] = cls.__dict__[attribute.name].__set__  # the slot's own setter
        names[f"default{index}"] = default
        names[f"convert{index}"] = convert
        if required:
            value = f"values[{key!r}]"
            if convert is not None:
                value = f"convert{index}({value})"
        elif convert is None:
            value = f"get({key!r}, default{index})"
        else:
            value = f"convert{index}(values[{key!r}]) if {key!r} in values else default{index}"
        lines.append(f"    set{index}(self, {value})")
    lines.append("    return self")
    exec("\n".join(lines), names)  # noqa: S102 - the source is made from attrs' fields
    build: Callable[[dict[str, Any]], Any] = names["build"]
    return build


def differs(old: Any, new: Any) -> bool:
    """Whether writing ``new`` in place of ``old`` must change the text.

    Equality is not enough: ``10:00Z`` equals ``15:30+05:30``, ``True`` equals ``1`` and
    ``1.0``, yet each is written differently. Objects shared by ``attrs.evolve`` are
    caught by the identity test first.
    """
    if old is new:
        return False
    if old != new:
        return not (old != old and new != new)  # noqa: PLR0124 - NaN is not a change
    return not identical(old, new)


def identical(one: Any, other: Any) -> bool:
    """Equal, and of the same types, offsets and signs all the way down.

    Mappings are compared key by key, whatever their order: YAML's mappings have none, and
    the writer keeps each key where it stands.
    """
    if one is other:
        return True
    cls = type(one)
    deep = _DEEP.get(cls)
    if deep is not None:  # a card class: equal, then only what equality cannot tell
        return (
            cls is type(other)
            and one == other
            and all(identical(getattr(one, name), getattr(other, name)) for name in deep)
        )
    if isinstance(one, dict) and isinstance(other, dict):  # FrozenDict or dict: one mapping
        if len(one) != len(other):
            return False
        theirs = {(type(k), k): v for k, v in other.items()}  # 1 and True are two keys here
        return all(
            (type(k), k) in theirs and identical(v, theirs[type(k), k]) for k, v in one.items()
        )
    if cls is not type(other):
        return False
    if cls is float:
        return (one == other and math.copysign(1.0, one) == math.copysign(1.0, other)) or (
            one != one and other != other  # noqa: PLR0124 - NaN is NaN
        )
    if isinstance(one, datetime):
        return bool(one == other and one.utcoffset() == other.utcoffset())
    if isinstance(one, (tuple, list)):
        return len(one) == len(other) and all(map(identical, one, other))
    return bool(one == other)


_DEEP: dict[type[Any], tuple[str, ...]] = {
    Image: ("extra",),
    Provider: ("images", "extra"),
    RelatedItem: ("published_date_time", "provider", "images", "extra"),
    Article: ("published_date_time", "provider", "images", "related", "extra"),
}
"""The attributes of each card class where equal values may still be written differently:
timestamps (their offset), unknown keys (types, signs, order) and the nested objects. Every
other attribute has one type, checked by the constructor: equal there is identical."""
