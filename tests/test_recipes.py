"""The recipes of docs/recipes.md run as they are, against the example cards."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "recipes.md").read_text(), re.DOTALL)


def test_there_are_recipes() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("code", BLOCKS, ids=[f"recipe-{i}" for i in range(len(BLOCKS))])
def test_a_recipe_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "import pandas" in code and importlib.util.find_spec("pandas") is None:
        pytest.skip("pandas is not installed (a recipe for it, not a dependency)")
    examples = tmp_path / "examples"
    examples.symlink_to(ROOT / "examples")
    copy = tmp_path / "copy"
    monkeypatch.chdir(tmp_path)
    if "newscard.dump(" in code and "examples" in code and "tempfile" not in code:
        import shutil  # noqa: PLC0415

        examples.unlink()
        shutil.copytree(ROOT / "examples", examples)
    exec(compile(code, f"recipe in {os.fspath(copy)}", "exec"), {})  # noqa: S102 - our own docs
