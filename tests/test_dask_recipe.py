"""The Dask recipe of docs/scale.md gives the command line's answers, on Dask's local scheduler."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

import newscard
from newscard._cli import main

ROOT = Path(__file__).resolve().parents[1]
db = pytest.importorskip("dask.bag", reason="dask is a test dependency of the recipe only")


def recipe() -> Any:
    spec = importlib.util.spec_from_file_location("dask_recipe", ROOT / "docs" / "dask_recipe.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_recipe"] = module
    spec.loader.exec_module(module)
    return module


def command(*args: str) -> Any:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        main([*args, "-q"])
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example cards, a duplicate chain of three, and a broken card."""
    root = tmp_path_factory.mktemp("cards")
    shutil.copytree(ROOT / "examples", root / "examples")
    base = newscard.load(ROOT / "examples" / "2024-03-01-chip-plant-recycles-its-water.md")
    one = newscard.Article(
        title="Chain one",
        web_url="https://c.example/1",
        amp_web_url="https://c.example/2",
        quality=5,
    )
    two = newscard.Article(
        title="Chain two",
        web_url="https://c.example/2",
        original_url="https://c.example/3",
        quality=9,
    )
    three = newscard.Article(title="Chain three", web_url="https://c.example/3", quality=9)
    for name, card in (("z1.md", three), ("z2.md", one), ("z3.md", two)):
        newscard.dump(card, root / name)
    newscard.dump(base, root / "copy-of-chip-plant.md")
    return root


@pytest.fixture(autouse=True)
def local_scheduler() -> Iterator[None]:
    """Dask's local scheduler, in threads (the recipe is a file, not an installed module)."""
    import dask  # noqa: PLC0415

    with dask.config.set(scheduler="threads"):
        yield


@pytest.fixture(scope="module")
def paths(folder: Path) -> Any:
    return db.from_sequence([str(p) for p in newscard.find_cards([folder])], npartitions=4)


def test_validation_equals_the_command(folder: Path, paths: Any) -> None:
    module = recipe()
    found = sorted(module.problems(paths).compute(), key=lambda p: (p["file"], p["path"]))
    expected = sorted(
        command("validate", "--json", str(folder)), key=lambda p: (p["file"], p["path"])
    )
    assert [
        (p["file"], p["path"], p["severity"], p["line"]) for p in found if p["severity"] == "error"
    ] == [
        (p["file"], p["path"], p["severity"], p["line"])
        for p in expected
        if p["severity"] == "error"
    ]
    assert [(p["file"], p["message"]) for p in found] == [
        (p["file"], p["message"]) for p in expected
    ]


def test_dedup_equals_the_command(folder: Path, paths: Any) -> None:
    module = recipe()
    groups = module.duplicate_groups(paths)
    expected = command("dedup", "--json", str(folder))
    assert [module.lead(group) for group in groups] == [entry["file"] for entry in expected]
    assert [sorted(path for path, _ in group) for group in groups] == [
        sorted([entry["file"], *(d["file"] for d in entry["duplicates"])]) for entry in expected
    ]
    assert any(len(group) == 3 for group in groups)  # the chain needs two rounds


def test_top_k_equals_the_command(folder: Path, paths: Any) -> None:
    module = recipe()
    for k in (1, 5, 40):
        best = module.top(paths, k).compute()
        expected = command("rank", "--json", "--limit", str(k), str(folder))
        assert best == [row["file"] for row in expected]
