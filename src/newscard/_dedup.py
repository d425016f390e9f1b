"""Find cards and related items that point at the same page, and keep the best of each.

Every URL of an item is an alias of it; two items that share a canonical URL are duplicates,
and so, transitively, are the items linked through them. A union-find over item positions
keeps this linear in the number of URLs, whatever the order of the input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic

import attrs

from ._groups import (
    CardOf,
    best,
    card_of,
    find,
    groups,
    link_keys,
    link_urls,
    quality_rank,
    shared_urls,
    url_keys,
)
from ._groups import ItemT as _ItemT
from ._model import Article, RelatedItem
from ._urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["DuplicateGroup", "dedup", "dedup_keys", "duplicate_groups", "key_groups"]


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


def dedup(
    items: Iterable[_ItemT],
    *,
    key: Callable[[str], str] | None = None,
    card: CardOf | None = None,
) -> list[_ItemT]:
    """Keep one item per page: the one of highest ``quality``, the earliest on a tie.

    Survivors come in the order their group first appears in ``items``; the input is only
    read. ``key`` maps a URL to its dedup key (default :func:`canonical_url`); pass
    ``functools.partial(canonical_url, drop_www=False, strip_amp_path=False)`` to merge less.
    ``items`` may be ``(path, card)`` pairs, or anything ``card`` gives a card of: they
    come back as they came.
    """
    found = _Grouping(items, key, card)
    return [found.given[index] for index in found.survivors()]


def duplicate_groups(
    items: Iterable[_ItemT],
    *,
    key: Callable[[str], str] | None = None,
    include_singletons: bool = False,
    card: CardOf | None = None,
) -> list[DuplicateGroup[_ItemT]]:
    """Explain :func:`dedup`: one :class:`DuplicateGroup` per page named more than once.

    Groups come in the order they first appear in ``items``; ``include_singletons`` also
    reports the items that have no duplicate, so that the groups cover the whole input.
    ``items`` and ``card`` as for :func:`dedup`: the groups hold the items as they came.
    """
    found = _Grouping(items, key, card)
    given = found.given
    reports: list[DuplicateGroup[_ItemT]] = []
    for group in found.groups():
        if len(group) == 1 and not include_singletons:
            continue
        best = found.survivor(group)
        links = found.links(group, best)
        reports.append(
            DuplicateGroup(
                survivor=given[best],
                survivor_index=best,
                members=tuple(given[index] for index in group),
                indices=tuple(group),
                duplicates=tuple(given[index] for index in links),
                links=tuple((given[index], url) for index, url in links.items()),
            )
        )
    return reports


def dedup_keys(
    item: Article | RelatedItem, *, key: Callable[[str], str] | None = None
) -> tuple[str, ...]:
    """The keys that make an item a duplicate of another: its URLs' canonical forms.

    Two items are duplicates when they share one (``key`` maps a URL to its key, default
    :func:`canonical_url`). The streaming half of :func:`duplicate_groups`: compute the keys
    where the cards are read (a worker process, a cluster's task), keep only them, and
    group them with :func:`key_groups`.

        >>> from newscard import Article
        >>> dedup_keys(Article(title="t", web_url="http://example.com/a?utm_source=x"))
        ('https://example.com/a',)
    """
    return tuple(url_keys(item, canonical_url if key is None else key))


def key_groups(keys: Sequence[Iterable[str]]) -> list[list[int]]:
    """Positions whose keys link them, directly or through others: one list per group.

    Groups come in the order of their first member, members in input order, every
    position in one group (alone if it shares no key). Linear in the number of keys.

        >>> key_groups([("a", "b"), ("c",), ("b",), ("c", "d")])
        [[0, 2], [1, 3]]
    """
    return groups(link_keys([tuple(item) for item in keys]))


class _Grouping(Generic[_ItemT]):
    """The union-find pass shared by :func:`dedup` and :func:`duplicate_groups`.

    Only the parent array and one dict of keys live for the whole input: the details a
    report needs are recomputed for the members of reported groups alone.
    """

    def __init__(
        self, items: Iterable[_ItemT], key: Callable[[str], str] | None, card: CardOf | None
    ) -> None:
        self.given: list[_ItemT] = list(items)
        self.items = [card_of(element, card) for element in self.given]
        self.to_key = canonical_url if key is None else key
        self.parent = link_urls(self.items, self.to_key)

    def survivors(self) -> list[int]:
        """Find the position of each group's best item, groups in order of first appearance."""
        parent, items = self.parent, self.items
        chosen: dict[int, int] = {}
        for index in range(len(items)):
            root = find(parent, index)
            kept = chosen.setdefault(root, index)
            if kept != index and quality_rank(items[index]) > quality_rank(items[kept]):
                chosen[root] = index
        return list(chosen.values())

    def groups(self) -> list[list[int]]:
        """List the positions of each group's members, groups in order of first appearance."""
        return groups(self.parent)

    def survivor(self, group: list[int]) -> int:
        """Find the position of the best item of a group (a list of positions in order)."""
        return best(self.items, group)

    def links(self, group: list[int], survivor: int) -> dict[int, str]:
        """Name, for each duplicate, the canonical URL that ties it to its group."""
        keys = {index: url_keys(self.items[index], self.to_key) for index in group}
        shared = shared_urls(keys, group, survivor)
        return {index: url for index, (_, url) in shared.items()}
