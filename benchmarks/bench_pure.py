"""Without libyaml: newscard on PyYAML's pure-Python parser, side by side with yaml.load.

Run: python benchmarks/bench_pure.py [--cards 200] [--repeats 5]
Where PyYAML is installed without libyaml, newscard reads the generator's line-oriented
style with its own line scanner (which needs no libyaml) and anything else with the
pure-Python parser; this script makes that fallback in-process (both modules that parse take
the parser class from a module attribute), so that both parsers are measured on the same
machine and cards, with the scanner on and off.
Ratio = time / ``yaml.load(front, Loader=yaml.CSafeLoader)``.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator

import attrs
import corpus
import yaml
from bench_core import fronts_of, libyaml_only, report
from timing import measure

import newscard
from newscard import _patch, _reader

PARSER = "_Loader"  # the parser class each module uses, as the tests replace it too


@contextlib.contextmanager
def pure_python() -> Iterator[None]:
    """newscard as it runs where libyaml is missing."""
    saved = [(module, getattr(module, PARSER)) for module in (_reader, _patch)]
    for module, _ in saved:
        setattr(module, PARSER, yaml.SafeLoader)
    try:
        yield
    finally:
        for module, parser in saved:
            setattr(module, PARSER, parser)


def pure_parser_only(texts: list[str]) -> list[newscard.Article]:
    """``loads`` without libyaml and without the line scanner: the pure-Python parser alone."""
    with pure_python():
        return libyaml_only(texts)


def in_pure_python(work: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with pure_python():
            return work()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = corpus.texts(args.cards)
    fronts = fronts_of(texts)
    cards = pure_parser_only(texts)
    if cards != libyaml_only(texts) or cards != [newscard.loads(t) for t in texts]:
        raise SystemExit("the two parsers, or the scanner, read different cards")
    read = {
        "yaml.load CSafeLoader (baseline)": lambda: [
            yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts
        ],
        "yaml.load SafeLoader (pure Python)": lambda: [
            yaml.load(f, Loader=yaml.SafeLoader) for f in fronts
        ],
        "newscard.loads, libyaml": lambda: [newscard.loads(t) for t in texts],
        "newscard.loads, pure Python": in_pure_python(lambda: [newscard.loads(t) for t in texts]),
        "newscard.loads, pure Python, scanner off": lambda: pure_parser_only(texts),
    }
    report("read, without libyaml", measure(read, args.repeats), len(texts))
    dicts = [yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts]
    edited = [attrs.evolve(c, topics=(*c.topics, "Added")) for c in cards]
    write = {
        "yaml.dump CSafeDumper (baseline)": lambda: [
            yaml.dump(d, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
            for d in dicts
        ],
        "yaml.dump SafeDumper (pure Python)": lambda: [
            yaml.dump(d, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True) for d in dicts
        ],
        "newscard.dumps, topic appended, libyaml": lambda: [newscard.dumps(c) for c in edited],
        "newscard.dumps, topic appended, pure Python": in_pure_python(
            lambda: [newscard.dumps(c) for c in edited]
        ),
    }
    report("write, without libyaml", measure(write, args.repeats), len(texts))


if __name__ == "__main__":
    main()
