"""Reading many cards: find them in folders, load them in order, optionally in processes.

``load_many`` returns a ``LoadResults``: an iterator of ``(path, card)`` pairs in sorted path
order that reads lazily and, depending on ``errors``, raises at the first broken file, keeps
every failure in ``LoadResults.errors``, or drops them.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal, TypeVar

from . import _files
from ._errors import NewscardError
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article
from ._reader import load

__all__ = ["LoadResults", "find_cards", "load_many", "map_cards", "worker_count"]

ErrorPolicy = Literal["raise", "collect", "skip"]
LoadError = NewscardError | OSError
"""What reading one file can fail with; both name the file in ``.filename``."""

AUTO_MIN_FILES = 2000
"""With ``workers="auto"``, fewer files than this are read in this process.

Loading is fast (a fraction of a millisecond per typical card), so below a few thousand
cards starting processes and sending whole cards back costs more than it saves.
"""

AUTO_MIN_JOBS = 500
"""The same for per-card jobs that send back only their small result (the command line's):
measured, processes start paying from 300 to 400 files on two cores."""

_CHUNK = 128
"""Files per task sent to a worker process at most: big enough to amortise the round trip,
small enough that a small batch is still spread over every worker."""


def find_cards(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    pattern: str = "*.md",
    exclude: Iterable[str] = (),
    on_skip: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """The card files named by ``paths``, sorted, each file once.

    A file is taken whatever its name; a folder is searched recursively for ``pattern``,
    skipping hidden files and folders (names starting with ``.``) and anything whose name,
    or path below the folder, matches a glob of ``exclude`` (``SOURCES.md``, ``drafts/*``).
    A file is one file whatever names it: named twice, through a symbolic link or a hard
    link, it is listed once, under its first name in sorted order that is not a symbolic
    link (the file itself, where it is among the names). Links to folders are not
    followed inside a folder (a loop, or a way out of the tree): name such a folder to read it.

    What is passed over for a reason a user should hear of goes to ``on_skip(path, why)``:
    anything that is not a regular file (a FIFO would block the reader forever), links to
    folders, and the temporary files of interrupted writes. ``FileNotFoundError`` if a path
    does not exist.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    excluded = tuple(exclude)
    skip = on_skip or _ignore
    found: dict[Path, tuple[int, int] | None] = {}
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            for name, identity in _walk(path, pattern, excluded, skip):
                found.setdefault(name, identity)
        elif not os.path.lexists(path):
            raise FileNotFoundError(2, "no such file or folder", os.fspath(path))
        elif _excluded(path.name, path.name, excluded):
            continue
        elif path.exists() and not path.is_file():
            skip(path, _NOT_REGULAR)
        else:
            found.setdefault(path, _identity(path))
    named: dict[tuple[int, int], Path] = {}
    for path in sorted(found):  # the first name of each file, a link only if nothing else
        identity = found[path]
        if identity is not None:
            kept = named.setdefault(identity, path)
            if kept.is_symlink() and not path.is_symlink():
                named[identity] = path
    chosen = set(named.values())
    return [path for path in sorted(found) if found[path] is None or path in chosen]


_NOT_REGULAR = "not a regular file (a FIFO, socket or device): skipped"
_FOLDER_LINK = "a link to a folder: not followed (name the folder itself to read it)"
_LEFTOVER = "left by an interrupted write: safe to remove (the next write in its folder does)"


def _ignore(path: Path, why: str) -> None:
    """The default ``on_skip``: say nothing."""


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of a file (what every name of it shares), if it can be told."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _excluded(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch(name, glob) or fnmatch(relative, glob) for glob in patterns)


def _walk(
    folder: Path, pattern: str, exclude: tuple[str, ...], skip: Callable[[Path, str], None]
) -> Iterator[tuple[Path, tuple[int, int] | None]]:
    """The files under ``folder`` that match, each with its identity; hidden ones left out."""
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
            device = os.stat(current).st_dev
        except OSError:
            continue  # a folder that cannot be listed holds nothing to read
        for item in entries:
            name = item.name
            relative = prefix + name
            if name.startswith("."):
                if _files.is_stale_leftover(current, name):
                    skip(Path(item.path), _LEFTOVER)
                continue
            if exclude and _excluded(name, relative, exclude):
                continue
            if item.is_dir(follow_symlinks=False):
                pending.append((Path(item.path), relative + "/"))
                continue
            path = Path(item.path)
            if item.is_dir():  # a link to a folder: a loop, or out of the tree
                skip(path, _FOLDER_LINK)
                continue
            if not path.match(pattern):
                continue
            if not item.is_file():
                if os.path.exists(path):  # a dangling link is left to fail when read
                    skip(path, _NOT_REGULAR)
                    continue
                yield path, None
            elif item.is_symlink():
                yield path, _identity(path)
            else:
                yield path, (device, item.inode())


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
        self.workers = worker_count(workers, len(paths))
        """The number of processes used (1: none, all in this process)."""
        self._results: Generator[tuple[Path, Article | LoadError]] = map_cards(
            paths, _card, workers=self.workers, limits=limits
        )
        self._done = False

    def __iter__(self) -> LoadResults:
        if self._done:
            message = (
                "the cards of load_many() were all read already: it reads the files once, "
                "as it is iterated; keep them with list(load_many(...)) to go over them again"
            )
            raise RuntimeError(message)
        return self

    def __next__(self) -> tuple[Path, Article]:
        while True:
            try:
                path, outcome = next(self._results)
            except StopIteration:
                self._done = True
                raise
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
    exclude: Iterable[str] = (),
) -> LoadResults:
    """Read the cards in files and folders: ``(path, card)`` pairs in sorted path order.

    ``paths`` are found at once (see ``find_cards``, which ``pattern`` and ``exclude`` go
    to; a missing path raises ``FileNotFoundError`` here), the files are read lazily, as
    the result is iterated (once).

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
    found = find_cards(paths, pattern=pattern, exclude=exclude)
    return LoadResults(found, errors, workers, limits)


def worker_count(
    workers: int | Literal["auto"] | None, files: int, minimum: int = AUTO_MIN_FILES
) -> int:
    """How many processes to read ``files`` files with (1: none).

    ``auto``: one per CPU from ``minimum`` files up.
    """
    if workers is None:
        return 1
    if workers == "auto":
        cpus = os.cpu_count() or 1
        return cpus if cpus > 1 and files >= minimum else 1
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


_T = TypeVar("_T")


def _card(path: Path, card: Article) -> Article:  # noqa: ARG001 - a job's signature
    """The job of ``load_many``: the card itself."""
    return card


def map_cards(
    paths: list[Path],
    job: Callable[[Path, Article], _T],
    *,
    workers: int = 1,
    limits: Limits = DEFAULT_LIMITS,
) -> Generator[tuple[Path, _T | LoadError]]:
    """Read each file and run ``job(path, card)`` on its card, in ``paths`` order.

    With ``workers`` above 1 the reading and the job run in that many processes, and only
    what the job returns comes back (a sort key, URL keys, a line of output: never the
    card, unless the job returns it): that is what makes processes pay. The files go in
    chunks, a few chunks ahead, so memory stays bounded whatever the number of files.
    ``job`` must be picklable for processes: a module-level function, or a
    ``functools.partial`` of one. A file that cannot be read gives its error instead.
    """
    if workers == 1:
        return _serial(paths, limits, job)
    return _parallel(paths, limits, workers, job)


def _run(path: Path, limits: Limits, job: Callable[[Path, Article], _T]) -> _T | LoadError:
    outcome = _load_one(path, limits)
    if not isinstance(outcome, Article):
        return outcome
    try:
        return job(path, outcome)
    except NewscardError as error:  # what the job finds wrong with the card: its problem
        return error.in_file(os.fspath(path))


def _load_chunk(
    paths: list[Path], limits: Limits, job: Callable[[Path, Article], _T]
) -> list[_T | LoadError]:
    return [_run(path, limits, job) for path in paths]


def _serial(
    paths: list[Path], limits: Limits, job: Callable[[Path, Article], _T]
) -> Generator[tuple[Path, _T | LoadError]]:
    for path in paths:
        yield path, _run(path, limits, job)


def _parallel(
    paths: list[Path], limits: Limits, workers: int, job: Callable[[Path, Article], _T]
) -> Generator[tuple[Path, _T | LoadError]]:
    """Chunks go to the workers a few at a time (so memory stays bounded), in order."""
    size = max(1, min(_CHUNK, -(-len(paths) // (4 * workers))))
    ahead = 2 * workers
    pending: deque[tuple[list[Path], Future[list[_T | LoadError]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for start in range(0, len(paths), size):
                chunk = paths[start : start + size]
                pending.append((chunk, pool.submit(_load_chunk, chunk, limits, job)))
                if len(pending) >= ahead:
                    yield from _ready(pending.popleft())
            while pending:
                yield from _ready(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _ready(
    task: tuple[list[Path], Future[list[_T | LoadError]]],
) -> Iterator[tuple[Path, _T | LoadError]]:
    chunk, future = task
    yield from zip(chunk, future.result(), strict=True)
