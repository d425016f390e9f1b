"""Writing cards: splice edits into the text a card was read from, or write it afresh."""

from __future__ import annotations

import io
import os
from typing import IO

from ._emit import emit_article
from ._files import ANY, write_file
from ._model import Article
from ._patch import patch
from ._reader import loads

__all__ = ["dump", "dumps"]


def dumps(card: Article) -> str:
    """The text of a card.

    A card read from text gives back that text byte for byte when unchanged, and changes
    only the lines of what was edited otherwise. A card built in code is written in the
    reference style.
    """
    source = card._source  # noqa: SLF001 - the model keeps it private for this module
    if source is not None:
        if source.base is card:
            return source.text
        spliced = patch(source, card)
        # None only if a splice did not read back as the card (a defensive fallback).
        if spliced is not None:  # pragma: no branch
            return spliced[0]
    return emit_article(card)


def dump(
    card: Article, file: str | os.PathLike[str] | IO[bytes], *, overwrite: bool = False
) -> Article:
    """Write a card as UTF-8 to a path (atomically) or to a binary file.

    A path is never written over a change the card did not see: a card read from text is
    written only where the file still holds that text (the file it was read from, or a
    copy); a card built in code only where no file exists. Anything else is a
    ``ConflictError`` and leaves the file as it is; ``overwrite=True`` replaces it anyway.

    Returns the card as written, remembering its new text: edit that one to write again
    (the card given still remembers the old text, which the file no longer holds). A card
    that would not read back under the default ``Limits`` (more values, or characters,
    than they allow) is refused with their ``LimitError`` before anything is written.
    """
    text = dumps(card)
    written = loads(text)  # before writing: what the default limits refuse is not written
    data = text.encode("utf-8")
    if isinstance(file, (str, os.PathLike)):
        path = os.fspath(file)
        write_file(path, data, ANY if overwrite else _expected(card, path))
    elif isinstance(file, io.TextIOBase):
        msg = "dump() needs a binary file (open it with 'wb')"
        raise TypeError(msg)
    else:
        file.write(data)
    return written


def _expected(card: Article, path: str) -> bytes | None:
    """What the file must hold for the card to be written there.

    The text the card was read from; None (no file at all) for a card built in code.
    """
    source = card._source  # noqa: SLF001 - the model keeps it private for this module
    if source is None:
        return None
    if os.path.exists(path):
        return source.text.encode("utf-8")
    if source.path is not None and source.path == os.path.realpath(path):
        return source.text.encode("utf-8")  # the file it was read from is gone: a conflict
    return None  # a new file: written only if none appears meanwhile
