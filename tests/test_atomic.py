"""Writing to a path is atomic: a failure leaves the original file whole, and no debris."""

from __future__ import annotations

import ctypes
import errno
import io
import os
import stat
from pathlib import Path

import attrs
import pytest

import newscard
from conftest import ORIGINAL_CARD, listing
from newscard import _files

TEXT = ORIGINAL_CARD


def test_a_write_replaces_the_file(card_file: Path) -> None:
    card = newscard.load(card_file)
    newscard.dump(attrs.evolve(card, quality=6), card_file)
    assert card_file.read_text() == TEXT.replace("quality: 5", "quality: 6")
    assert listing(card_file.parent) == ["card.md"]


def test_a_write_through_a_symbolic_link_replaces_its_target(card_file: Path) -> None:
    elsewhere = card_file.parent / "links"
    elsewhere.mkdir()
    link = elsewhere / "card.md"
    link.symlink_to(card_file)
    card = newscard.load(link)
    newscard.dump(attrs.evolve(card, quality=6), link)
    assert link.is_symlink()
    assert link.resolve() == card_file.resolve()
    assert card_file.read_text(encoding="utf-8") == TEXT.replace("quality: 5", "quality: 6")
    assert listing(elsewhere) == ["card.md"]
    assert listing(card_file.parent) == ["card.md", "links"]


def test_a_full_disk_mid_write_leaves_the_original(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = attrs.evolve(newscard.load(card_file), quality=6)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        newscard.dump(card, card_file)
    assert card_file.read_text() == TEXT
    assert listing(card_file.parent) == ["card.md"]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "rename"])
def test_a_failing_rename_leaves_the_original(
    card_file: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    def refuse(src: str, dst: str, *flags: object) -> None:
        raise PermissionError(errno.EACCES, "refused")

    if exchange:
        monkeypatch.setattr(_files, "_RENAMEAT2", refuse_exchange)
    else:
        monkeypatch.setattr(_files, "_exchange", lambda *_: False)
        monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        newscard.dump(attrs.evolve(newscard.load(card_file), quality=7), card_file)
    assert card_file.read_text() == TEXT
    assert listing(card_file.parent) == ["card.md"]


def test_an_interrupt_mid_write_leaves_the_original(
    card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        newscard.dump(attrs.evolve(newscard.load(card_file), quality=8), card_file)
    assert card_file.read_text() == TEXT
    assert listing(card_file.parent) == ["card.md"]


def refuse_exchange(*args: object) -> int:
    ctypes.set_errno(errno.EACCES)
    return -1


def test_permissions_are_kept(card_file: Path) -> None:
    card_file.chmod(0o640)
    newscard.dump(attrs.evolve(newscard.load(card_file), quality=9), card_file)
    assert stat.S_IMODE(card_file.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        target = tmp_path / "new.md"
        newscard.dump(newscard.Article(title="New"), target)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert newscard.load(target).title == "New"


class FullDisk(io.BytesIO):
    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_through_a_file_object_is_reported() -> None:
    with pytest.raises(OSError, match="No space left"):
        newscard.dump(newscard.Article(title="x"), FullDisk())
