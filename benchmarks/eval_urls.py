"""How well canonical_url and its peers find one page: the table of docs/dedup.md.

Run: ``python benchmarks/eval_urls.py [-v]`` after ``pip install -r
benchmarks/requirements-urls.txt``; a peer that is not installed is skipped.

Each library keys URLs with its defaults (courlan ``normalize_url``, ural ``normalize_url``,
w3lib ``canonicalize_url``, url-normalize ``url_normalize``); two URLs are merged when their
keys are equal. An exception counts as not merged.

1. Real cards (``../shared/corpus/ai``): every card or related item that gives both a
   ``webUrl`` and an ``ampWebUrl`` declares them one page; how many pairs each library merges.
   False merges: keys shared by items of two different pages, a page being the items linked
   by a title or a URL written the same way.
2. The peers' own test suites (``tests/url_cases.py``: each case rewritten as fictional URLs
   of the same shape): how many same-page cases each library merges, and how many two-page
   cases (a false merge; some come from a peer's non-default option, but every library runs
   with its defaults here). ``-v`` prints every case with each verdict.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from bench_urls import peers

import newscard

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from url_cases import DIFFERENT, PEER_CASES, SAME  # noqa: E402 - the table lives with the tests

CORPUS = HERE.parents[1] / "shared" / "corpus" / "ai"
FIELDS = ("original_url", "web_url", "amp_web_url", "cdn_amp_web_url")


def key_of(method: Callable[[str], str], url: str) -> str | None:
    try:
        return method(url)
    except Exception:  # noqa: BLE001 - a library that raises merges nothing
        return None


def merged(method: Callable[[str], str], one: str, other: str) -> bool:
    first = key_of(method, one)
    return first is not None and first == key_of(method, other)


def corpus_items() -> list[newscard.Article | newscard.RelatedItem]:
    items: list[newscard.Article | newscard.RelatedItem] = []
    for path in sorted(CORPUS.glob("*.md")):
        if path.name != "SOURCES.md":
            card = newscard.load(path)
            items.extend((card, *card.related))
    return items


def pages(items: list[newscard.Article | newscard.RelatedItem]) -> list[int]:
    """The page of each item: items sharing a title or a URL as written are one page."""
    parent = list(range(len(items)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first: dict[str, int] = {}
    for index, one in enumerate(items):
        title = re.sub(r"\W+", " ", one.title).strip().casefold()
        for name in filter(None, [title, *(getattr(one, field) for field in FIELDS)]):
            parent[find(index)] = find(first.setdefault(name, index))
    return [find(index) for index in range(len(items))]


def false_merges(method: Callable[[str], str], items: list, page_of: list[int]) -> int:
    """Keys that join two or more pages: each counts once per page beyond the first."""
    owners: dict[str, set[int]] = defaultdict(set)
    for index, one in enumerate(items):
        for field in FIELDS:
            url = getattr(one, field)
            if url and url.startswith("http"):
                key = key_of(method, url)
                if key is not None:
                    owners[key].add(page_of[index])
    return sum(len(found) - 1 for found in owners.values())


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    methods = peers()
    rows: dict[str, list[str]] = {name: [] for name in methods}
    if CORPUS.is_dir():
        items = corpus_items()
        page_of = pages(items)
        pairs = [(one.web_url, one.amp_web_url) for one in items if one.web_url and one.amp_web_url]
        for name, method in methods.items():
            count = sum(merged(method, web, amp) for web, amp in pairs)
            rows[name] += [
                f"{count} ({count / len(pairs):.0%})",
                str(false_merges(method, items, page_of)),
            ]
        corpus_header = [f"corpus pairs merged (of {len(pairs)})", "corpus false merges"]
    else:
        print(f"the shared corpus is not at {CORPUS}: its columns are left out")
        corpus_header = []
    same = [case for case in PEER_CASES if case.verdict == SAME]
    different = [case for case in PEER_CASES if case.verdict == DIFFERENT]
    for name, method in methods.items():
        rows[name] += [
            str(sum(merged(method, case.one, case.other) for case in same)),
            str(sum(merged(method, case.one, case.other) for case in different)),
        ]
    header = ["library", *corpus_header, f"peer cases merged (of {len(same)} one page)"]
    header.append(f"peer false merges (of {len(different)} two pages)")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, cells in rows.items():
        print(f"| {name} | " + " | ".join(cells) + " |")
    if verbose:
        print()
        for case in PEER_CASES:
            marks = " ".join(
                f"{'M' if merged(method, case.one, case.other) else '.'}"
                for method in methods.values()
            )
            print(f"{marks}  {case.verdict:<9} {case.peer}: {case.what}")
        print("columns: " + ", ".join(methods))


if __name__ == "__main__":
    main()
