"""Cards made from other formats: JSON, JSON Lines and RSS or Atom feeds.

JSON objects come in two kinds. newscard's own export (``to_dict``, ``newscard export``)
has a ``body`` key and is taken whole, unknown keys included, so that an export imported
again gives back equal cards. Any other object is an item of a news API that uses the
card's key names: the keys the card format lacks (``path``, ``content``, ``locale``...) are
dropped unless ``keep_unknown``, and ``content`` can become the body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, get_args

import attrs

from ._convert import from_dict
from ._errors import NewscardError, ParseError, ValidationError
from ._feeds import feed_cards
from ._model import Article
from ._schema import API_CONTENT, ARTICLE, BODY, Kind, Spec

__all__ = ["FORMATS", "ImportFormat", "ImportResult", "card_from_item", "read_items"]

ImportFormat = Literal["json", "jsonl", "feed"]
FORMATS: tuple[ImportFormat, ...] = get_args(ImportFormat)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@attrs.frozen(kw_only=True)
class ImportResult:
    """What one source holds: its cards in order, and why its other items are not cards."""

    format: ImportFormat
    """The format the source was read as."""
    cards: tuple[Article, ...] = ()
    skipped: tuple[NewscardError, ...] = ()
    """Items that lack what a card needs (a feed entry without a title, link or date)."""
    errors: tuple[NewscardError, ...] = ()
    """Items that are broken (not an object, a value of the wrong type), with where."""
    warnings: tuple[str, ...] = ()
    """Problems of the source as a whole that did not stop it being read (a malformed feed)."""


def read_items(
    data: bytes | str,
    *,
    format: ImportFormat | None = None,  # noqa: A002 - the word users know
    name: str | None = None,
    keep_unknown: bool = False,
    content_as_body: bool = False,
) -> ImportResult:
    """Read the cards of a JSON document, JSON Lines or an RSS or Atom feed.

    ``format`` is found from the content when not given: ``<`` starts a feed, ``[`` a JSON
    list, ``{`` one JSON object or JSON Lines. ``name`` (a file name) is given to errors.
    A JSON list or JSON Lines holds one item each; ``keep_unknown`` and ``content_as_body``
    apply to news-API items as in :func:`card_from_item`. Feeds need ``newscard[feeds]``.

    A source that cannot be read at all is a ``ParseError``; a broken item is listed in
    ``errors`` and the others are still read.
    """
    kind = format or _detect(data, name)
    if kind not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {kind!r}")
    if kind == "feed":
        raw = data.encode("utf-8") if isinstance(data, str) else data
        cards, skipped, warnings = feed_cards(raw, name)
        return ImportResult(
            format=kind, cards=tuple(cards), skipped=tuple(skipped), warnings=tuple(warnings)
        )
    text = _decode(data, name)
    located: list[tuple[str, int | None, Any]]
    if kind == "json":
        items = _json(text, name)
        if isinstance(items, list):
            located = [(f"[{index}]", None, item) for index, item in enumerate(items)]
        else:
            located = [("", None, items)]
    else:
        located = _json_lines(text, name)
    result: list[Article] = []
    errors: list[NewscardError] = []
    for where, line, item in located:
        if isinstance(item, NewscardError):
            errors.append(item)
            continue
        try:
            result.append(
                card_from_item(item, keep_unknown=keep_unknown, content_as_body=content_as_body)
            )
        except NewscardError as error:
            error.path = _join(where, error.path)
            error.line = line
            errors.append(error.in_file(name) if name is not None else error)
    return ImportResult(format=kind, cards=tuple(result), errors=tuple(errors))


def card_from_item(
    item: Mapping[str, Any], *, keep_unknown: bool = False, content_as_body: bool = False
) -> Article:
    """A card from one JSON object with the card's key names.

    An object with a ``body`` key is newscard's own export and is read whole. Any other is
    a news-API item: keys the card format does not know, at any level (``path``,
    ``locale``, ``provider.publishers``...), are dropped, or kept as unknown keys with
    ``keep_unknown``; with ``content_as_body`` the API's ``content`` becomes the body.
    Bad values raise ``ValidationError`` naming the key path.
    """
    if not isinstance(item, Mapping):
        raise ValidationError(f"expected an object (one card), got {_kind(item)}")
    if BODY in item:
        return from_dict(item)
    data = _known(item, ARTICLE, keep_unknown)
    if content_as_body and API_CONTENT in item:
        content = item[API_CONTENT]
        data.pop(API_CONTENT, None)
        if content is not None and not isinstance(content, str):
            message = f"expected a string (the article's text), got {_kind(content)}"
            raise ValidationError(message, path=API_CONTENT)
        data[BODY] = content.strip("\n") + "\n" if content and content.strip() else ""
    return from_dict(data)


def _known(data: Mapping[str, Any], spec: Spec, keep_unknown: bool) -> dict[str, Any]:
    """The keys of ``data`` that ``spec`` knows, nested objects likewise; all with ``keep_unknown``.

    Attribute names (``web_url``) are kept so that ``from_dict`` refuses them by name.
    """
    out: dict[str, Any] = {}
    for key, given in data.items():
        field = spec.by_key.get(key)
        if field is None:
            if keep_unknown or key in spec.by_attr:
                out[key] = given
            continue
        inner = field.spec
        value = given
        if inner is not None and field.kind is Kind.OBJ and isinstance(given, Mapping):
            value = _known(given, inner, keep_unknown)
        elif inner is not None and isinstance(given, list):
            value = [_known(v, inner, keep_unknown) if isinstance(v, Mapping) else v for v in given]
        out[key] = value
    return out


def _detect(data: bytes | str, name: str | None) -> ImportFormat:
    head = data[:1024]
    if isinstance(head, bytes):
        if head.startswith(_UTF16_BOMS):
            return "feed"  # JSON is UTF-8; an XML document may be UTF-16
        head = head.removeprefix(_UTF8_BOM).decode("utf-8", "replace")
    first = head.lstrip("\ufeff \t\r\n")[:1]
    if first == "<":
        return "feed"
    if first == "[":
        return "json"
    if first == "{":
        try:
            json.loads(data)
        except (ValueError, RecursionError):
            return "jsonl"
        return "json"
    what = "empty input" if not first else "neither JSON, JSON Lines nor an RSS or Atom feed"
    raise ParseError(what, filename=name)


def _decode(data: bytes | str, name: str | None) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"JSON must be UTF-8: byte {data[error.start]:#04x} at offset {error.start}"
        raise ParseError(message, filename=name) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


class _DuplicateKeyError(ValueError):
    pass


def _json(text: str, name: str | None, line: int | None = None) -> Any:
    """One JSON value (the whole text, or ``line`` of JSON Lines); errors as ``ParseError``."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg}"
        where = error.lineno if line is None else line
        raise ParseError(message, line=where, column=error.colno, filename=name) from None
    except _DuplicateKeyError as error:
        message = f"duplicate key {error.args[0]!r} (JSON readers disagree on which one wins)"
        raise ParseError(message, line=line, filename=name) from None
    except RecursionError:
        raise ParseError("nested too deeply", line=line, filename=name) from None


def _json_lines(text: str, name: str | None) -> list[tuple[str, int | None, Any]]:
    """One item a line; blank lines are passed over, a broken line is an error of its own."""
    located: list[tuple[str, int | None, Any]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = _json(line, name, number)
        except ParseError as error:
            item = error
        located.append(("", number, item))
    return located


def _join(where: str, path: str) -> str:
    if not where:
        return path
    if not path:
        return where
    return f"{where}{path}" if path.startswith("[") else f"{where}.{path}"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names = {str: "a string", list: "a list", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
