"""What an attack on the trust work found, each kept from coming back."""

from __future__ import annotations

import enum
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import newscard
from newscard import Article, ConflictError, LimitError, NewscardError, ValidationError
from newscard._cli import main
from newscard._cli._output import json_text

CARD = '---\ntitle: "{title}"\nwebUrl: "https://a.example/{slug}"\nquality: {quality}\n---\n'


def write(path: Path, title: str = "A card", slug: str = "x", quality: int = 5) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CARD.format(title=title, slug=slug, quality=quality), encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([os.fspath(arg) for arg in args])
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


# --- folders ---------------------------------------------------------------------------------


def test_a_link_loop_in_a_folder_is_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "l1"
    write(folder / "a.md")
    (folder / "self").symlink_to(".")
    outside = tmp_path / "out"
    victim = write(outside / "victim.md", title="Outside")
    victim.write_text("---\ntitle: 'Outside'\n---\n", encoding="utf-8")
    (folder / "sub").symlink_to(outside)
    code, _out, err = run("fmt", folder)
    assert code == 0, err
    assert "self: a link to a folder: not followed" in err
    assert victim.read_text(encoding="utf-8") == "---\ntitle: 'Outside'\n---\n"
    assert [p.name for _, p in [(0, p) for p in newscard.find_cards(folder)]] == ["a.md"]


def test_a_file_and_a_link_to_it_are_listed_under_the_file(tmp_path: Path) -> None:
    real = write(tmp_path / "b.md")
    (tmp_path / "0.md").symlink_to("b.md")
    assert newscard.find_cards(tmp_path) == [real]


# --- reading ---------------------------------------------------------------------------------


def test_many_colliding_number_keys_are_a_limit() -> None:
    collide = 2**61 - 1  # every multiple hashes alike
    keys = ", ".join(f"{i * collide}: 0" for i in range(1, 300))
    with pytest.raises(LimitError, match="more than 256 keys that are not strings"):
        newscard.loads(f"---\ntitle: t\nx: {{{keys}}}\n---\n")
    with pytest.raises(ValidationError, match="more than 256 keys that are not strings"):
        Article(title="t", extra={"x": {i * collide: 0 for i in range(1, 300)}})
    assert (
        len(
            newscard.loads(
                "---\ntitle: t\nx: {" + ", ".join(f"k{i}: 0" for i in range(300)) + "}\n---\n"
            ).extra["x"]
        )
        == 300
    )


def test_a_secret_written_as_a_tag_is_not_quoted() -> None:
    with pytest.raises(NewscardError) as caught:
        newscard.loads("---\ntitle: t\nsecured: !QkxBSFpXQUJDREVG x\n---\n")
    assert "QkxB" not in str(caught.value)


# --- values built in code --------------------------------------------------------------------


class Color(enum.IntEnum):
    RED = 1


class Word(str, enum.Enum):
    A = "a"


def test_subclasses_of_plain_types_are_refused_with_a_hint() -> None:
    with pytest.raises(ValidationError, match=r"pass str\(value\)"):
        Article(title="t", extra={"w": Word.A})
    with pytest.raises(ValidationError, match=r"pass int\(value\)"):
        Article(title="t", quality=Color.RED)
    with pytest.raises(ValidationError, match=r"pass str\(value\)"):
        Article(title=Word.A)


def test_offsets_are_whole_minutes() -> None:
    odd = timezone(timedelta(seconds=30))
    with pytest.raises(ValidationError, match="not a whole number of minutes"):
        Article(title="t", published_date_time=datetime(2020, 1, 1, tzinfo=odd))
    with pytest.raises(ValidationError, match="not a whole number of minutes"):
        Article(title="t", extra={"at": datetime(2020, 1, 1, tzinfo=odd)})


def test_nesting_agrees_between_building_and_reading() -> None:
    deep: Any = 1
    for _ in range(62):
        deep = [deep]
    card = Article(title="t", extra={"d": [deep]})  # 63 levels: both take it
    assert newscard.loads(newscard.dumps(card)) == card
    assert newscard.loads("---\ntitle: t\nd: " + "[" * 63 + "1" + "]" * 63 + "\n---\n") == card
    with pytest.raises(ValidationError, match="nesting deeper than 64"):
        Article(title="t", extra={"d": [[deep]]})
    with pytest.raises(LimitError, match="nesting deeper than 64"):
        newscard.loads("---\ntitle: t\nd: " + "[" * 64 + "1" + "]" * 64 + "\n---\n")


def test_dump_refuses_before_writing_what_would_not_read_back(tmp_path: Path) -> None:
    card = Article(title="t", topics=("x",) * 50_001)
    target = tmp_path / "big.md"
    with pytest.raises(LimitError):
        newscard.dump(card, target)
    assert not target.exists()


# --- plain data ------------------------------------------------------------------------------


def test_to_dict_never_drops_a_key() -> None:
    card = newscard.loads("---\ntitle: t\nbody: in the front matter\n---\nThe body.\n")
    with pytest.raises(ValidationError, match="a key 'body' of its own"):
        newscard.to_dict(card)
    card = newscard.loads('---\ntitle: t\nd: {1: a, "1": b}\n---\n')
    assert newscard.to_dict(card)["d"] == {1: "a", "1": "b"}
    with pytest.raises(ValidationError, match="the keys 1 and '1' are both '1' in JSON"):
        newscard.to_dict(card, json=True)


def test_export_reports_a_card_it_cannot_export(tmp_path: Path) -> None:
    write(tmp_path / "a.md")
    (tmp_path / "b.md").write_text("---\ntitle: t\nbody: x\n---\n", encoding="utf-8")
    code, out, err = run("export", tmp_path)
    assert code == 0
    assert [item["title"] for item in json.loads(out)] == ["A card"]
    assert f"{tmp_path / 'b.md'}: body: the front matter has a key 'body'" in err


# --- what the command line writes -------------------------------------------------------------


def test_json_escapes_what_acts_on_a_terminal() -> None:
    text = json_text({"t": "a\x9b31m\u202eb\x7f"}, indent=None)
    assert text == '{"t": "a\\u009b31m\\u202eb\\u007f"}'
    assert json.loads(text) == {"t": "a\x9b31m\u202eb\x7f"}


def test_csv_quotes_every_text_cell(tmp_path: Path) -> None:
    write(tmp_path / "a.md", title="one\\u2028two\\u000bthree")
    code, out, _ = run("export", "--to", "csv", "--columns", "title,quality", tmp_path)
    assert code == 0
    assert out == 'title,quality\r\n"one\u2028two\x0bthree",5\r\n'


def test_export_to_a_folder_or_a_linked_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "cards" / "a.md")
    code, _, err = run("export", tmp_path / "cards", "-o", tmp_path)
    assert code == 1
    assert f"{tmp_path}: cannot write: is a folder" in err
    output = tmp_path / "out.json"
    output.write_text("[]", encoding="utf-8")
    os.link(output, tmp_path / "other.json")
    code, _, err = run("export", tmp_path / "cards", "-o", output)
    assert code == 1
    assert "cannot write: has 2 hard links" in err


def test_a_moved_link_still_points_at_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write(folder / "a-kept.md", quality=90)
    target = write(tmp_path / "elsewhere" / "b.md", quality=1)
    (folder / "b-link.md").symlink_to(os.path.relpath(target, folder))
    code, _, err = run("dedup", folder, "--move-to", tmp_path / "dups")
    assert code == 0, err
    moved = tmp_path / "dups" / "b-link.md"
    assert moved.is_symlink()
    assert moved.resolve() == target.resolve()
    assert target.exists()


def test_command_line_values_in_errors_are_escaped(tmp_path: Path) -> None:
    code, _, err = run("validate", "nope\x1b[31m\nfake.md:1:1: forged")
    assert code == 2
    assert "\x1b" not in err
    assert "\nfake.md" not in err


def test_many_warnings_point_at_each_value(tmp_path: Path) -> None:
    images = "".join(f'  - url: "javascript:alert({i})"\n' for i in range(300))
    path = tmp_path / "v.md"
    path.write_text(
        f"---\ntitle: t\n# javascript:alert(0)\nimages:\n{images}---\n", encoding="utf-8"
    )
    code, out, _ = run("validate", "--json", path)
    problems = json.loads(out)
    assert len(problems) == 300
    assert [p["line"] for p in problems] == list(range(5, 305))
    assert code == 0


def test_attrs_evolve_of_a_card_keeps_working() -> None:
    card = newscard.loads(CARD.format(title="t", slug="s", quality=1))
    assert attrs.evolve(card, quality=2).quality == 2
    with pytest.raises(ConflictError):
        raise ConflictError("x")
