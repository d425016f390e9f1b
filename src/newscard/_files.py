"""Writing files so that nothing is lost: atomic, and never over a change nobody saw.

A write goes to a temporary file in the target's folder, flushed to disk, which then takes
the target's place in one step: readers see the old file or the new one, never half of
either. Before it takes that place, what the target holds is compared with what the writer
expects it to hold (the text the card was read from, or no file at all): a file another
process changed meanwhile is a ``ConflictError``, and stays as that process left it.

On Linux the new file is exchanged with the old one (``renameat2(RENAME_EXCHANGE)``) and
the file it displaced is compared: a writer that slipped in between the check and the
exchange is caught too, and its file is put back. Elsewhere the check and the rename run
under a lock on the folder, which orders the writers that take it (every newscard writer).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from ._errors import ConflictError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ANY",
    "clean_leftovers",
    "is_leftover",
    "is_stale_leftover",
    "leftovers",
    "write_file",
]


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY: Final = _Any()
"""``expect=ANY``: replace whatever the target holds (an explicit overwrite)."""

_PREFIX = ".newscard-"
_SUFFIX = ".tmp"
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
_STALE_AFTER = 3600.0
_OURS = re.compile(r"\.newscard-(?:(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-)?[a-z0-9_]{8}\.tmp")
"""The names ``tempfile.mkstemp`` gives this library's files (an older version's had no host
and process)."""
"""A temporary file of another host (or an older version) is left for an hour at least."""
_cleaned: set[str] = set()
"""Folders whose leftovers this process has removed: once is enough."""


def _exchanger() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # pragma: no cover - not Linux, or an old C library
        return None
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _exchanger()
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(one: str, other: str) -> bool:
    """Swap two names atomically; False where the system or file system cannot."""
    if _RENAMEAT2 is None:  # pragma: no cover - not Linux
        return False
    done = _RENAMEAT2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), other)


def write_file(path: str, data: bytes | Iterable[bytes], expect: bytes | _Any | None = ANY) -> None:
    """Put ``data`` at ``path`` atomically, if ``path`` holds ``expect`` (None: no file).

    ``data`` is bytes, or chunks of them (written as they come).

    A symbolic link is written through (the file it points to is replaced, the link
    stays). The file's permissions, owner, group and extended attributes (ACLs among them)
    are those it has just before it is replaced; a file whose owner, group or attributes
    the writer cannot give the new file is refused, and so is a file with other hard
    links (the other names would keep the old text): a ``ConflictError`` that says so.
    """
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise FileNotFoundError(errno.ENOENT, f"folder {folder} {what}", path)
    if os.path.isdir(target):
        raise IsADirectoryError(errno.EISDIR, "is a folder", path)
    _clean_once(folder)
    temp = _temporary(folder, data)
    try:
        with _locked(folder):
            _check(target, path, expect)
            before = _metadata(temp, target, path)  # as the file is now, just before the swap
            if before is None or not os.path.exists(target):
                _create(temp, target, path, expect)
            elif not _exchange(temp, target):
                os.replace(temp, target)
            elif not isinstance(expect, _Any) and _read(temp, _size(expect)) != expect:
                # Changed between the check and the exchange: put that version back.
                _exchange(temp, target)
                raise _conflict(path, "changed while it was being written")
        _sync(folder)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _temporary(folder: str, data: bytes | Iterable[bytes]) -> str:
    fd, temp = tempfile.mkstemp(
        prefix=f"{_PREFIX}{_HOST}-{os.getpid()}-", suffix=_SUFFIX, dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:  # chunks as they come: a large export is never held whole
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _metadata(temp: str, target: str, shown: str) -> os.stat_result | None:
    """Give the new file what the file it replaces has; the file's state, or None if none.

    Called just before the swap, so that a ``chmod`` made while the new text was written is
    kept too. What cannot be kept is refused rather than silently lost.
    """
    try:
        before = os.stat(target)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        return None
    if before.st_nlink > 1:
        message = (
            f"has {before.st_nlink} hard links: replacing it would leave the other names "
            "with the old text (remove the other links, or write it in place yourself)"
        )
        raise ConflictError(message, filename=shown)
    mine = os.stat(temp)
    if (mine.st_uid, mine.st_gid) != (before.st_uid, before.st_gid):
        try:
            os.chown(temp, before.st_uid, before.st_gid)
        except PermissionError:
            message = (
                f"is owned by {before.st_uid}:{before.st_gid}, which this process cannot give "
                "a new file: replacing it would change its owner (write it as its owner, or "
                "as root)"
            )
            raise ConflictError(message, filename=shown) from None
    _copy_attributes(target, temp, shown)
    os.chmod(temp, before.st_mode & 0o7777)
    return before


def _copy_attributes(source: str, temp: str, shown: str) -> None:
    """Extended attributes (POSIX ACLs are some), copied or refused, never dropped."""
    try:
        names = os.listxattr(source)
    except (OSError, AttributeError):  # a file system (or system) without them
        return
    name = ""
    try:
        for name in names:
            os.setxattr(temp, name, os.getxattr(source, name))
    except OSError:
        message = (
            f"has the extended attribute {name!r} (an ACL, a label...), which the new file "
            "cannot be given here: replacing it would drop it"
        )
        raise ConflictError(message, filename=shown) from None


def _read(path: str, limit: int) -> bytes | None:
    """A file's bytes (at most ``limit``, enough to tell it from what is expected)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        return None


def _check(target: str, shown: str, expect: bytes | _Any | None) -> None:
    if isinstance(expect, _Any):
        return
    now = _read(target, _size(expect))
    if now == expect:
        return
    if expect is None:
        raise _conflict(shown, "already exists", "pass overwrite=True to replace it")
    if now is None:
        raise _conflict(shown, "was removed or moved since it was read")
    raise _conflict(shown, "changed since it was read")


def _size(expect: bytes | None) -> int:
    return 1 if expect is None else len(expect) + 1


def _conflict(path: str, what: str, fix: str = "") -> ConflictError:
    fix = fix or "read it again and redo the change, or pass overwrite=True to replace it"
    return ConflictError(f"{what}: not written ({fix})", filename=path)


def _create(temp: str, target: str, shown: str, expect: bytes | _Any | None) -> None:
    """A new file, never over one that appeared meanwhile (unless ``expect`` is ANY)."""
    if expect is ANY:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails if the name is taken: no window for a clobber
    except FileExistsError:
        raise _conflict(shown, "appeared while it was being written") from None
    except OSError:  # a file system without hard links: the check above is the guard
        os.replace(temp, target)


@contextlib.contextmanager
def _locked(folder: str) -> Iterator[None]:
    """Hold the folder's lock: newscard writers in one folder take turns to check and rename."""
    if fcntl is None:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder one may write in but not list: no lock to take
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sync(folder: str) -> None:
    """Make the rename itself durable (where folders can be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - the folder was just written in
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that cannot sync a folder
        pass
    finally:
        os.close(fd)


# --- leftovers of interrupted writes ---------------------------------------------------------


def is_leftover(name: str) -> bool:
    """Whether a file name is that of a temporary file of this library."""
    return name.startswith(_PREFIX) and name.endswith(_SUFFIX)


def is_stale_leftover(folder: str | os.PathLike[str], name: str) -> bool:
    """Whether a file in ``folder`` is a temporary file whose writer is gone."""
    return is_leftover(name) and _stale(folder, name)


def leftovers(folder: str | os.PathLike[str]) -> list[Path]:
    """The temporary files of interrupted writes in a folder (a writer killed mid-write)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(Path(folder, name) for name in names if is_stale_leftover(folder, name))


def clean_leftovers(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the leftovers of interrupted writes in a folder; return what was removed."""
    removed = []
    for path in leftovers(folder):
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed.append(path)
    return removed


def _clean_once(folder: str) -> None:
    key = os.path.realpath(folder)
    if key not in _cleaned:
        _cleaned.add(key)
        clean_leftovers(folder)


def _stale(folder: str | os.PathLike[str], name: str) -> bool:
    """Whether a temporary file's writer is gone.

    Gone: a process of this host that no longer runs; or a file nobody wrote to for an
    hour (another host's, an older version's, or one whose process number was given to
    another process since: a writer keeps writing, so its file keeps changing).
    """
    ours = _OURS.fullmatch(name)
    if ours is None:
        return False  # named like ours by someone else: theirs
    if ours["host"] == _HOST and not _alive(int(ours["pid"])):
        return True
    try:
        age = time.time() - os.stat(os.path.join(folder, name)).st_mtime
    except OSError:
        return False
    return age > _STALE_AFTER


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
