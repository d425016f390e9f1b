"""Find cards and related items that point at the same page, and keep the best of each.

Every URL of an item is an alias of it; two items that share a canonical URL are duplicates,
and so, transitively, are the items linked through them. A union-find over item positions
keeps this linear in the number of URLs, whatever the order of the input.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from ._model import Article, RelatedItem
from ._urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["DuplicateGroup", "dedup", "duplicate_groups"]

_ItemT = TypeVar("_ItemT", bound=Article | RelatedItem)
_REFERENCE = re.compile(r"\s*(?://|[A-Za-z][A-Za-z0-9+.\-]*:)")


@attrs.frozen(kw_only=True)
class DuplicateGroup(Generic[_ItemT]):
    """Items that name one page, with the one to keep and why each other one was dropped.

    ``members`` and ``indices`` list every item of the group and its position in the input,
    in input order. ``duplicates`` are the members other than ``survivor``, in input order;
    ``links[k]`` is ``(duplicates[k], url)``, the canonical URL that ties that duplicate to
    the group: one it shares with the survivor when there is one, else the first it shares
    with another member (the group is then joined through a chain of items).
    """

    survivor: _ItemT
    survivor_index: int
    members: tuple[_ItemT, ...]
    indices: tuple[int, ...]
    duplicates: tuple[_ItemT, ...]
    links: tuple[tuple[_ItemT, str], ...]


def dedup(items: Iterable[_ItemT], *, key: Callable[[str], str] | None = None) -> list[_ItemT]:
    """Keep one item per page: the one of highest ``quality``, the earliest on a tie.

    Survivors come in the order their group first appears in ``items``; the input is only
    read. ``key`` maps a URL to its dedup key (default :func:`canonical_url`); pass
    ``functools.partial(canonical_url, drop_www=False, strip_amp_path=False)`` to merge less.
    """
    found = _Grouping(items, key)
    return [found.items[index] for index in found.survivors()]


def duplicate_groups(
    items: Iterable[_ItemT],
    *,
    key: Callable[[str], str] | None = None,
    include_singletons: bool = False,
) -> list[DuplicateGroup[_ItemT]]:
    """Explain :func:`dedup`: one :class:`DuplicateGroup` per page named more than once.

    Groups come in the order they first appear in ``items``; ``include_singletons`` also
    reports the items that have no duplicate, so that the groups cover the whole input.
    """
    found = _Grouping(items, key)
    reports: list[DuplicateGroup[_ItemT]] = []
    for group in found.groups():
        if len(group) == 1 and not include_singletons:
            continue
        best = found.survivor(group)
        links = found.links(group, best)
        reports.append(
            DuplicateGroup(
                survivor=found.items[best],
                survivor_index=best,
                members=tuple(found.items[index] for index in group),
                indices=tuple(group),
                duplicates=tuple(found.items[index] for index in links),
                links=tuple((found.items[index], url) for index, url in links.items()),
            )
        )
    return reports


def _urls(item: Article | RelatedItem) -> tuple[str | None, ...]:
    """Every URL an item is known by, in the order the card writes them."""
    return (item.original_url, item.web_url, item.amp_web_url, item.cdn_amp_web_url)


def _rank(item: Article | RelatedItem) -> tuple[bool, int]:
    """Order by quality; a missing quality ranks below every number, negative ones too."""
    quality = item.quality
    return (False, 0) if quality is None else (True, quality)


def _is_reference(url: str) -> bool:
    """Tell whether a URL can name a page on its own: absolute or network-path (``//host/...``).

    A blank or site-relative URL (``/news/1``) names no page without its site, so it never
    links two items.
    """
    return url.startswith(("https://", "http://")) or _REFERENCE.match(url) is not None


def _keys(item: Article | RelatedItem, to_key: Callable[[str], str]) -> list[str]:
    """The distinct keys of an item's URLs, in field order."""
    keys: list[str] = []
    for url in _urls(item):
        if url and _is_reference(url):
            key = to_key(url)
            if key not in keys:
                keys.append(key)
    return keys


class _Grouping(Generic[_ItemT]):
    """The union-find pass shared by :func:`dedup` and :func:`duplicate_groups`.

    Only the parent array and one dict of keys live for the whole input: the details a
    report needs are recomputed for the members of reported groups alone.
    """

    def __init__(self, items: Iterable[_ItemT], key: Callable[[str], str] | None) -> None:
        self.items: list[_ItemT] = list(items)
        self.to_key = canonical_url if key is None else key
        to_key = self.to_key
        parent = list(range(len(self.items)))
        size = [1] * len(self.items)
        owner: dict[str, int] = {}
        for index, item in enumerate(self.items):
            for url in _urls(item):
                if not url or not _is_reference(url):
                    continue
                first = owner.setdefault(to_key(url), index)
                if first == index:
                    continue
                one, other = _find(parent, index), _find(parent, first)
                if one != other:
                    if size[one] < size[other]:
                        one, other = other, one
                    parent[other] = one
                    size[one] += size[other]
        self.parent = parent

    def survivors(self) -> list[int]:
        """Find the position of each group's best item, groups in order of first appearance."""
        parent, items = self.parent, self.items
        best: dict[int, int] = {}
        for index in range(len(items)):
            root = _find(parent, index)
            kept = best.setdefault(root, index)
            if kept != index and _rank(items[index]) > _rank(items[kept]):
                best[root] = index
        return list(best.values())

    def groups(self) -> list[list[int]]:
        """List the positions of each group's members, groups in order of first appearance."""
        groups: dict[int, list[int]] = {}
        for index in range(len(self.items)):
            groups.setdefault(_find(self.parent, index), []).append(index)
        return list(groups.values())

    def survivor(self, group: list[int]) -> int:
        """Find the position of the best item of a group (a list of positions in order)."""
        best = group[0]
        best_rank = _rank(self.items[best])
        for index in group[1:]:
            rank = _rank(self.items[index])
            if rank > best_rank:
                best, best_rank = index, rank
        return best

    def links(self, group: list[int], survivor: int) -> dict[int, str]:
        """Name, for each duplicate, the canonical URL that ties it to its group."""
        keys = {index: _keys(self.items[index], self.to_key) for index in group}
        counts: dict[str, int] = {}
        for member_keys in keys.values():
            for key in member_keys:
                counts[key] = counts.get(key, 0) + 1
        theirs = keys[survivor]
        links: dict[int, str] = {}
        for index in group:
            if index != survivor:
                mine = keys[index]
                shared = [key for key in mine if key in theirs] or [
                    key for key in mine if counts[key] > 1
                ]
                links[index] = shared[0]
        return links


def _find(parent: list[int], index: int) -> int:
    """Find the root of ``index``, halving the path on the way (a form of path compression)."""
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index
