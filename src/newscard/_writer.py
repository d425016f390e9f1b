"""Writing cards: splice edits into the text a card was read from, or write it afresh."""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import IO

from ._emit import emit_article
from ._model import Article
from ._patch import patch

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


def dump(card: Article, file: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write a card as UTF-8 to a path (atomically) or to a binary file."""
    data = dumps(card).encode("utf-8")
    if isinstance(file, (str, os.PathLike)):
        write_atomic(os.fspath(file), data)
    else:
        file.write(data)


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half.

    The new bytes go to a temporary file in the same folder, flushed to disk, then renamed
    over the target; the target's permissions are kept. A symbolic link is written through:
    the file it points to is replaced, and the link stays.
    """
    if os.path.islink(path):
        path = os.path.realpath(path)
    folder = os.path.dirname(path) or "."
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, temp = tempfile.mkstemp(prefix=".newscard-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
