"""Smoke test of an installed wheel: import, read and write the example cards."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import newscard

folder = Path(sys.argv[1])
assert "site-packages" in newscard.__file__, newscard.__file__
assert (Path(newscard.__file__).parent / "py.typed").is_file(), "py.typed is missing"
count = 0
for path in sorted(folder.rglob("*.md")):
    try:
        card = newscard.load(path)
    except newscard.NewscardError:
        continue
    buffer = io.BytesIO()
    newscard.dump(card, buffer)
    assert buffer.getvalue() == path.read_bytes(), path
    count += 1
assert count >= 10, count
print(f"smoke: {count} example cards read and written back unchanged")
