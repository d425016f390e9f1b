"""Typed, lossless reading and writing of news cards (Markdown with YAML front matter)."""

from __future__ import annotations

from ._errors import LimitError, NewscardError, ParseError, ValidationError
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article, Image, Provider, RelatedItem
from ._reader import load, loads
from ._writer import dump, dumps

__all__ = [
    "DEFAULT_LIMITS",
    "Article",
    "Image",
    "LimitError",
    "Limits",
    "NewscardError",
    "ParseError",
    "Provider",
    "RelatedItem",
    "ValidationError",
    "dump",
    "dumps",
    "load",
    "loads",
]
