"""What a card remembers of the text it was read from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Article


class Source:
    """The original text, where its front matter and body are, and the card as read.

    Writing a card compares it with ``base`` and changes only what differs.
    """

    __slots__ = ("base", "body_start", "front_end", "front_start", "layout", "path", "text")

    def __init__(
        self,
        text: str,
        front_start: int,
        front_end: int,
        body_start: int,
        layout: tuple[Any, ...] | None = None,
    ) -> None:
        self.text = text
        self.front_start = front_start
        self.front_end = front_end
        self.body_start = body_start
        self.layout = layout
        """Each top-level key and the index its text starts at, in turn (block style only);
        for a block list of mappings, a tuple of that index and each item's."""
        self.base: Article | None = None
        self.path: str | None = None
        """The real path of the file the text was read from, if any."""

    @property
    def front(self) -> str:
        """The YAML between the fences."""
        return self.text[self.front_start : self.front_end]

    @property
    def newline(self) -> str:
        """The line ending this text uses: that of its first line."""
        end = self.text.find("\n", 0, self.front_end)
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"
