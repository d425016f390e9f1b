"""Writing never loses a change it did not see: conflicts, new files, links, owners, leftovers,
and writers racing each other (``dump`` against ``dump``, ``fmt -j 2`` against ``dump``)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import newscard
from conftest import ORIGINAL_CARD, listing
from newscard import ConflictError, _files

TEXT = ORIGINAL_CARD


# --- a card read from a file -------------------------------------------------------------------


def test_a_change_made_since_the_card_was_read_is_not_overwritten(card_file: Path) -> None:
    card = newscard.load(card_file)
    theirs = TEXT.replace("quality: 5", "quality: 5\nheat: 12")
    card_file.write_text(theirs, encoding="utf-8")  # another process, meanwhile
    with pytest.raises(ConflictError) as caught:
        newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert caught.value.filename == str(card_file)
    assert "changed since it was read: not written" in str(caught.value)
    assert "read it again" in str(caught.value)
    assert "overwrite=True" in str(caught.value)
    assert card_file.read_text(encoding="utf-8") == theirs
    assert listing(card_file.parent) == ["card.md"]


def test_overwrite_replaces_a_changed_file(card_file: Path) -> None:
    card = newscard.load(card_file)
    card_file.write_text(TEXT.replace("5", "7"), encoding="utf-8")
    newscard.dump(attrs.evolve(card, quality=6), card_file, overwrite=True)
    assert newscard.load(card_file).quality == 6


def test_a_file_removed_since_it_was_read_is_not_recreated(card_file: Path) -> None:
    card = newscard.load(card_file)
    moved = card_file.with_name("moved.md")
    card_file.rename(moved)
    with pytest.raises(ConflictError, match="removed or moved since it was read"):
        newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert listing(card_file.parent) == ["moved.md"]


def test_dump_returns_the_card_as_written_to_edit_again(card_file: Path) -> None:
    card = newscard.load(card_file)
    written = newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert written.source_text == card_file.read_text(encoding="utf-8")
    newscard.dump(attrs.evolve(written, quality=7), card_file)
    assert newscard.load(card_file).quality == 7
    # The first card did not see those writes: it may not undo them.
    with pytest.raises(ConflictError):
        newscard.dump(attrs.evolve(card, quality=8), card_file)
    assert newscard.load(card_file).quality == 7


def test_a_card_goes_to_a_new_file_or_to_a_copy_of_its_own(card_file: Path) -> None:
    card = newscard.load(card_file)
    fresh = card_file.with_name("fresh.md")
    newscard.dump(card, fresh)
    assert fresh.read_text(encoding="utf-8") == TEXT
    newscard.dump(attrs.evolve(card, quality=6), fresh)  # a copy of the text it was read from
    assert newscard.load(fresh).quality == 6
    other = card_file.with_name("other.md")
    other.write_text(TEXT.replace("Original", "Other"), encoding="utf-8")
    with pytest.raises(ConflictError, match="changed since it was read"):
        newscard.dump(card, other)
    assert newscard.load(other).title == "Other"


def test_a_card_read_from_a_string_goes_to_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    newscard.dump(newscard.loads(TEXT), target)
    assert target.read_text(encoding="utf-8") == TEXT


# --- a card built in code --------------------------------------------------------------------


def test_a_card_built_in_code_never_replaces_a_file(card_file: Path) -> None:
    built = newscard.Article(title="Built")
    with pytest.raises(ConflictError, match="already exists: not written"):
        newscard.dump(built, card_file)
    assert card_file.read_text(encoding="utf-8") == TEXT
    newscard.dump(built, card_file, overwrite=True)
    assert newscard.load(card_file).title == "Built"


def test_a_file_that_appears_while_a_new_one_is_written_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.md"
    check = _files._check

    def meanwhile(path: str, shown: str, expect: object) -> None:
        check(path, shown, expect)  # type: ignore[arg-type]
        target.write_text(TEXT, encoding="utf-8")

    monkeypatch.setattr(_files, "_check", meanwhile)
    with pytest.raises(ConflictError, match="while it was being written"):
        newscard.dump(newscard.Article(title="Built"), target)
    assert target.read_text(encoding="utf-8") == TEXT
    assert listing(tmp_path) == ["new.md"]


def test_a_new_file_without_hard_links_is_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "new.md"
    newscard.dump(newscard.Article(title="Built"), target)
    assert newscard.load(target).title == "Built"
    assert listing(tmp_path) == ["new.md"]


# --- the window between the check and the rename ---------------------------------------------


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "rename"])
def test_a_writer_slipping_in_after_the_check_is_caught_or_excluded(
    card_file: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """With an exchange, a write landing between the check and the swap is put back."""
    if not exchange:
        monkeypatch.setattr(_files, "_exchange", lambda *_: False)
    card = newscard.load(card_file)
    theirs = TEXT.replace("quality: 5", "quality: 5\nheat: 3")
    check = _files._check

    def meanwhile(path: str, shown: str, expect: object) -> None:
        check(path, shown, expect)  # type: ignore[arg-type]
        other = card_file.with_name("theirs.tmp")
        other.write_text(theirs, encoding="utf-8")
        other.replace(card_file)

    monkeypatch.setattr(_files, "_check", meanwhile)
    if exchange:
        with pytest.raises(ConflictError, match="changed while it was being written"):
            newscard.dump(attrs.evolve(card, quality=6), card_file)
        assert card_file.read_text(encoding="utf-8") == theirs
    else:  # a writer outside the folder's lock: the rename wins (the lock orders the others)
        newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert listing(card_file.parent) == ["card.md"]


def test_a_file_system_without_exchange_falls_back_to_rename(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*args: object) -> int:
        import ctypes  # noqa: PLC0415

        ctypes.set_errno(22)  # EINVAL: this file system cannot exchange
        return -1

    monkeypatch.setattr(_files, "_RENAMEAT2", unsupported)
    card = newscard.load(card_file)
    newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert newscard.load(card_file).quality == 6
    assert listing(card_file.parent) == ["card.md"]


def test_a_folder_that_cannot_be_listed_is_written_without_its_lock(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = os.open

    def refuse_folders(path: str, flags: int, *args: int) -> int:
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied")
        return opened(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_folders)
    newscard.dump(attrs.evolve(newscard.load(card_file), quality=6), card_file)
    monkeypatch.undo()
    assert newscard.load(card_file).quality == 6


# --- links, owners, folders ------------------------------------------------------------------


def test_a_file_with_other_hard_links_is_refused(card_file: Path) -> None:
    other = card_file.with_name("other-name.md")
    os.link(card_file, other)
    with pytest.raises(ConflictError, match="has 2 hard links"):
        newscard.dump(attrs.evolve(newscard.load(card_file), quality=6), card_file)
    assert card_file.read_text(encoding="utf-8") == TEXT
    assert os.path.samefile(card_file, other)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_owner_and_group_are_kept(card_file: Path) -> None:
    os.chown(card_file, 4321, 4322)
    newscard.dump(attrs.evolve(newscard.load(card_file), quality=6), card_file)
    after = card_file.stat()
    assert (after.st_uid, after.st_gid) == (4321, 4322)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_an_owner_that_cannot_be_kept_is_refused(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chown(card_file, 4321, 4322)

    def chown(path: str, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    card = attrs.evolve(newscard.load(card_file), quality=6)
    monkeypatch.setattr(os, "chown", chown)
    with pytest.raises(ConflictError, match="is owned by 4321:4322"):
        newscard.dump(card, card_file)
    assert card_file.read_text(encoding="utf-8") == TEXT
    assert listing(card_file.parent) == ["card.md"]


def test_extended_attributes_are_kept_or_the_write_refused(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        os.setxattr(card_file, "user.note", b"keep me")
    except OSError:
        pytest.skip("this file system keeps no user attributes")
    card = newscard.load(card_file)
    card = newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert os.getxattr(card_file, "user.note") == b"keep me"

    def refuse(path: str, name: str, value: bytes) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(ConflictError, match=r"extended attribute 'user\.note'"):
        newscard.dump(attrs.evolve(card, quality=7), card_file)
    assert newscard.load(card_file).quality == 6


def test_a_file_system_without_attributes_is_no_obstacle(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(path: str) -> list[str]:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(os, "listxattr", unsupported)
    newscard.dump(attrs.evolve(newscard.load(card_file), quality=6), card_file)
    assert newscard.load(card_file).quality == 6


def test_a_mode_changed_while_writing_is_kept(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_file.chmod(0o644)
    sync = os.fsync

    def meanwhile(fd: int) -> None:
        card_file.chmod(0o600)
        sync(fd)

    card = attrs.evolve(newscard.load(card_file), quality=6)
    monkeypatch.setattr(os, "fsync", meanwhile)
    newscard.dump(card, card_file)
    monkeypatch.undo()
    assert stat.S_IMODE(card_file.stat().st_mode) == 0o600


def test_a_folder_is_not_a_file_to_write(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        newscard.dump(newscard.Article(title="x"), tmp_path)


@pytest.mark.parametrize("blocker", ["missing", "file"])
def test_a_folder_that_is_not_there_is_named(tmp_path: Path, blocker: str) -> None:
    folder = tmp_path / "sub"
    if blocker == "file":
        folder.write_text("x", encoding="utf-8")
    target = folder / "card.md"
    with pytest.raises(FileNotFoundError) as caught:
        newscard.dump(newscard.Article(title="x"), target)
    assert caught.value.filename == str(target)
    what = "does not exist" if blocker == "missing" else "is not a folder"
    assert caught.value.strerror == f"folder {folder} {what}"


def test_a_text_stream_is_refused_with_a_hint() -> None:
    import io  # noqa: PLC0415

    with pytest.raises(TypeError, match=r"needs a binary file \(open it with 'wb'\)"):
        newscard.dump(newscard.Article(title="x"), io.StringIO())  # type: ignore[arg-type]


# --- leftovers of killed writers -------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_writers_are_listed_and_removed_by_the_next_write(
    tmp_path: Path,
) -> None:
    host = _files._HOST
    dead = tmp_path / f".newscard-{host}-{dead_pid()}-abcdefgh.tmp"
    alive = tmp_path / f".newscard-{host}-{os.getpid()}-defghijk.tmp"
    reused = tmp_path / f".newscard-{host}-1-reused00.tmp"  # its process number lives on
    foreign_old = tmp_path / ".newscard-0000ffff-12-ghijklmn.tmp"
    foreign_new = tmp_path / ".newscard-0000ffff-13-jklmnopq.tmp"
    older_version = tmp_path / ".newscard-x7q_ab12.tmp"
    theirs = tmp_path / ".newscard-notes.tmp"  # a user's file named like ours
    for path in (dead, alive, reused, foreign_old, foreign_new, older_version, theirs):
        path.write_bytes(b"half a card")
    hours_ago = time.time() - 7200
    for path in (reused, foreign_old, older_version, theirs):
        os.utime(path, (hours_ago, hours_ago))
    assert _files.leftovers(tmp_path) == sorted([dead, reused, foreign_old, older_version])
    newscard.dump(newscard.Article(title="x"), tmp_path / "new.md")
    assert listing(tmp_path) == sorted([alive.name, foreign_new.name, theirs.name, "new.md"])


def test_leftovers_of_a_folder_that_cannot_be_read_are_none(tmp_path: Path) -> None:
    assert _files.leftovers(tmp_path / "missing") == []
    assert not _files._stale(tmp_path, ".newscard-gonegone.tmp")


def test_a_writer_killed_mid_write_leaves_a_leftover_that_the_next_write_removes(
    tmp_path: Path,
) -> None:
    script = (
        "import os, sys, time\n"
        "import newscard\n"
        "os.fsync = lambda fd: time.sleep(60)\n"
        "newscard.dump(newscard.Article(title='x'), sys.argv[1])\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "a.md")])  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while not _files.leftovers(tmp_path) and not any(tmp_path.iterdir()):
            assert time.monotonic() < deadline, "the writer never started"
            time.sleep(0.01)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    (leftover,) = _files.leftovers(tmp_path)
    assert _files.is_leftover(leftover.name)
    newscard.dump(newscard.Article(title="y"), tmp_path / "b.md")
    assert listing(tmp_path) == ["b.md"]


# --- writers racing --------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path

import attrs
import newscard

name, folder = sys.argv[1], Path(sys.argv[2])
conflicts = 0
for path in sorted(folder.glob("*.md")):
    while True:
        card = newscard.load(path)
        try:
            newscard.dump(attrs.evolve(card, extra={**card.extra, name: True}), path)
        except newscard.ConflictError:
            conflicts += 1
            continue
        break
print(conflicts)
"""

FILES = 1000


def unformatted(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        text = f"---\ntitle: 'Card {number}'\nquality:   {number}\n---\n"
        (folder / f"{number:05}.md").write_text(text, encoding="utf-8")


def race(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    running = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for c in commands
    ]
    outputs = [p.communicate() for p in running]
    return [
        subprocess.CompletedProcess(p.args, p.returncode, *output)
        for p, output in zip(running, outputs, strict=True)
    ]


def test_writers_racing_dump_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    unformatted(folder, FILES)
    writers = [[sys.executable, "-c", WRITER, f"writer{n}", str(folder)] for n in range(3)]
    results = race(*writers)
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    for path in folder.glob("*.md"):
        assert set(newscard.load(path).extra) == {"writer0", "writer1", "writer2"}, path
    assert [p.name for p in tmp_path.rglob(".newscard-*")] == []


def test_fmt_racing_a_writer_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    unformatted(folder, FILES)
    fmt = [sys.executable, "-m", "newscard", "fmt", "-j", "2", str(folder)]
    writer = [sys.executable, "-c", WRITER, "writer", str(folder)]
    formatting, writing = race(fmt, writer)
    assert writing.returncode == 0, writing.stderr
    skipped = formatting.stderr.count("changed since it was read")
    assert formatting.returncode == (1 if skipped else 0), formatting.stderr
    for path in folder.glob("*.md"):
        card = newscard.load(path)
        assert set(card.extra) == {"writer"}, path  # the writer's change, in every file
        assert card.quality == int(path.stem)
    # What fmt skipped is formatted by the next run, and nothing else changes.
    again = subprocess.run(fmt, capture_output=True, text=True, check=False)  # noqa: S603
    assert again.returncode == 0, again.stderr
    for path in folder.glob("*.md"):
        card = newscard.load(path)
        assert newscard.dumps(attrs.evolve(card, source=None)) == card.source_text


def test_leftovers_of_writers_that_may_still_run_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = _files._HOST
    huge = tmp_path / f".newscard-{host}-9999999999-aaaaaaaa.tmp"
    other_user = tmp_path / f".newscard-{host}-1-bbbbbbbb.tmp"
    for path in (huge, other_user):
        path.write_bytes(b"x")

    kill = os.kill

    def not_yours(pid: int, signal: int) -> None:
        if pid == 1:
            raise PermissionError(1, "Operation not permitted")
        kill(pid, signal)

    monkeypatch.setattr(os, "kill", not_yours)
    assert _files.leftovers(tmp_path) == []
    assert repr(_files.ANY) == "ANY"


def test_a_file_that_appears_just_before_the_link_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.md"
    metadata = _files._metadata

    def meanwhile(temp: str, path: str, shown: str) -> object:
        state = metadata(temp, path, shown)
        target.write_text(TEXT, encoding="utf-8")  # after the look, before the link
        return state

    monkeypatch.setattr(_files, "_metadata", meanwhile)
    with pytest.raises(ConflictError, match="appeared while it was being written"):
        newscard.dump(newscard.Article(title="Built"), target)
    assert target.read_text(encoding="utf-8") == TEXT
