"""Coverage-guided fuzzing of the line scanner against the libyaml path (atheris; not in CI).

Run: pip install atheris && python fuzz/fuzz_scan.py -max_total_time=600 tests/fixtures/styles
(add a copy of real cards as a second corpus folder to start from more shapes).
The property: ``loads`` gives the same card (values, types, key order, offsets, unknown keys
and layout) or raises the same error whether or not the scanner is on, and any front matter
the scanner accepts, libyaml reads.
"""

from __future__ import annotations

import sys
from typing import Any

import atheris

with atheris.instrument_imports():
    import attrs

    import newscard
    from newscard import _reader


def spelled_out(value: Any) -> Any:
    """A value with its types: bool is not int, offsets and key order count."""
    if attrs.has(type(value)):
        fields = [
            (a.name, spelled_out(getattr(value, a.name)))
            for a in attrs.fields(type(value))
            if a.name != "_source"
        ]
        source = getattr(value, "_source", None)
        return (type(value).__name__, fields, None if source is None else source.layout)
    if isinstance(value, dict):
        return ("dict", [(spelled_out(k), spelled_out(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [spelled_out(v) for v in value])
    if hasattr(value, "utcoffset"):
        return ("datetime", value.isoformat(), value.utcoffset(), value.tzname())
    return (type(value).__name__, value)


def outcome(data: bytes) -> Any:
    try:
        return spelled_out(newscard.loads(data))
    except Exception as error:  # noqa: BLE001 - both paths must raise the same
        return ("error", type(error).__name__, str(error))


SCANNER = "_fast"  # the reader's line scanner: None makes libyaml read every card


def test_one_input(data: bytes) -> None:
    scan = getattr(_reader, SCANNER)
    fast = outcome(data)
    setattr(_reader, SCANNER, None)
    try:
        slow = outcome(data)
    finally:
        setattr(_reader, SCANNER, scan)
    if fast != slow:
        raise AssertionError(f"the scanner and libyaml disagree: {fast!r:.300} != {slow!r:.300}")
    try:
        text = data.decode("utf-8")
        start, end, _ = _reader.split(text)
    except (UnicodeDecodeError, newscard.NewscardError):
        return
    accepted = scan is not None and scan(text[start:end], newscard.DEFAULT_LIMITS) is not None
    if accepted and slow[0] != "Article":
        raise AssertionError("the scanner accepted a front matter that libyaml refuses")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
