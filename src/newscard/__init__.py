"""Typed, lossless reading and writing of news cards (Markdown with YAML front matter)."""

from __future__ import annotations

from ._convert import from_dict, to_dict
from ._errors import LimitError, NewscardError, ParseError, ValidationError
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article, Image, Provider, RelatedItem
from ._rank import decayed_key, decayed_score, provider_key, rank, sort_key
from ._reader import load, loads
from ._version import __version__
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
    "__version__",
    "decayed_key",
    "decayed_score",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "provider_key",
    "rank",
    "sort_key",
    "to_dict",
]
