"""Reading many cards: find them in folders, load them in order, optionally in processes.

``load_many`` returns a ``LoadResults``: an iterator of ``(path, card)`` pairs in sorted path
order that reads lazily and, depending on ``errors``, raises at the first broken file, keeps
every failure in ``LoadResults.errors``, or drops them.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Literal

from ._errors import NewscardError
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article
from ._reader import load

__all__ = ["LoadResults", "find_cards", "load_many"]

ErrorPolicy = Literal["raise", "collect", "skip"]
LoadError = NewscardError | OSError
"""What reading one file can fail with; both name the file in ``.filename``."""

AUTO_MIN_FILES = 2000
"""With ``workers="auto"``, fewer files than this are read in this process.

Loading is fast (a fraction of a millisecond per typical card), so below a few thousand
cards starting processes and sending cards back costs more than it saves.
"""

_CHUNK = 128
"""Files per task sent to a worker process at most: big enough to amortise the round trip,
small enough that a small batch is still spread over every worker."""


def find_cards(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, pattern: str = "*.md"
) -> list[Path]:
    """The card files named by ``paths``, sorted and without repeats.

    A file is taken whatever its name; a folder is searched recursively for ``pattern``,
    skipping hidden files and folders (names starting with ``.``). ``FileNotFoundError`` if
    a path does not exist.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: set[Path] = set()
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found.update(_walk(path, pattern))
        elif path.exists():
            found.add(path)
        else:
            raise FileNotFoundError(2, "no such file or folder", os.fspath(path))
    return sorted(found)


def _walk(folder: Path, pattern: str) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        base = Path(root)
        for name in files:
            if not name.startswith("."):
                path = base / name
                if path.match(pattern):
                    yield path


class LoadResults(Iterator[tuple[Path, Article]]):
    """The cards of ``load_many``: iterate for ``(path, card)`` pairs, in ``paths`` order.

    Files are read as the iteration asks for them (a few chunks ahead with processes).
    With ``errors="collect"``, ``errors`` holds every failure met so far, in path order:
    complete once the iteration is over.
    """

    def __init__(
        self,
        paths: list[Path],
        errors: ErrorPolicy,
        workers: int | Literal["auto"] | None,
        limits: Limits,
    ) -> None:
        if errors not in ("raise", "collect", "skip"):
            message = f"errors must be 'raise', 'collect' or 'skip', got {errors!r}"
            raise ValueError(message)
        self.paths: list[Path] = paths
        """Every file found, in the order cards come."""
        self.errors: list[LoadError] = []
        """With ``errors="collect"``: the files that could not be read, each error naming
        its file in ``.filename`` (``str(error)`` of a ``NewscardError`` reads
        ``file:line:col: key.path: message``)."""
        self.policy: ErrorPolicy = errors
        self.workers = _worker_count(workers, len(paths))
        """The number of processes used (1: none, all in this process)."""
        self._results: Generator[tuple[Path, Article | LoadError]] = (
            _serial(paths, limits) if self.workers == 1 else _parallel(paths, limits, self.workers)
        )

    def __next__(self) -> tuple[Path, Article]:
        while True:
            path, outcome = next(self._results)
            if isinstance(outcome, Article):
                return path, outcome
            if self.policy == "raise":
                self.close()
                raise outcome
            if self.policy == "collect":
                self.errors.append(outcome)

    def outcomes(self) -> Iterator[tuple[Path, Article | LoadError]]:
        """Every file's result in order, cards and errors alike, whatever ``errors`` says.

        For callers that report failures as they come; it shares this iterator's position.
        """
        return self._results

    def close(self) -> None:
        """Stop reading: worker processes, if any, are shut down."""
        self._results.close()


def load_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: ErrorPolicy = "raise",
    workers: int | Literal["auto"] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pattern: str = "*.md",
) -> LoadResults:
    """Read the cards in files and folders: ``(path, card)`` pairs in sorted path order.

    ``paths`` are found at once (see ``find_cards``; a missing one raises
    ``FileNotFoundError`` here), the files are read lazily, as the result is iterated.

    ``errors`` says what a file that cannot be read does (a ``NewscardError``, or an
    ``OSError`` such as a permission error): ``"raise"`` raises it, after the cards of the
    files before it; ``"collect"`` keeps it in ``LoadResults.errors`` and goes on;
    ``"skip"`` drops it and goes on.

    ``workers``: None or 1 reads in this process; N > 1 reads in N processes
    (``ProcessPoolExecutor``, files in chunks, cards coming back in order, source text
    included, so that they write back byte for byte); ``"auto"`` uses one process per CPU
    when there are at least ``AUTO_MIN_FILES`` files and more than one CPU. Processes need
    the usual ``if __name__ == "__main__":`` guard in scripts on platforms that spawn them.
    """
    return LoadResults(find_cards(paths, pattern=pattern), errors, workers, limits)


def _worker_count(workers: int | Literal["auto"] | None, files: int) -> int:
    if workers is None:
        return 1
    if workers == "auto":
        cpus = os.cpu_count() or 1
        return cpus if cpus > 1 and files >= AUTO_MIN_FILES else 1
    if type(workers) is not int or workers < 1:
        message = f"workers must be None, 'auto' or at least 1, got {workers!r}"
        raise ValueError(message)
    return workers


def _load_one(path: Path, limits: Limits) -> Article | LoadError:
    try:
        return load(path, limits=limits)
    except NewscardError as error:
        return error
    except OSError as error:
        if error.filename is None:
            error.filename = os.fspath(path)
        return error


def _load_chunk(paths: list[Path], limits: Limits) -> list[Article | LoadError]:
    return [_load_one(path, limits) for path in paths]


def _serial(paths: list[Path], limits: Limits) -> Generator[tuple[Path, Article | LoadError]]:
    for path in paths:
        yield path, _load_one(path, limits)


def _parallel(
    paths: list[Path], limits: Limits, workers: int
) -> Generator[tuple[Path, Article | LoadError]]:
    """Chunks go to the workers a few at a time (so memory stays bounded), in order."""
    size = max(1, min(_CHUNK, -(-len(paths) // (4 * workers))))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    ahead = 2 * workers
    pending: deque[tuple[list[Path], Future[list[Article | LoadError]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(_load_chunk, chunk, limits)))
                if len(pending) >= ahead:
                    yield from _ready(pending.popleft())
            while pending:
                yield from _ready(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _ready(
    task: tuple[list[Path], Future[list[Article | LoadError]]],
) -> Iterator[tuple[Path, Article | LoadError]]:
    chunk, future = task
    yield from zip(chunk, future.result(), strict=True)
