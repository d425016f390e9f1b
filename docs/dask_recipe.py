"""Validation, dedup and top-k ranking of millions of cards on a Dask cluster.

Dask does the distribution; newscard does the per-card work, and gives each piece in a form
that travels: problems as plain dicts, dedup keys as tuples of strings, ranking keys as
tuples of numbers. No card crosses the network. The answers are the command line's
(``newscard validate``, ``dedup``, ``rank --limit K``) on the same cards: the test suite
checks so on Dask's local scheduler.

    paths = [str(p) for p in newscard.find_cards(["news/"])]   # or an object store listing
    cards = dask.bag.from_sequence(paths, partition_size=2_000)
    problems(cards).compute(); duplicate_groups(cards); top(cards, 10).compute()
"""

from __future__ import annotations

import heapq
import itertools
from typing import TYPE_CHECKING, Any

import newscard

if TYPE_CHECKING:
    import dask.bag

Problem = dict[str, Any]


def _read(path: str) -> newscard.Article | Problem:
    """A card, or the problem of a file that cannot be read (as validate reports it)."""
    try:
        return newscard.load(path)
    except newscard.NewscardError as error:
        return {
            "file": path,
            "line": error.line,
            "column": error.column,
            "path": error.path,
            "message": error.message,
            "severity": "error",
        }
    except OSError as error:
        message = f"cannot read: {error.strerror}"
        return {
            "file": path,
            "line": None,
            "column": None,
            "path": "",
            "message": message,
            "severity": "error",
        }


# --- validation: a map ------------------------------------------------------------------------


def _problems(path: str) -> list[Problem]:
    card = _read(path)
    if isinstance(card, dict):
        return [card]
    return [
        {
            "file": path,
            "line": None,
            "column": None,
            "path": finding.path,
            "message": finding.message,
            "severity": "warning",
        }
        for finding in newscard.check(card)
    ]


def problems(paths: dask.bag.Bag) -> dask.bag.Bag:
    """Every problem of every card: errors for the files that cannot be read, warnings."""
    return paths.map(_problems).flatten()


# --- dedup: keys where the cards are, then connected components by label propagation ----------


def _keyed(path: str) -> tuple[str, tuple[str, ...], int | None]:
    card = _read(path)
    if isinstance(card, dict):
        return path, (), None
    return path, newscard.dedup_keys(card), card.quality


_Item = tuple[str, tuple[str, ...], "int | None", str]
"""A card in the propagation: its path, dedup keys, quality and current label."""
_LAST = "\U0010ffff"
"""Above every path: where a least label starts."""


def _labelled(item: tuple[str, tuple[str, ...], int | None]) -> _Item:
    return (*item, item[0])


def _spread(item: _Item) -> list[tuple[str, str]]:
    return [(key, item[3]) for key in item[1]]


def _relabel(item: _Item, least: dict[str, str]) -> tuple[_Item, bool]:
    path, keys, quality, label = item
    new = min([label, *(least[key] for key in keys)])
    return (path, keys, quality, new), new != label


def duplicate_groups(paths: dask.bag.Bag) -> list[list[tuple[str, int | None]]]:
    """The groups of files that name one page, as ``newscard dedup`` finds them.

    Each group is a list of ``(file, quality)`` in path order; groups come in the order of
    their first file. Each card's label starts as its own path; every round, each URL key
    takes the least label of its cards (Dask's ``foldby``, a reduction by key across the
    cluster) and each card the least label of its keys (a ``map``), until no label
    changes: cards linked through any chain of shared keys then share a label. The rounds
    are as many as the longest chain is long (two or three in real folders). Only the
    keys' least labels come back to the client each round; for tens of millions of cards,
    join them in a ``dask.dataframe`` instead.
    """
    items = paths.map(_keyed).map(_labelled).persist()
    while True:
        least = dict(
            items.map(_spread)
            .flatten()
            .foldby(lambda pair: pair[0], lambda low, pair: min(low, pair[1]), _LAST, min, _LAST)
            .compute()
        )
        moved = items.map(_relabel, least).persist()
        if not moved.pluck(1).any().compute():
            break
        items = moved.pluck(0).persist()
    by_label: dict[str, list[tuple[str, int | None]]] = {}
    for path, _, quality, label in sorted(items.compute()):
        by_label.setdefault(label, []).append((path, quality))
    return sorted(members for members in by_label.values() if len(members) > 1)


def lead(group: list[tuple[str, int | None]]) -> str:
    """The file dedup keeps of a group: the highest quality, the first file on a tie."""
    kept = group[0]
    for member in group[1:]:
        if _quality(member[1]) > _quality(kept[1]):
            kept = member
    return kept[0]


def _quality(quality: int | None) -> tuple[bool, int]:
    return (quality is not None, quality or 0)


# --- top-k ranking: the best K of each partition, then the best K of those ----------------------


def _ranked(path: str) -> tuple[Any, str] | None:
    card = _read(path)
    if isinstance(card, dict):
        return None
    return newscard.sort_key(card), path  # ties go to the first path, as in newscard rank


def top(paths: dask.bag.Bag, k: int) -> dask.bag.Item:
    """The paths of the ``k`` best cards, best first (the order of ``newscard rank``)."""
    keyed = paths.map(_ranked).filter(lambda entry: entry is not None)
    return keyed.reduction(
        lambda part: heapq.nsmallest(k, part),
        lambda parts: [
            path for _, path in heapq.nsmallest(k, itertools.chain.from_iterable(parts))
        ],
    )
