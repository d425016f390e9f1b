"""Where a key path stands in the text a card was read from: its line and column.

Warnings are found on the card's values; to point at their line, the text is parsed once
into positioned nodes and each path (``related[2].provider.domain``) walked down them.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ._patch import _compose, _Map, _Node, _Seq
from ._source import Source

__all__ = ["Positions"]

_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class Positions:
    """Line and column of key paths in one card's text (1-based, counting the fence)."""

    def __init__(self, source: Source) -> None:
        self.root: Any = _compose(source.front, source.front_start)
        text = source.text
        self.lines = [0]
        at = text.find("\n")
        while at >= 0:
            self.lines.append(at + 1)
            at = text.find("\n", at + 1)

    def of(self, path: str, *, key: bool = False) -> tuple[int, int] | None:
        """Where the value at ``path`` starts (or its key, with ``key``); None if not found."""
        node: _Node | None = self.root
        found: _Node | None = None
        for index, name in _STEP.findall(path):
            if node is None:
                return None
            node, found = self._step(node, index, name)
        target = found if key else node
        if target is None:
            return None
        line = bisect.bisect_right(self.lines, target.start)
        return line, target.start - self.lines[line - 1] + 1

    @staticmethod
    def _step(node: _Node, index: str, name: str) -> tuple[_Node | None, _Node | None]:
        """The child at ``[index]`` or ``.name``, and the key node that names it."""
        if index:
            if isinstance(node, _Seq) and int(index) < len(node.value):
                return node.value[int(index)], None
            return None, None
        if isinstance(node, _Map):
            for key_node, value in node.value:
                if key_node.value == name:
                    return value, key_node
        return None, None
