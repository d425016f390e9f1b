"""canonical_url against ural, courlan, w3lib and url-normalize: right answers, then speed.

Run: ``python benchmarks/bench_urls.py [-v]`` after ``pip install -r
benchmarks/requirements-urls.txt``; a peer that is not installed is skipped.

1. Scores: each library keys both URLs of every pair in ``PAIRS``; a pair is scored right when
   the keys are equal exactly for "same page" pairs. An exception counts as wrong.
   ``-v`` prints every pair with each library's verdict. The table was written with
   newscard's rules in mind, so newscard's score shows that it does what it says, not that
   its rules are right (``benchmarks/eval_urls.py`` scores all libraries on real pairs and on
   the peers' own cases); the /amphtml/ pair is one no rule here gets right.
2. Speed: 20,000 URLs from the real cards in ``../shared/corpus/ai`` (all URL fields, absolute
   URLs only since ural raises on site-relative ones), or the pair table when the corpus is
   missing. Methods are alternated within each repeat; medians of the repeats are reported
   as URLs/s and as time / courlan's time (below 1 is faster). newscard remembers the
   canonical form of the last 4,096 hosts it saw (the sample's URLs repeat their sites, as
   real cards do); the "unique hosts" rows give every URL a host of its own, its worst case.
"""

from __future__ import annotations

import functools
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from newscard import load
from newscard._urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable

SAME, DIFFERENT = True, False

PAIRS: list[tuple[str, str, bool, str]] = [
    # --- one page, two spellings ---
    ("HTTP://Example.COM/a", "http://example.com/a", SAME, "scheme and host are case-blind"),
    ("http://example.com/a", "https://example.com/a", SAME, "http and https serve one page"),
    ("https://example.com:443/a", "https://example.com/a", SAME, "default port"),
    ("http://example.com:80/a", "https://example.com/a", SAME, "default port of http"),
    ("https://example.com./a", "https://example.com/a", SAME, "trailing dot of a FQDN"),
    ("https://example.com", "https://example.com/", SAME, "empty path is /"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c", SAME, "dot segments"),
    ("https://example.com/a/%2E%2E/b", "https://example.com/b", SAME, "escaped dot segment"),
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9", SAME, "escape case"),
    ("https://example.com/%7Euser", "https://example.com/~user", SAME, "escaped unreserved"),
    ("https://example.com/a?q=%7E", "https://example.com/a?q=~", SAME, "same, in a query"),
    ("https://example.com/café", "https://example.com/caf%C3%A9", SAME, "IRI vs URI"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/", SAME, "IDN vs punycode"),
    ("https://[2001:DB8::1]/", "https://[2001:db8::1]/", SAME, "IPv6 literal case"),
    ("https://example.com/a?utm_source=tw&utm_medium=s", "https://example.com/a", SAME, "utm_*"),
    ("https://example.com/a?fbclid=IwAR0x", "https://example.com/a", SAME, "Facebook click id"),
    ("https://example.com/a?id=3&gclid=Cj0", "https://example.com/a?id=3", SAME, "Google click id"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2", SAME, "parameter order"),
    ("https://example.com/a?", "https://example.com/a", SAME, "empty query"),
    ("https://example.com/a#comments", "https://example.com/a", SAME, "plain fragment"),
    ("https://example.com/a.ece#!", "https://example.com/a.ece", SAME, "empty hashbang (real)"),
    ("https://example.com/story/", "https://example.com/story", SAME, "trailing slash"),
    ("https://example.com/story/?amp", "https://example.com/story/", SAME, "?amp (real)"),
    ("https://example.com/a?amp=1", "https://example.com/a", SAME, "?amp=1 (real)"),
    ("https://example.com/a/?outputType=amp", "https://example.com/a/", SAME, "outputType (real)"),
    ("https://example.com/a?platform=amp", "https://example.com/a", SAME, "platform=amp (real)"),
    ("https://example.com/a?view=AMP", "https://example.com/a", SAME, "view=AMP (real)"),
    ("https://example.com/a?usqp=mq331AQFKAGwASA%3D", "https://example.com/a", SAME, "AMP cache"),
    (
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/b",
        "https://www.example.com/a/b",
        SAME,
        "AMP cache copy (real)",
    ),
    (
        "https://example-com.cdn.ampproject.org/v/s/example.com/a?amp_js_v=0.1#aoh=1",
        "https://example.com/a",
        SAME,
        "AMP cache viewer",
    ),
    (
        "https://amp--news-com.cdn.ampproject.org/c/s/amp-news.com/x",
        "https://amp-news.com/x",
        SAME,
        "AMP cache: '-' in a host written '--'",
    ),
    (
        "https://example-com.bing-amp.com/c/s/example.com/a",
        "https://example.com/a",
        SAME,
        "Bing AMP cache",
    ),
    ("https://www.google.com/amp/s/example.com/a", "https://example.com/a", SAME, "Google AMP"),
    ("https://www.google.co.uk/amp/s/example.com/a", "https://example.com/a", SAME, "google.co.uk"),
    # AMP pages under their own path or host (newscard merges all but /amphtml/ by default)
    ("https://example.com/story/amp/", "https://example.com/story/", SAME, "AMP path (real)"),
    ("https://example.com/a/x.amp.html", "https://example.com/a/x.html", SAME, ".amp.html (real)"),
    ("https://example.com/amphtml/372432", "https://example.com/a/372432", SAME, "amphtml (real)"),
    ("https://example.com/amp/news/x", "https://example.com/news/x", SAME, "/amp/ prefix (real)"),
    ("https://example.com/news/x.amp", "https://example.com/news/x.html", SAME, ".amp (real)"),
    ("https://example.com/google-amp/a/x", "https://example.com/a/x", SAME, "google-amp (real)"),
    ("https://amp.example.com/a", "https://www.example.com/a", SAME, "amp. host (real)"),
    ("https://www.example.com/a", "https://example.com/a", SAME, "www."),
    ("https://m.example.com/a", "https://example.com/a", SAME, "m."),
    ("https://example.com/a?ref=fb", "https://example.com/a", SAME, "ref=fb"),
    (
        "https://example.com/a?_mc=NL_1&cid=NL_1&elq_mid=2",
        "https://example.com/a",
        SAME,
        "newsletter",
    ),
    ("https://example.com/a?source=topic_page---2---1", "https://example.com/a", SAME, "Medium"),
    ("https://example.com/a?id=1&amp;p=2", "https://example.com/a?id=1&p=2", SAME, "&amp; (real)"),
    ("https://example.com/a/index.html", "https://example.com/a", SAME, "index file"),
    # --- two pages ---
    ("https://straße.de/", "https://strasse.de/", DIFFERENT, "IDNA2008: two domains"),
    ("https://example.com/a%2Fb", "https://example.com/a/b", DIFFERENT, "%2F is data"),
    ("https://example.com/a%3Fb", "https://example.com/a?b", DIFFERENT, "%3F is data"),
    ("https://example.com/a?q=1%262", "https://example.com/a?q=1&2", DIFFERENT, "%26 is data"),
    ("https://example.com/a+b", "https://example.com/a%20b", DIFFERENT, "+ in a path is a +"),
    ("https://example.com/Article", "https://example.com/article", DIFFERENT, "path case"),
    ("https://example.com/a?id=ABC", "https://example.com/a?id=abc", DIFFERENT, "value case"),
    ("https://example.com/a?Q=1", "https://example.com/a?q=1", DIFFERENT, "name case"),
    ("https://example.com/a?id=1", "https://example.com/a?id=2", DIFFERENT, "query value"),
    ("https://example.com/a?page=2", "https://example.com/a", DIFFERENT, "pagination"),
    ("https://example.com/a?t=1&t=2", "https://example.com/a?t=2&t=1", DIFFERENT, "list order"),
    ("https://example.com/caf%C3%A9", "https://example.com/cafe", DIFFERENT, "accent"),
    ("https://news.example.com/a", "https://example.com/a", DIFFERENT, "subdomain"),
    ("https://amp-news.com/a", "https://news.com/a", DIFFERENT, "amp in a domain name"),
    ("https://example.com/tags/amp", "https://example.com/tags", DIFFERENT, "amp as a slug"),
    ("https://example.com:8080/a", "https://example.com/a", DIFFERENT, "another port"),
    ("https://example.com/#/inbox", "https://example.com/#/sent", DIFFERENT, "routing fragment"),
    ("https://example.com/#!/inbox", "https://example.com/", DIFFERENT, "hashbang route"),
    ("https://example.com/a?ref=7", "https://example.com/a", DIFFERENT, "ref= naming a page"),
    ("https://example.com/?s=20", "https://example.com/", DIFFERENT, "?s= is a search"),
    ("https://example.com/a.php?id=209", "https://example.com/a.php", DIFFERENT, "article id"),
    (
        "https://www.notgoogle.com/amp/s/example.com/a",
        "https://example.com/a",
        DIFFERENT,
        "not Google's viewer",
    ),
    (
        "https://example-com.cdn.ampproject.org.evil.test/c/s/example.com/a",
        "https://example.com/a",
        DIFFERENT,
        "not the AMP cache",
    ),
]


def peers() -> dict[str, Callable[[str], str]]:
    """newscard (defaults, then both options off) and each installed peer with its defaults."""
    methods: dict[str, Callable[[str], str]] = {
        "newscard": canonical_url,
        "newscard, options off": functools.partial(
            canonical_url, drop_www=False, strip_amp_path=False
        ),
    }
    try:
        from courlan import normalize_url as courlan_normalize  # noqa: PLC0415 - optional peer
    except ImportError:
        print("courlan is not installed: skipped")
    else:
        methods["courlan"] = courlan_normalize
    try:
        from w3lib.url import canonicalize_url  # noqa: PLC0415 - optional peer
    except ImportError:
        print("w3lib is not installed: skipped")
    else:
        methods["w3lib"] = canonicalize_url
    try:
        from url_normalize import url_normalize  # noqa: PLC0415 - optional peer
    except ImportError:
        print("url-normalize is not installed: skipped")
    else:
        methods["url-normalize"] = lambda url: url_normalize(url) or ""
    try:
        from ural import normalize_url as ural_normalize  # noqa: PLC0415 - optional peer
    except ImportError:
        print("ural is not installed: skipped")
    else:
        methods["ural"] = ural_normalize
    return methods


def _verdict(method: Callable[[str], str], one: str, other: str, same: bool) -> bool:
    try:
        return (method(one) == method(other)) is same
    except Exception:  # noqa: BLE001 - a peer that raises gets the pair wrong
        return False


def score(methods: dict[str, Callable[[str], str]], verbose: bool) -> None:
    """Print each library's count of pairs answered right, split by kind of pair."""
    same_total = sum(1 for *_, same, _ in PAIRS if same)
    different_total = len(PAIRS) - same_total
    if verbose:
        names = "  ".join(f"{name[:10]:>10}" for name in methods)
        print(f"{'pair':<44}  {names}")
        for one, other, same, reason in PAIRS:
            marks = "  ".join(
                f"{'ok' if _verdict(m, one, other, same) else 'WRONG':>10}"
                for m in methods.values()
            )
            print(f"{('same: ' if same else 'diff: ') + reason:<44}  {marks}")
        print()
    print(
        f"{'library':<20} {'right':>7} {'same (of ' + str(same_total) + ')':>14}"
        f" {'different (of ' + str(different_total) + ')':>19}"
    )
    for name, method in methods.items():
        right_same = sum(_verdict(method, a, b, s) for a, b, s, _ in PAIRS if s)
        right_diff = sum(_verdict(method, a, b, s) for a, b, s, _ in PAIRS if not s)
        total = f"{right_same + right_diff}/{len(PAIRS)}"
        print(f"{name:<20} {total:>7} {right_same:>14} {right_diff:>19}")


def sample_urls(count: int) -> tuple[list[str], str]:
    """``count`` absolute URLs from the real cards, cycled, or from the pair table."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ai"
    urls: list[str] = []
    if corpus.is_dir():
        for path in sorted(corpus.glob("*.md")):
            if path.name == "SOURCES.md":
                continue
            card = load(path)
            for item in (card, *card.related):
                fields = (item.original_url, item.web_url, item.amp_web_url, item.cdn_amp_web_url)
                urls.extend(url for url in fields if url and url.startswith("http"))
        source = f"{len(urls)} URLs of the real cards in {corpus}"
    else:
        urls = [url for one, other, *_ in PAIRS for url in (one, other)]
        source = "the pair table (the shared corpus is missing)"
    return [urls[i % len(urls)] for i in range(count)], source


def measure(
    methods: dict[str, Callable[[str], str]], urls: list[str], repeats: int
) -> dict[str, float]:
    """Median seconds per method over ``urls``, the methods alternated within each repeat."""
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, method in methods.items():
            gc.collect()
            start = time.perf_counter()
            for url in urls:
                method(url)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    methods = peers()
    print(f"Pair table: {len(PAIRS)} pairs\n")
    score(methods, verbose)
    urls, source = sample_urls(20_000)
    print(f"\nSpeed: {len(urls):,} URLs from {source}; median of 7 repeats\n")
    medians = measure(methods, urls, repeats=7)
    baseline = medians.get("courlan")
    print(f"{'library':<22} {'URLs/s':>10} {'time / courlan':>15}")
    for name, seconds in medians.items():
        ratio = f"{seconds / baseline:.2f}" if baseline else "-"
        print(f"{name:<22} {len(urls) / seconds:>10,.0f} {ratio:>15}")
    unique = [own_host(index, url) for index, url in enumerate(urls)]
    pair = {name: methods[name] for name in ("newscard", "courlan") if name in methods}
    medians = measure(pair, unique, repeats=7)
    baseline = medians.get("courlan")
    print("\nThe same URLs, each with a host of its own (the worst case of newscard's memory)\n")
    for name, seconds in medians.items():
        ratio = f"{seconds / baseline:.2f}" if baseline else "-"
        print(f"{name + ', unique hosts':<22} {len(urls) / seconds:>10,.0f} {ratio:>15}")


def own_host(index: int, url: str) -> str:
    """``url`` with ``-<index>`` added to its first label that is no alias (``www.``, ``m.``).

    No other URL has that host; an AMP cache URL stays one (its host still ends in
    ``cdn.ampproject.org``).
    """
    scheme, _, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    labels = authority.split(".")
    first = 0
    while first < len(labels) - 2 and labels[first] in {"www", "m", "mobile", "amp"}:
        first += 1
    labels[first] += f"-{index}"
    return f"{scheme}://{'.'.join(labels)}{slash}{path}"


if __name__ == "__main__":
    main()
