"""Optional dependencies, imported only when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["import_optional"]


def import_optional(name: str, extra: str, feature: str) -> ModuleType:
    """The module ``name``, or an ImportError saying which extra to install for ``feature``."""
    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{feature} needs {name}, which is not installed: pip install 'newscard[{extra}]'"
        raise ImportError(message, name=name) from None
