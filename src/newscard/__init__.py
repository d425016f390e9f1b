"""Typed, lossless reading and writing of news cards (Markdown with YAML front matter)."""

from __future__ import annotations

from ._batch import LoadResults, find_cards, load_many
from ._convert import from_dict, to_dict
from ._dedup import DuplicateGroup, dedup, dedup_keys, duplicate_groups, key_groups
from ._errors import ConflictError, LimitError, NewscardError, ParseError, ValidationError
from ._hygiene import (
    UNSAFE_SCHEMES,
    Finding,
    check,
    find_entities,
    find_mojibake,
    repair_entities,
    repair_mojibake,
    unsafe_scheme,
)
from ._import import ImportResult, card_from_item, read_items
from ._jsonschema import json_schema
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article, Image, Provider, RelatedItem
from ._rank import decayed_key, decayed_score, provider_key, rank, sort_key
from ._reader import load, loads
from ._slug import jekyll_name, slugify
from ._stories import StoryGroup, StoryLink, add_related, related_item, story_groups
from ._urls import canonical_url
from ._version import __version__
from ._writer import dump, dumps

__all__ = [
    "DEFAULT_LIMITS",
    "UNSAFE_SCHEMES",
    "Article",
    "ConflictError",
    "DuplicateGroup",
    "Finding",
    "Image",
    "ImportResult",
    "LimitError",
    "Limits",
    "LoadResults",
    "NewscardError",
    "ParseError",
    "Provider",
    "RelatedItem",
    "StoryGroup",
    "StoryLink",
    "ValidationError",
    "__version__",
    "add_related",
    "canonical_url",
    "card_from_item",
    "check",
    "decayed_key",
    "decayed_score",
    "dedup",
    "dedup_keys",
    "dump",
    "dumps",
    "duplicate_groups",
    "find_cards",
    "find_entities",
    "find_mojibake",
    "from_dict",
    "jekyll_name",
    "json_schema",
    "key_groups",
    "load",
    "load_many",
    "loads",
    "provider_key",
    "rank",
    "read_items",
    "related_item",
    "repair_entities",
    "repair_mojibake",
    "slugify",
    "sort_key",
    "story_groups",
    "to_dict",
    "unsafe_scheme",
]
