"""Reading cards: split the fences, then build typed objects straight from parser events.

Nothing here builds a YAML node tree or runs PyYAML's constructor: each value is converted
by the type its key expects, which is both faster and stricter (no silent coercion).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any, NoReturn

import attrs
import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ._checks import INT_MAX, INT_MIN, MAX_INT_BITS, MAX_OTHER_KEYS
from ._errors import LimitError, NewscardError, ParseError, ValidationError
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Article, builder
from ._scalars import (
    INT,
    NULL,
    RESOLVERS,
    STR,
    bad_offset,
    construct_plain,
    parse_time,
    plain_tag,
    time_problem,
)
from ._scan import Scanned, scanner
from ._schema import ARTICLE, SPECS, Field, Kind, Spec
from ._source import Source

__all__ = ["load", "loads", "read_entries", "read_items", "split"]

_Event = Any  # PyYAML's events: their attributes depend on the kind of event

_Loader: type[Any]
try:
    # libyaml's parser alone: only its events are read, so no constructor or resolver is set up.
    from yaml._yaml import CParser as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
_STR_TAGS = (None, "!", STR)
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_MAX_INT_TOKEN = 5000
"""An integer spelled with more characters than this is refused before it is converted."""
_SEPARATORS = frozenset("Tt ")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"))
_FALSE = frozenset(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def split(text: str) -> tuple[int, int, int]:
    """Where the front matter starts and ends, and where the body starts.

    The opening fence is the first line (after an optional byte-order mark); the closing
    fence is the next line that is exactly ``---``. Anything after it is the body, kept as is.
    """
    start = 1 if text.startswith("\ufeff") else 0
    opening = _OPEN.match(text, start)
    if opening is None:
        if not text[start:].strip():
            raise ParseError("empty input: a card starts with a '---' line", line=1, column=1)
        raise ParseError("no front matter: a card starts with a '---' line", line=1, column=1)
    front_start = opening.end()
    # The closing fence: the first line from here that is exactly '---' (trailing blanks ok).
    at = front_start - 1
    while True:
        at = text.find("\n---", at)
        if at < 0:
            raise ParseError("no closing '---' line after the front matter", line=1, column=1)
        closing = _CLOSE.match(text, at + 1)
        if closing is not None:
            return front_start, closing.start(), closing.end()
        at += 4


class _Reader:
    """One pass over one front matter's events."""

    __slots__ = ("front", "get", "layout", "line_base", "max_depth")

    def __init__(
        self,
        get: Callable[[], _Event],
        front: str,
        line_base: int,
        limits: Limits,
        layout: list[Any] | None = None,
    ) -> None:
        self.get = get
        self.front = front
        self.line_base = line_base
        self.max_depth = limits.max_depth
        self.layout = layout
        """Filled with where each top-level key (and list item) starts: see ``Source.layout``."""

    # -- errors ------------------------------------------------------------------------

    def fail(
        self, message: str, path: str, event: _Event, cls: type[NewscardError] = ValidationError
    ) -> NoReturn:
        line, column = _position(self.front, event.start_mark.index)
        raise cls(message, path=path, line=line + self.line_base, column=column)

    def wrong_type(self, field: Field, parent: str, event: _Event) -> NoReturn:
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _STR_TAGS:
            self.fail(_unsupported(tag, field), _join(parent, field.key), event)
        message = f"expected {field.kind.value}, got {_describe(event, field)}"
        self.fail(message, _join(parent, field.key), event)

    # -- typed values ------------------------------------------------------------------

    def scalar(self, field: Field, path: str, event: _Event) -> Any:
        """A STR, INT, BOOL or TIME value (or None for null)."""
        if event.__class__ is not ScalarEvent:
            self.null_or_fail(field, path, event)
        tag = event.tag
        value: str = event.value
        plain = not event.style
        kind = field.kind
        if tag == "!":  # libyaml resolves "! 12" like "12", and so does the reference path
            tag = None
        if tag is not None:
            # "!!str x" is a string; other tags are refused.
            if tag != STR:
                self.fail(_unsupported(tag, field), _join(path, field.key), event)
            if kind is Kind.STR:
                return value
            self.wrong_type(field, path, event)
        if kind is Kind.STR:
            if plain:
                resolved = plain_tag(value)
                if resolved is not STR:
                    if resolved == NULL:
                        return None
                    self.wrong_type(field, path, event)
            return value
        if plain:
            if value in _NULLS:
                return None
            if kind is Kind.INT and plain_tag(value) == INT:
                return self.integer(field, path, event)
        if kind is Kind.TIME:
            try:
                return parse_time(value)
            except (ValueError, OverflowError):
                problem = time_problem(value)
                if problem is not None:
                    self.fail(problem, _join(path, field.key), event)
        self.wrong_type(field, path, event)

    def integer(self, field: Field, path: str, event: _Event) -> int:
        """A typed integer: a plain decimal of 64 bits; YAML 1.1's other spellings refused."""
        value: str = event.value
        here = _join(path, field.key)
        if _DECIMAL.fullmatch(value) is None:
            try:
                means = f"YAML 1.1 reads it as {construct_plain(value, INT)}"
            except ValueError:
                means = "YAML 1.1 reads it as a number"
            message = (
                f"expected an integer, got {value!r:.40} ({means}): write a plain decimal, "
                "or quote it if it is text"
            )
            self.fail(message, here, event)
        number = int(value) if len(value) <= 20 else None
        if number is None or not INT_MIN <= number <= INT_MAX:
            self.fail(
                f"{value:.40} is out of range (integers in cards fit in 64 bits)", here, event
            )
        return number

    # Fast paths for the common spellings; anything else goes through ``scalar``.

    def read_str(self, field: Field, path: str, event: _Event) -> Any:
        if event.__class__ is ScalarEvent and event.tag is None:
            if event.style:
                return event.value
            value = event.value
            if value[:1] not in RESOLVERS or plain_tag(value) is STR:
                return value
        return self.scalar(field, path, event)

    def read_int(self, field: Field, path: str, event: _Event) -> Any:
        if event.__class__ is ScalarEvent and event.tag is None and not event.style:
            value = event.value
            digits = value[1:] if value[:1] == "-" else value
            if (
                digits.isdigit()
                and digits.isascii()
                and (digits[0] != "0" or len(digits) == 1)
                and len(digits) < 19
            ):
                return int(value)
        return self.scalar(field, path, event)

    def read_bool(self, field: Field, path: str, event: _Event) -> Any:
        if event.__class__ is ScalarEvent and event.tag is None and not event.style:
            value = event.value
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return self.scalar(field, path, event)

    def read_time(self, field: Field, path: str, event: _Event) -> Any:
        value = event.value if event.__class__ is ScalarEvent and event.tag is None else ""
        # "2021-05-21T10:00..." with an offset; Python also takes "2021-05-21U10", cards not.
        if value[10:11] in _SEPARATORS and value[13:14] == ":":
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if parsed.tzinfo is not None and (value[-1] == "Z" or not bad_offset(value)):
                    return parsed
        return self.scalar(field, path, event)

    def null_or_fail(self, field: Field, path: str, event: _Event) -> NoReturn:
        if event.__class__ is AliasEvent:
            here = _join(path, field.key)
            self.fail("aliases are not allowed in cards", here, event, LimitError)
        self.wrong_type(field, path, event)

    def is_null(self, event: _Event) -> bool:
        return (
            event.__class__ is ScalarEvent
            and not event.style
            and event.tag is None
            and event.value in _NULLS
        )

    def obj(self, field: Field, path: str, event: _Event) -> Any:
        if event.__class__ is MappingStartEvent:
            return self.mapping(field.spec, _join(path, field.key), event)  # type: ignore[arg-type]
        if self.is_null(event):
            return None
        self.null_or_fail(field, path, event)

    def strs(self, field: Field, path: str, event: _Event) -> tuple[str, ...]:
        if event.__class__ is not SequenceStartEvent:
            if self.is_null(event):
                return ()
            self.null_or_fail(field, path, event)
        items: list[str] = []
        get = self.get
        item = get()
        while item.__class__ is not SequenceEndEvent:
            if item.__class__ is not ScalarEvent:
                here = f"{_join(path, field.key)}[{len(items)}]"
                self.fail(f"expected a string, got {_describe(item, field)}", here, item)
            try:
                value = self.read_str(_ITEM, "", item)
            except ValidationError as error:
                error.path = f"{_join(path, field.key)}[{len(items)}]"
                raise
            if value is None:
                here = f"{_join(path, field.key)}[{len(items)}]"
                self.fail("expected a string, got null", here, item)
            items.append(value)
            item = get()
        return tuple(items)

    def objs(self, field: Field, path: str, event: _Event) -> tuple[Any, ...]:
        if event.__class__ is not SequenceStartEvent:
            if self.is_null(event):
                return ()
            self.null_or_fail(field, path, event)
        spec: Spec = field.spec  # type: ignore[assignment]
        items: list[Any] = []
        get = self.get
        base = _join(path, field.key)
        layout = None if path or event.flow_style else self.layout
        starts: list[int] = []
        item = get()
        while item.__class__ is not SequenceEndEvent:
            here = f"{base}[{len(items)}]"
            if item.__class__ is not MappingStartEvent:
                if item.__class__ is AliasEvent:
                    self.fail("aliases are not allowed in cards", here, item, LimitError)
                self.fail(f"expected a mapping, got {_describe(item, None)}", here, item)
            if layout is not None:
                starts.append(item.start_mark.index)  # type: ignore[union-attr]
            items.append(self.mapping(spec, here, item))
            item = get()
        if layout is not None:  # a top-level block list: where its key and each item start
            layout[-1] = (layout[-1], *starts)
        return tuple(items)

    def front_matter(self, event: _Event, spec: Spec = ARTICLE) -> dict[str, Any]:
        """The top-level mapping's values."""
        if event.__class__ is not MappingStartEvent:
            message = f"the front matter must be a mapping, got {_describe(event, None)}"
            self.fail(message, "", event, ParseError)
        if event.flow_style:
            self.layout = None
        return self.values(spec, "", event)

    def mapping(self, spec: Spec, path: str, start: _Event) -> Any:
        """Build one instance of ``spec.cls`` from a mapping's events."""
        return _BUILDERS[spec.cls](self.values(spec, path, start))

    def values(self, spec: Spec, path: str, start: _Event) -> dict[str, Any]:
        """The constructor arguments of ``spec.cls`` from a mapping's events."""
        record = None if path else self.layout
        if start.tag is not None and start.tag != "!":
            self.fail(f"unsupported tag {start.tag!r}", path, start)
        values: dict[str, Any] = {}
        extra: dict[str, Any] | None = None
        plan = _PLANS[spec.cls]
        get = self.get
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent and event.tag is None:
                step = plan.get(event.value)
                if step is not None:
                    attr, read, field = step
                    if attr in values:
                        self.fail(f"duplicate key {event.value!r}", _join(path, field.key), event)
                    if record is not None:
                        record += (field.key, event.start_mark.index)
                    values[attr] = read(self, field, path, get())
                    continue
            elif cls is MappingEndEvent:
                break
            key = self.key(event, path)
            if record is not None:
                record += (key, event.start_mark.index)
            step = plan.get(key)
            if step is not None:  # a known key spelled with an explicit !!str tag
                attr, read, field = step
                if attr in values:
                    self.fail(f"duplicate key {key!r}", _join(path, key), event)
                values[attr] = read(self, field, path, get())
                continue
            if extra is None:
                extra = {}
            elif key in extra:
                self.fail(f"duplicate key {key!r}", _join(path, key), event)
            extra[key] = self.generic(get(), _join(path, key), 1)
        for required in spec.required:
            if values.get(required) is None:
                self.fail(f"missing required key {required!r}", _join(path, required), start)
        if extra:
            values["extra"] = extra
        return values

    def key(self, event: _Event, path: str) -> str:
        if event.__class__ is not ScalarEvent:
            if event.__class__ is AliasEvent:
                self.fail("aliases are not allowed in cards", path, event, LimitError)
            self.fail("a key must be a string, not a mapping or a list", path, event)
        tag = None if event.tag == "!" else event.tag
        if tag is not None and tag != STR:
            self.fail(f"unsupported tag {tag!r}", path, event)
        if not event.style and tag is None and plain_tag(event.value) is not STR:
            self.fail(f"a key must be a string, got {event.value!r:.40}", path, event)
        return event.value

    # -- unknown keys: plain Python data, as PyYAML's safe loader would build it --------

    def generic_scalar(self, event: _Event, path: str) -> Any:
        tag = event.tag
        if tag is None or tag == "!":  # as libyaml resolves them
            if event.style:
                return event.value
            resolved = plain_tag(event.value)
            if resolved is STR:
                return event.value
            if not resolved.startswith("tag:yaml.org,2002:") or resolved.endswith(
                (":merge", ":value", ":yaml")
            ):
                self.fail(f"unsupported plain scalar {event.value!r:.40}", path, event)
            if resolved == INT and len(event.value) > _MAX_INT_TOKEN:
                self.fail(f"an integer of more than {MAX_INT_BITS} bits", path, event)
            try:
                value = construct_plain(event.value, resolved)
            except (ValueError, OverflowError) as error:  # 2021-02-30, year 0...
                if resolved == INT:  # more digits than Python converts
                    self.fail(f"an integer of more than {MAX_INT_BITS} bits", path, event)
                self.fail(f"invalid {resolved.rsplit(':', 1)[-1]}: {error}", path, event)
            if resolved == INT and value.bit_length() > MAX_INT_BITS:
                self.fail(f"an integer of more than {MAX_INT_BITS} bits", path, event)
            return value
        if tag == STR:
            return event.value
        self.fail(f"unsupported tag {tag!r}", path, event)

    def generic(self, event: _Event, path: str, depth: int) -> Any:
        cls = event.__class__
        if cls is ScalarEvent:
            return self.generic_scalar(event, path)
        if cls is AliasEvent:
            self.fail("aliases are not allowed in cards", path, event, LimitError)
        if depth >= self.max_depth:
            self.fail(f"nesting deeper than {self.max_depth} levels", path, event, LimitError)
        if event.tag is not None and event.tag != "!":
            self.fail(f"unsupported tag {event.tag!r}", path, event)
        get = self.get
        if cls is SequenceStartEvent:
            items: list[Any] = []
            item = get()
            while item.__class__ is not SequenceEndEvent:
                items.append(self.generic(item, f"{path}[{len(items)}]", depth + 1))
                item = get()
            return items
        mapping: dict[Any, Any] = {}
        others = 0  # keys that are not strings: their hashes can be made to collide
        item = get()
        while item.__class__ is not MappingEndEvent:
            if item.__class__ is not ScalarEvent:
                self.fail("a key must be a scalar, not a mapping or a list", path, item)
            key = self.generic(item, path, depth + 1)
            if key.__class__ is not str:
                others += 1
                if others > MAX_OTHER_KEYS:
                    message = f"more than {MAX_OTHER_KEYS} keys that are not strings in a mapping"
                    self.fail(message, path, item, LimitError)
            here = _join(path, str(key))
            if key in mapping:
                self.fail(f"duplicate key {key!r:.40}", here, item)
            mapping[key] = self.generic(get(), here, depth + 1)
            item = get()
        return mapping


_ITEM = Field("", "", Kind.STR)
_ENTRIES = attrs.evolve(ARTICLE, required=())

_READERS: dict[Kind, Callable[[_Reader, Field, str, _Event], Any]] = {
    Kind.STR: _Reader.read_str,
    Kind.INT: _Reader.read_int,
    Kind.BOOL: _Reader.read_bool,
    Kind.TIME: _Reader.read_time,
    Kind.OBJ: _Reader.obj,
    Kind.STRS: _Reader.strs,
    Kind.OBJS: _Reader.objs,
}
# For each class: YAML key -> (attribute, reader, field), looked up once per key read.
_PLANS: dict[
    type[Any], dict[str, tuple[str, Callable[[_Reader, Field, str, _Event], Any], Field]]
] = {
    spec.cls: {f.key: (f.attr, _READERS[f.kind], f) for f in spec.fields} for spec in SPECS.values()
}


_BUILDERS = {cls: builder(cls) for cls in SPECS}
_build_article = _BUILDERS[Article]
_fast: Callable[[str, Limits], Scanned | None] | None = scanner(_BUILDERS)
"""Reads the generator's line-oriented style without libyaml, or says to fall back to it.
None sends every card through libyaml (the tests compare both paths)."""


def _unsupported(tag: str, field: Field) -> str:
    if field.key == "secured":  # a tag can be written to hold the secret itself
        return "unsupported tag (not shown: this key holds a secret)"
    return f"unsupported tag {tag!r}"


def _describe(event: _Event, field: Field | None) -> str:
    """Say what a value is, without quoting secrets or long text."""
    cls = event.__class__
    if cls is MappingStartEvent:
        return "a mapping"
    if cls is SequenceStartEvent:
        return "a list"
    if cls is not ScalarEvent:
        return "an alias" if cls is AliasEvent else "nothing"
    value: str = event.value
    if field is not None and field.key == "secured":
        shown = f"of {len(value)} characters"
    else:
        shown = repr(value) if len(value) <= 40 else repr(value[:37]) + "..."
    if event.style:
        return f"the quoted string {shown}"
    if event.tag == STR:
        return f"the string {shown} (tagged !!str)"
    tag = plain_tag(value)
    if tag is NULL or tag == NULL:
        return "null"
    name = tag.rsplit(":", 1)[-1]
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} {shown}" if name != "str" else f"the string {shown}"


def loads(text: str | bytes, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read a card from its text (``bytes`` must be UTF-8)."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        if len(text) > 4 * limits.max_size:  # more bytes than max_size characters can take
            raise LimitError(f"card is {len(text)} bytes, more than {limits.max_size} characters")
        text = _decode(bytes(text))
    if len(text) > limits.max_size:
        raise LimitError(f"card is {len(text)} characters, more than the {limits.max_size} allowed")
    front_start, front_end, body_start = split(text)
    line_base = text.count("\n", 0, front_start)
    front = text[front_start:front_end]
    scanned = None if _fast is None else _fast(front, limits)
    if scanned is None:
        ascii_front = front.isascii()
        if "\r" in front or not ascii_front:
            _check_breaks(front, line_base, ascii_front)
        layout: list[Any] = []
        values = _parse_front(front, line_base, limits, _Reader.front_matter, layout)
        if not ascii_front and ("\u2028" in front or "\u2029" in front):
            _check_separators(front, line_base)
        n_lines = len(_LINE_START.findall(front))
        if layout and n_lines != len(layout) // 2 - (front[:1] not in _INDENT):
            _check_line_starts(front, layout, line_base)
    else:  # the scanner takes only lines it fully understands: none continues a value
        values, layout = scanned
    body = text[body_start:]
    if not body.isascii():
        _check_encodable(body, text, body_start)
    source = Source(text, front_start, front_end, body_start, tuple(layout) or None)
    values["body"] = body
    values["source"] = source
    card: Article = _build_article(values)
    source.base = card
    return card


def read_entries(front: str) -> dict[str, Any]:
    """The values of some entries of a card's top-level mapping (no key is required).

    Checks a splice: the entries an edit touched, parsed alone, must give the edited values.
    """
    return _parse_front(front, 0, DEFAULT_LIMITS, lambda r, e: r.front_matter(e, _ENTRIES))  # type: ignore[no-any-return]


def read_items(text: str, field: Field) -> tuple[Any, ...]:
    """The items of a block list of mappings, parsed alone (to check a splice likewise)."""
    return _parse_front(text, 0, DEFAULT_LIMITS, lambda r, e: r.objs(field, "", e))  # type: ignore[no-any-return]


def _parse_front(
    front: str,
    line_base: int,
    limits: Limits,
    root: Callable[[_Reader, _Event], Any],
    layout: list[Any] | None = None,
) -> Any:
    try:
        loader = _Loader(front)  # the pure-Python reader checks characters here
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, front, line_base) from None
    except UnicodeEncodeError as error:  # libyaml takes UTF-8: a lone surrogate cannot be
        raise _surrogate(front, error.start, line_base) from None
    get = loader.get_event
    if len(front) > limits.max_nodes:  # shorter text cannot hold more values than characters
        get = _counted(get, front, line_base, limits.max_nodes)
    reader = _Reader(get, front, line_base, limits, layout)
    try:
        get()  # stream start
        event = get()
        if event.__class__ is StreamEndEvent:
            raise ParseError("the front matter is empty", path="", line=line_base + 1, column=1)
        values = root(reader, get())  # the event after the document start
        get()  # document end
        after: _Event = get()
        if after.__class__ is DocumentStartEvent:
            row, col = _position(front, _start(after))
            raise ParseError(
                "the front matter holds more than one YAML document",
                line=row + line_base,
                column=col,
            )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        line = column = None
        if mark is not None:  # pragma: no branch - libyaml marks every error
            line, column = _position(front, mark.index)
            line += line_base
        if "maximum nesting depth" in message:  # libyaml's own limit (0.2.6 and later)
            message = f"nesting deeper than {limits.max_depth} levels"
            raise LimitError(message, line=line, column=column) from None
        if "mapping values are not allowed" in message:
            message += (
                " (a value holding ': ' must be quoted: "
                'title: "Improvements: to the merge", or with single quotes)'
            )
        raise ParseError(f"invalid YAML: {message}", line=line, column=column) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, front, line_base) from None
    except yaml.YAMLError as error:  # pragma: no cover - other parser failures
        raise ParseError(f"invalid YAML: {error}", line=line_base + 1) from None
    finally:
        loader.dispose()
    return values


def _counted(
    get: Callable[[], _Event], front: str, line_base: int, limit: int
) -> Callable[[], _Event]:
    """``get``, refusing more than ``limit`` values (events, less the closing ones)."""
    count = -3  # the stream, the document and the top-level mapping are not values

    def counted() -> _Event:
        nonlocal count
        event = get()
        if event.__class__ in _CLOSING:
            return event
        count += 1
        if count > limit:
            line, column = _position(front, event.start_mark.index)
            message = f"more than {limit} values in the front matter"
            raise LimitError(message, line=line + line_base, column=column)
        return event

    return counted


_CLOSING = frozenset((MappingEndEvent, SequenceEndEvent, DocumentEndEvent, StreamEndEvent))


def _reader_error(error: yaml.reader.ReaderError, front: str, line_base: int) -> ParseError:
    line, column = _position(front, error.position)
    message = f"invalid YAML: {error.reason} (character {error.character!r})"
    return ParseError(message, line=line + line_base, column=column)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index.

    Lines are counted by line feeds, as editors and line tools count them (YAML also
    breaks lines at U+0085, U+2028 and U+2029, which cards may not use outside quotes).
    """
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# --- characters that break lines only for YAML -----------------------------------------------

_LONE_CR = re.compile(r"\r(?!\n)")
_QUOTED = ("'", '"')


def _check_breaks(front: str, line_base: int, ascii_front: bool) -> None:
    """Refuse U+0085 and a carriage return without a line feed anywhere in front matter.

    YAML reads both as line breaks that line-based tools (and people) do not see, and
    inside quotes it folds them into spaces: what is read would not be what is shown.
    """
    at = -1 if ascii_front else front.find("\x85")
    if at >= 0:
        message = (
            "U+0085 (next line) is a line break for YAML, and a space inside quotes: "
            "write it as \\N inside double quotes, or as … if it stands for an ellipsis"
        )
        _refuse_character(front, at, line_base, message)
    lone = _LONE_CR.search(front) if "\r" in front else None
    if lone is not None:
        message = (
            "a carriage return without a line feed is a line break for YAML that other "
            "tools do not show: end lines with LF or CRLF, or write it as \\r inside double quotes"
        )
        _refuse_character(front, lone.start(), line_base, message)


def _check_separators(front: str, line_base: int) -> None:
    """Refuse U+2028 and U+2029 outside quoted text, where YAML breaks the line on them.

    Inside quotes they are kept as they are; outside, ``title: x<U+2028>quality: 9``
    would hold a key that line tools and readers do not see.
    """
    quoted: list[tuple[int, int]] = []
    loader = _Loader(front)
    try:
        event: _Event = loader.get_event()
        while event.__class__ is not StreamEndEvent:
            if event.__class__ is ScalarEvent and event.style in _QUOTED:
                quoted.append((_start(event), _end(event)))
            event = loader.get_event()
    finally:
        loader.dispose()
    starts = [start for start, _ in quoted]
    for char in ("\u2028", "\u2029"):
        at = front.find(char)
        while at >= 0:
            inside = bisect.bisect_left(starts, at) - 1  # the last quoted value before it
            if inside >= 0 and at < quoted[inside][1]:
                at = front.find(char, quoted[inside][1])  # past the rest of that value
                continue
            name, escape = ("line", "L") if char == "\u2028" else ("paragraph", "P")
            message = (
                f"U+{ord(char):04X} ({name} separator) outside quoted text is a line break "
                "for YAML that other tools do not show: remove it, or quote the value "
                f"(or write it as \\{escape} inside double quotes)"
            )
            _refuse_character(front, at, line_base, message)


def _start(event: _Event) -> int:
    return event.start_mark.index  # type: ignore[no-any-return]


def _end(event: _Event) -> int:
    return event.end_mark.index  # type: ignore[no-any-return]


_LINE_START = re.compile(r"\n[^\s#\-?:]")
"""A line that starts with neither a blank, a comment nor a list item: a top-level key."""
_INDENT = frozenset(" \t#-?:\n")


def _check_line_starts(front: str, layout: list[Any], line_base: int) -> None:
    """Refuse a line that starts at column 1 and is not a top-level key.

    Only a quoted or flow value can run onto such a line (``title: "Harmless`` then
    ``quality: 999"``): YAML reads one title, line tools and people see a key of its own.
    YAML 1.2 wants those lines indented too.
    """
    keys = {start if isinstance(start, int) else start[0] for start in layout[1::2]}
    for line in _LINE_START.finditer(front):
        if line.start() + 1 not in keys:
            message = (
                "a value runs onto a line that starts at column 1, where it reads as a key "
                "of its own to line tools: indent that line, or write the value on one line"
            )
            _refuse_character(front, line.start() + 1, line_base, message)


def _refuse_character(front: str, at: int, line_base: int, message: str) -> NoReturn:
    line, column = _position(front, at)
    raise ParseError(message, line=line + line_base, column=column)


def _surrogate(text: str, at: int, line_base: int) -> ParseError:
    line, column = _position(text, at)
    return ParseError(
        f"a lone surrogate (U+{ord(text[at]):04X}) cannot be written as UTF-8",
        line=line + line_base,
        column=column,
    )


def _check_encodable(body: str, text: str, body_start: int) -> None:
    try:
        body.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _surrogate(text, body_start + error.start, 0) from None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        line, column = _position(before, len(before))
        raise ParseError(
            f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
            line=line,
            column=column,
        ) from None


def load(file: str | os.PathLike[str] | IO[bytes], *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read a card from a path or a binary file; errors name the file."""
    name: str | None
    if isinstance(file, (str, os.PathLike)):
        name = os.fspath(file)
        with open(name, "rb") as handle:
            data = handle.read(limits.max_size * 4 + 1)
    else:
        name = getattr(file, "name", None)
        data = file.read(limits.max_size * 4 + 1)
        if isinstance(data, str):
            msg = "load() needs a binary file (open it with 'rb')"
            raise TypeError(msg)
    try:
        card = loads(data, limits=limits)
    except NewscardError as error:
        if isinstance(name, str):
            error.in_file(name)
        raise
    if isinstance(file, (str, os.PathLike)):
        card._source.path = os.path.realpath(os.fspath(file))  # type: ignore[union-attr] # noqa: SLF001
    return card
