"""What dedup and story grouping share: an item's URLs, union-find over positions, the lead.

Both group items by their position in the input and both keep one item per group, chosen the
same way: the highest ``quality``, the earliest on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._model import Article, RelatedItem

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "CardOf",
    "ItemT",
    "best",
    "card_of",
    "find",
    "groups",
    "is_reference",
    "link_keys",
    "link_urls",
    "quality_rank",
    "shared_urls",
    "url_keys",
    "urls",
]

ItemT = TypeVar("ItemT")
"""Whatever a grouping is given, its reports hold: articles, related items, a mix, or
``(path, card)`` pairs and other elements that carry a card (see ``card_of``)."""

_REFERENCE = re.compile(r"\s*(?://|[A-Za-z][A-Za-z0-9+.\-]*:)")

CardOf = Callable[[Any], Article | RelatedItem]
"""What gives the card of an input element: ``rank(rows, card=lambda row: row.card)``."""


def card_of(element: Any, card: CardOf | None) -> Article | RelatedItem:
    """The card an input element stands for.

    The element itself; the card of a ``(path, card)`` pair, as ``load_many`` gives them;
    or, with ``card``, what it returns for the element. The functions that take items
    give back the elements as they came, paths and all.
    """
    if card is not None:
        return card(element)
    if element.__class__ is tuple and len(element) == 2:
        return element[1]  # type: ignore[no-any-return]
    return element  # type: ignore[no-any-return]


def urls(item: Article | RelatedItem) -> tuple[str | None, ...]:
    """Every URL an item is known by, in the order the card writes them."""
    return (item.original_url, item.web_url, item.amp_web_url, item.cdn_amp_web_url)


def is_reference(url: str) -> bool:
    """Tell whether a URL can name a page on its own: absolute or network-path (``//host/...``).

    A blank or site-relative URL (``/news/1``) names no page without its site, so it never
    links two items.
    """
    return url.startswith(("https://", "http://")) or _REFERENCE.match(url) is not None


def url_keys(item: Article | RelatedItem, to_key: Callable[[str], str]) -> list[str]:
    """The distinct keys of an item's URLs, in field order."""
    keys: list[str] = []
    for url in urls(item):
        if url and is_reference(url):
            key = to_key(url)
            if key not in keys:
                keys.append(key)
    return keys


def link_urls(items: Sequence[Article | RelatedItem], to_key: Callable[[str], str]) -> list[int]:
    """Union the positions of items that share a URL key; return the parent array.

    Union by size with path halving: one pass over the URLs, whatever the input order.
    """
    parent = list(range(len(items)))
    size = [1] * len(items)
    owner: dict[str, int] = {}
    for index, item in enumerate(items):
        for url in urls(item):
            if not url or not is_reference(url):
                continue
            first = owner.setdefault(to_key(url), index)
            if first == index:
                continue
            one, other = find(parent, index), find(parent, first)
            if one != other:
                if size[one] < size[other]:
                    one, other = other, one
                parent[other] = one
                size[one] += size[other]
    return parent


def find(parent: list[int], index: int) -> int:
    """Find the root of ``index``, halving the path on the way (a form of path compression)."""
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def groups(parent: list[int]) -> list[list[int]]:
    """List the positions of each group's members, groups in order of first appearance."""
    found: dict[int, list[int]] = {}
    for index in range(len(parent)):
        found.setdefault(find(parent, index), []).append(index)
    return list(found.values())


def link_keys(keys: Sequence[Sequence[str]]) -> list[int]:
    """Union the positions whose lists of URL keys share a key; return the parent array."""
    parent = list(range(len(keys)))
    owner: dict[str, int] = {}
    for index, mine in enumerate(keys):
        for key in mine:
            first = owner.setdefault(key, index)
            if first != index:
                one, other = find(parent, index), find(parent, first)
                if one != other:
                    parent[max(one, other)] = min(one, other)
    return parent


def shared_urls(
    keys: Mapping[int, Sequence[str]], group: Sequence[int], lead: int
) -> dict[int, tuple[int, str]]:
    """Name, for each member other than the lead, a member it shares a URL key with, and the key.

    ``keys`` gives each member's URL keys. The lead when they share one, else the first member
    it shares a key with (the group is then joined through a chain of items). Members that
    share no key are left out.
    """
    holders: dict[str, list[int]] = {}
    for index in group:
        for key in keys[index]:
            holders.setdefault(key, []).append(index)
    theirs = keys[lead]
    links: dict[int, tuple[int, str]] = {}
    for index in group:
        if index == lead:
            continue
        mine = keys[index]
        shared = [key for key in mine if key in theirs]
        if shared:
            links[index] = (lead, shared[0])
            continue
        for key in mine:
            others = [other for other in holders[key] if other != index]
            if others:
                links[index] = (others[0], key)
                break
    return links


def quality_rank(item: Article | RelatedItem) -> tuple[bool, int]:
    """Order by quality; a missing quality ranks below every number, negative ones too."""
    quality = item.quality
    return (False, 0) if quality is None else (True, quality)


def best(items: Sequence[Article | RelatedItem], group: Sequence[int]) -> int:
    """Find the position of the best item of a group (positions in input order): the lead."""
    lead = group[0]
    lead_rank = quality_rank(items[lead])
    for index in group[1:]:
        rank = quality_rank(items[index])
        if rank > lead_rank:
            lead, lead_rank = index, rank
    return lead
