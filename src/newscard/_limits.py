"""Safety limits for reading untrusted cards."""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        msg = f"{attribute.name} must be at least 1, got {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Limits:
    """How much a card may ask of the reader; anything beyond is a ``LimitError``.

    Aliases (``*name``) are always refused: real cards never use them, and refusing them is
    the only policy that stops alias bombs before they cost anything.
    """

    max_size: int = attrs.field(default=8 * 1024 * 1024, validator=_positive)
    """Characters in a whole card (front matter and body)."""
    max_depth: int = attrs.field(default=64, validator=[_positive, attrs.validators.le(500)])
    """Nesting of mappings and lists; 500 at most, so reading can never recurse too deep."""
    max_nodes: int = attrs.field(default=50_000, validator=_positive)
    """Values (scalars, lists and mappings, keys included) in the front matter.

    What reading costs grows with them, not with the characters: a real card with 62
    related items holds about 2,000; a few MiB of ``[{},{},...]`` would hold millions.
    """


DEFAULT_LIMITS = Limits()
