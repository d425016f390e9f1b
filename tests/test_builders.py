"""The reader builds cards without their constructors: the objects must be the same."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest

from newscard import Article, Image, Provider, RelatedItem
from newscard._model import FrozenDict, builder
from newscard._reader import _BUILDERS
from newscard._source import Source


def same(built: Any, made: Any) -> None:
    assert type(built) is type(made)
    assert built == made
    assert hash(built) == hash(made)
    assert repr(built) == repr(made)
    assert pickle.loads(pickle.dumps(built)) == made  # noqa: S301 - our own data
    for field in attrs.fields(type(made)):
        ours, theirs = getattr(built, field.name), getattr(made, field.name)
        assert type(ours) is type(theirs)
        assert ours is theirs or ours == theirs


IMAGE: dict[str, Any] = {"url": "https://img.example/a.jpg", "width": 640, "is_cached": True}
PROVIDER: dict[str, Any] = {
    "name": "Example",
    "images": (Image(**IMAGE),),
    "extra": {"x": [1, {"y": None}]},
}
RELATED: dict[str, Any] = {
    "title": "A title",
    "published_date_time": datetime(2024, 5, 1, 10, tzinfo=timezone.utc),
    "provider": Provider(**PROVIDER),
    "quality": 3,
}
ARTICLE: dict[str, Any] = {
    **RELATED,
    "topics": ("AI", "Energy"),
    "related": (RelatedItem(**RELATED),),
    "secured": "abc;def",
    "body": "Text.\n",
    "source": Source("---\ntitle: x\n---\nText.\n", 4, 13, 17),
}


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (Image, {}),
        (Image, IMAGE),
        (Provider, {}),
        (Provider, PROVIDER),
        (RelatedItem, {"title": "t"}),
        (RelatedItem, RELATED),
        (Article, {"title": "t"}),
        (Article, ARTICLE),
    ],
)
def test_a_builder_makes_what_the_constructor_makes(cls: type[Any], values: dict[str, Any]) -> None:
    built, made = _BUILDERS[cls](dict(values)), cls(**values)
    same(built, made)
    assert type(built.extra) is FrozenDict
    if "extra" not in values:
        assert built.extra is made.extra  # the one shared empty mapping


def _tuple(value: list[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class _Required:
    items: tuple[int, ...] = attrs.field(converter=_tuple)
    size: int = 0


def test_a_converter_on_a_required_attribute_runs() -> None:
    same(builder(_Required)({"items": [1, 2]}), _Required(items=[1, 2]))


@attrs.frozen
class _Validated:
    size: int = attrs.field(default=0, validator=attrs.validators.instance_of(int))


@attrs.frozen
class _Factory:
    items: list[int] = attrs.field(factory=list)


@attrs.frozen
class _Converted:
    items: tuple[int, ...] = attrs.field(default=[], converter=tuple)


@pytest.mark.parametrize("cls", [_Validated, _Factory, _Converted])
def test_what_a_builder_cannot_do_is_refused(cls: type[Any]) -> None:
    with pytest.raises(TypeError, match="no fast builder"):
        builder(cls)
