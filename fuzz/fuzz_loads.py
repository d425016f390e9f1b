"""Coverage-guided fuzzing of reading and writing cards (atheris; not run in CI).

Run: pip install atheris && python fuzz/fuzz_loads.py -max_total_time=600 tests/fixtures/styles
(add a copy of real cards as a second corpus folder to start from more shapes).
The property: only NewscardError escapes ``loads``, and whatever reads writes back to the
same text, and its reference-style rewrite reads back as the same card.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import attrs

    import newscard


def test_one_input(data: bytes) -> None:
    try:
        card = newscard.loads(data)
    except newscard.NewscardError:
        return
    text = data.decode("utf-8")
    if newscard.dumps(card) != text:
        raise AssertionError("an unchanged card did not write back byte for byte")
    fresh = newscard.dumps(attrs.evolve(card, source=None))
    if newscard.loads(fresh) != card:
        raise AssertionError("the reference-style rewrite does not read back equal")
    edited = attrs.evolve(card, quality=(card.quality or 0) + 1, topics=(*card.topics, "x y"))
    if newscard.loads(newscard.dumps(edited)) != edited:
        raise AssertionError("an edited card does not read back equal")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
