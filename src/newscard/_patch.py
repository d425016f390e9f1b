"""Writing a card that was read from text: splice only what changed into that text.

The card is compared with the card as read (``Source.base``), field by field; each
difference becomes one edit of the original front matter, located with the positions
PyYAML's parser gives every node. Untouched bytes (quotes, comments, blank lines, key
order, line endings) stay as they were.

Only the top-level entries an edit touches are parsed again: the reader recorded where
each top-level key starts, and an entry parsed alone gives the same nodes as in the whole
text. Edits that add, remove or move lines are then checked by reading those entries back.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any, overload

from yaml.events import MappingEndEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent

from ._emit import emit_fields, emit_flow, emit_generic, emit_value
from ._errors import NewscardError
from ._model import differs, identical
from ._reader import _Loader, loads, read_entries, read_items
from ._scalars import double_quote, is_plain_safe, render_scalar, render_str
from ._schema import ARTICLE, Field, Kind, Spec
from ._source import Source

__all__ = ["patch"]


_DASH = re.compile(r"[ \t]*-[ \t]+\Z")
_EXPLICIT_KEY = re.compile(r"^ *\?(?:[ \t\r\n]|\Z)", re.MULTILINE)
_TAB_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
_MARKERS = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)
_BLOCKS = (Kind.OBJ, Kind.STRS, Kind.OBJS)


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """A change with no in-place form: the card is written afresh instead."""


def patch(source: Source, card: Any) -> tuple[str, bool] | None:
    """The source text with ``card``'s differences from ``source.base`` spliced in.

    Returns the text and whether the splice changed structure (added, removed or moved
    lines) rather than only replacing scalars in their own style; such splices are read
    back and must give ``card``. Returns None when a change has no in-place form or did not
    read back (the caller then writes afresh).
    """
    base = source.base
    text = source.text
    front = source.front
    if not _fields_differ(base, card):
        spliced = front
        structural = False
    else:
        patcher = _Patcher(front, source.newline)
        top = None
        if source.layout is not None and not _explicit_key(front):
            top = _Top(front, source.layout)
        try:
            patcher.mapping(ARTICLE, base, card, top or _compose(front), top=True)
            spliced = patcher.apply()
        except _Fallback:  # pragma: no cover - defensive: text that read cannot get here
            return None
        structural = patcher.structural
    fence = text[source.front_end : source.body_start]
    body = text[source.body_start :]
    if card.body != base.body:  # type: ignore[union-attr]
        body = card.body
        if body and not fence.endswith("\n"):  # a closing fence that ended the text
            fence += source.newline
    out = "".join((text[: source.front_start], spliced, fence, body))
    if structural:
        checked = None if top is None else top.reads_back(patcher, spliced, base, card)
        if checked is None:
            checked = _reads_back(out, card)
        if not checked:  # pragma: no cover - defensive: every splice tested reads back
            return None
    return out, structural


class _Node:
    """A node of the original text: its value, and where it stands in the front matter."""

    __slots__ = ("column", "end", "start", "value")

    def __init__(self, value: Any, start: int, end: int, column: int) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.column = column


class _Scalar(_Node):
    __slots__ = ("style",)
    value: str
    style: str | None


class _Seq(_Node):
    __slots__ = ("flow",)
    value: Sequence[_Node]
    flow: bool


class _Map(_Node):
    __slots__ = ("flow",)
    value: list[tuple[_Node, _Node]]
    flow: bool

    @property
    def first_key(self) -> _Node:
        return self.value[0][0]

    @property
    def last_key(self) -> str:
        return self.value[-1][0].value  # type: ignore[no-any-return]


def _compose(text: str, shift: int = 0) -> Any:
    """The node tree of a mapping's text, its positions moved by ``shift``.

    Only called on text that was read successfully, so it holds one mapping, no aliases and
    no nesting beyond the reader's limits.
    """
    loader = _Loader(text)
    try:
        get = loader.get_event
        get()  # stream start
        get()  # document start
        return _node(get, get(), shift)
    finally:
        loader.dispose()


def _node(get: Any, event: Any, shift: int) -> _Node:
    cls = event.__class__
    mark = event.start_mark
    node: Any
    if cls is ScalarEvent:
        node = _Scalar(event.value, mark.index + shift, event.end_mark.index + shift, mark.column)
        node.style = event.style or None
        return node  # type: ignore[no-any-return]
    if cls is SequenceStartEvent:
        items = []
        item = get()
        while item.__class__ is not SequenceEndEvent:
            items.append(_node(get, item, shift))
            item = get()
        end: Any = item.end_mark
        node = _Seq(items, mark.index + shift, end.index + shift, mark.column)
    else:
        pairs = []
        key = get()
        while key.__class__ is not MappingEndEvent:
            pairs.append((_node(get, key, shift), _node(get, get(), shift)))
            key = get()
        end = key.end_mark
        node = _Map(pairs, mark.index + shift, end.index + shift, mark.column)
    node.flow = bool(event.flow_style)
    return node  # type: ignore[no-any-return]


class _Top(dict[str, Any]):
    """A front matter's top-level block mapping, each entry parsed only when an edit needs it.

    An entry runs from the line of its key to the line of the next key: parsed alone, it
    gives the nodes it has in the whole text (a block mapping's entries do not depend on
    each other, and cards have no aliases). The items of a block list of mappings are
    parsed one by one in the same way. Keys map to their index until their entry is parsed.
    """

    def __init__(self, front: str, layout: tuple[Any, ...]) -> None:
        self.order: tuple[str, ...] = layout[0::2]
        super().__init__(zip(self.order, range(len(self.order)), strict=True))
        self.front = front
        self.starts: tuple[Any, ...] = layout[1::2]
        self.bounds = [
            front.rfind("\n", 0, s if s.__class__ is int else s[0]) + 1 for s in self.starts
        ]
        self.bounds.append(len(front))
        self.lists: dict[str, _Items] = {}
        first = _first(self.starts[0])
        self.first_key = _Node(self.order[0], first, first, first - self.bounds[0])
        self.last_key = self.order[-1]

    def __getitem__(self, key: str) -> tuple[_Node, _Node]:
        entry = super().__getitem__(key)
        if entry.__class__ is not int:
            return entry  # type: ignore[no-any-return]
        start, end = self.bounds[entry], self.bounds[entry + 1]
        items = None
        if isinstance(self.starts[entry], tuple):
            items = _Items.of(self.front, self.starts[entry][1:], end)
        head = end if items is None else items.bounds[0]
        pairs = _compose(self.front[start:head], start).value
        if len(pairs) != 1 or pairs[0][0].value != key:  # pragma: no cover - defensive
            raise _Fallback
        entry = pairs[0]
        if items is not None:
            self.lists[key] = items
            first = items.starts[0]
            value = _Seq(items, first, end, first - items.bounds[0])
            value.flow = False
            entry = (entry[0], value)
        self[key] = entry
        return entry  # type: ignore[no-any-return]

    def reads_back(self, patcher: _Patcher, spliced: str, base: Any, card: Any) -> bool | None:
        """Whether the entries around the edits, read back alone, give ``card``'s values.

        None when the entries alone cannot tell (the whole card is then read back).
        """
        edits = patcher.edits
        low = min(e[0] for e in edits)
        high = max(e[1] for e in edits)
        if len(patcher.touched) == 1:
            (key,) = patcher.touched
            items = self.lists.get(key)
            if items is not None and items.bounds[0] <= low and high <= items.bounds[-1]:
                field = ARTICLE.by_key[key]
                return self.items_read_back(field, items, low, high, spliced, base, card)
        size = len(self.front)
        start, end, region = _region(self.bounds, low, high, 0, size, spliced, size)
        if _MARKERS.search(region):  # pragma: no cover - reading refuses such lines (below)
            return None
        try:
            values = read_entries(region)
        except NewscardError:  # pragma: no cover - defensive: every splice tested reads
            return False
        outside = {
            k for k, b in zip(self.order, self.bounds, strict=False) if b < start or b >= end
        }
        extra = values.pop("extra", {})
        for field in ARTICLE.fields:
            if field.attr in values:
                if field.key in outside:  # pragma: no cover - the splice never adds a key twice
                    return False
                got = values[field.attr]
            elif field.key in outside:
                got = getattr(base, field.attr)
            else:
                got = () if field.kind in (Kind.STRS, Kind.OBJS) else None
            if not identical(got, getattr(card, field.attr)):  # pragma: no cover - defensive
                return False
        kept = {k: v for k, v in base.extra.items() if k in outside}
        if kept.keys() & extra.keys():  # pragma: no cover - the splice never adds a key twice
            return False
        merged = {**kept, **extra}  # in another order than the card's: compared key by key
        new = card.extra
        return merged.keys() == new.keys() and all(identical(merged[k], new[k]) for k in new)

    def items_read_back(
        self,
        field: Field,
        items: _Items,
        low: int,
        high: int,
        spliced: str,
        base: Any,
        card: Any,
    ) -> bool | None:
        """Like ``reads_back``, for edits inside one list: read back the items around them."""
        bounds = items.bounds
        size = len(self.front)
        start, end, region = _region(bounds, low, high, bounds[0], bounds[-1], spliced, size)
        if _MARKERS.search(region):  # pragma: no cover - reading refuses a line at column 1
            # that is not a top-level key, so no region read alone starts a document there
            return None
        try:
            got = read_items(region, field)
        except NewscardError:  # pragma: no cover - defensive: every splice tested reads
            return False
        old = getattr(base, field.attr)
        first, last = bounds.index(start), bounds.index(end)
        if not identical(
            old[:first] + got + old[last:], getattr(card, field.attr)
        ):  # pragma: no cover
            return False
        return not differs(base.extra, card.extra) and not any(
            differs(getattr(base, f.attr), getattr(card, f.attr))
            for f in ARTICLE.fields
            if f is not field
        )


class _Items(Sequence[_Node]):
    """The items of a top-level block list, each parsed only when an edit needs it.

    An item runs from the line of its dash to the line of the next item's dash.
    """

    def __init__(self, front: str, starts: tuple[int, ...], bounds: list[int]) -> None:
        self.front = front
        self.starts = starts
        """Where each item's content starts."""
        self.bounds = bounds
        """Where each item's line starts, and where the list ends."""
        self.nodes: dict[int, _Node] = {}

    @classmethod
    def of(cls, front: str, starts: tuple[int, ...], end: int) -> _Items | None:
        """The items whose contents start at ``starts``.

        None if something other than blanks stands between a dash and its item (a
        comment): the whole list is then parsed at once.
        """
        bounds = []
        for start in starts:
            dash = start - 1
            while front[dash] in " \t\r\n":
                dash -= 1
            line = _line_start(front, dash)
            if front[dash] != "-" or front[line:dash].strip(" \t"):
                return None
            bounds.append(line)
        bounds.append(end)
        return cls(front, starts, bounds)

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @overload
    def __getitem__(self, i: int) -> _Node: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[_Node]: ...
    def __getitem__(self, i: int | slice) -> _Node | Sequence[_Node]:
        if isinstance(i, slice):  # pragma: no cover - the patcher takes items one by one
            return [self[j] for j in range(len(self))[i]]
        if i < 0:
            i += len(self)
        node = self.nodes.get(i)
        if node is None:
            start = self.bounds[i]
            root = _compose(self.front[start : self.bounds[i + 1]], start)
            if not isinstance(root, _Seq) or len(root.value) != 1:  # pragma: no cover
                raise _Fallback
            node = self.nodes[i] = root.value[0]
        return node


def _explicit_key(front: str) -> bool:
    """Whether a line starts with YAML's explicit key indicator ``?``.

    Such a key may sit on a later line than its ``?``, so the line of the key is not where
    its entry starts: the whole front matter is then parsed instead.
    """
    return "?" in front and _EXPLICIT_KEY.search(front) is not None


def _spaces(indent: re.Match[str]) -> str:
    return indent.group().replace("\t", " ")


def _item_start(items: Sequence[_Node], i: int) -> int:
    """Where a list item's content starts, without parsing a lazy item for it."""
    return items.starts[i] if isinstance(items, _Items) else items[i].start


def _first(start: int | tuple[int, ...]) -> int:
    return start[0] if isinstance(start, tuple) else start


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _region(
    bounds: list[int], low: int, high: int, floor: int, ceiling: int, spliced: str, size: int
) -> tuple[int, int, str]:
    """The entries holding the edits from ``low`` to ``high``.

    Returns their bounds in the original front matter (``size`` long) and their text in
    ``spliced``. An edit that starts where an entry starts is read with the entry before it
    too, which it could change; entries after the edits are added until the text holds
    one, so that a region whose entries all went is never empty.
    """
    before = bisect_left(bounds, low) - 1
    after = bisect_right(bounds, high)
    start = bounds[before] if before >= 0 else floor
    shift = len(spliced) - size
    while True:
        end = bounds[after] if after < len(bounds) else ceiling
        region = spliced[start : end + shift]
        if end >= ceiling or _CONTENT.search(region):
            return start, end, region
        after += 1


def _fields_differ(old: Any, new: Any) -> bool:
    for attr in _ATTRS:
        one, other = getattr(old, attr), getattr(new, attr)
        if one is not other and differs(one, other):
            return True
    return False


_ATTRS = (*(f.attr for f in ARTICLE.fields), "extra")


def _reads_back(text: str, card: Any) -> bool:
    """The last check of a splice: the whole text must read back as the card."""
    try:
        return identical(loads(text), card)
    except NewscardError:  # pragma: no cover - a splice that does not even read
        return False


class _Patcher:
    """Collects edits (start, end, replacement) of one front matter and applies them."""

    def __init__(self, front: str, newline: str) -> None:
        self.front = front
        self.newline = newline
        self.edits: list[tuple[int, int, str]] = []
        self.structural = False
        """Set by any edit other than a scalar replaced in its own style."""
        self.touched: set[str] = set()
        """The top-level keys edited."""

    def edit(self, start: int, end: int, text: str, *, structural: bool = True) -> None:
        self.structural = self.structural or structural
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        self.edits.append((start, end, text))

    def apply(self) -> str:
        out: list[str] = []
        cursor = 0
        for start, end, text in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < cursor:
                raise _Fallback  # pragma: no cover - defensive: text that read cannot get here
            out.append(self.front[cursor:start])
            out.append(text)
            cursor = end
        out.append(self.front[cursor:])
        return "".join(out)

    # -- positions -----------------------------------------------------------------------

    def line_start(self, pos: int) -> int:
        return self.front.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        """The start of the next line (or the end of the text)."""
        if pos > 0 and self.front[pos - 1] == "\n":
            return pos
        nl = self.front.find("\n", pos)
        return len(self.front) if nl < 0 else nl + 1

    def owns_line(self, node: _Node) -> bool:
        """Whether only indentation (or a ``?`` key indicator) stands before ``node``."""
        start = node.start
        return self.front[self.line_start(start) : start].strip() in ("", "?")

    @staticmethod
    def content_end(node: _Node) -> int:
        """Where a node's own text ends (block collections' marks run into what follows)."""
        while isinstance(node, (_Map, _Seq)) and not node.flow and node.value:
            node = node.value[-1][1] if isinstance(node, _Map) else node.value[-1]
        return node.end

    def entry_end(self, value: _Node) -> int:
        """The start of the line after a value's last line (and its blank lines with tabs)."""
        return self.past_tab_blanks(self.line_end(self.content_end(value)))

    def past_tab_blanks(self, pos: int) -> int:
        """Past the blank or comment lines from ``pos`` up to the last indented with a tab.

        YAML allows those only after a plain scalar, whose own they are: nothing may be
        inserted before them, and a plain scalar that becomes quoted has their tabs made
        spaces.
        """
        front = self.front
        past = pos
        while pos < len(front):
            nl = front.find("\n", pos)
            line = front[pos : len(front) if nl < 0 else nl]
            content = line.lstrip(" \t")
            if content.rstrip("\r") and content[0] != "#":
                break
            pos = len(front) if nl < 0 else nl + 1
            if "\t" in line[: len(line) - len(content)]:
                past = pos
        return past

    # -- mappings ------------------------------------------------------------------------

    def mapping(
        self, spec: Spec, old: Any, new: Any, node: _Node | _Top, top: bool = False
    ) -> None:
        entries: dict[str, Any]
        if isinstance(node, _Top):
            entries = node
        else:
            if not isinstance(node, _Map):
                raise _Fallback  # pragma: no cover - defensive: text that read cannot get here
            if node.flow or not node.value:
                self.edit(node.start, node.end, _flow_object(spec, new))
                return
            first_key = node.first_key
            if not self.owns_line(first_key) and _goes(spec, first_key.value, new):
                # "- key: v" losing its first key: write the item's mapping afresh.
                out: list[str] = []
                emit_fields(spec, new, " " * first_key.column, out, "")
                end = self.entry_end(node.value[-1][1])
                self.edit(first_key.start, end, "".join(out) or "{}\n")
                return
            entries = {k.value: (k, v) for k, v in node.value if isinstance(k, _Scalar)}
        previous: str | None = None
        for field in spec.fields:
            old_value = getattr(old, field.attr)
            new_value = getattr(new, field.attr)
            if old_value is not new_value and differs(old_value, new_value):
                absent = new_value is None or new_value == ()
                self.entry(
                    node,
                    entries,
                    field.key,
                    field,
                    old_value,
                    new_value,
                    previous,
                    top,
                    absent=absent,
                )
            if field.key in entries:
                previous = field.key
        old_extra, new_extra = old.extra, new.extra
        if old_extra is not new_extra and differs(old_extra, new_extra):
            last = node.last_key
            kept = [key for key in new_extra if key in old_extra and key in entries]
            anchor: str | None = None  # the kept key before, in the card's order
            for key, value in new_extra.items():
                if key not in old_extra:  # a new key goes where the card's order puts it
                    self.insert_extra(node, entries, key, value, anchor, kept, last, top)
                elif differs(old_extra[key], value):
                    old_value = old_extra[key]
                    self.entry(node, entries, key, None, old_value, value, last, top, absent=False)
                if key in old_extra and key in entries:
                    anchor = key
            for key in old_extra:
                if key not in new_extra and key in entries:
                    if top:
                        self.touched.add(key)
                    self.delete(*entries[key])

    def entry(
        self,
        node: _Map | _Top,
        entries: dict[str, Any],
        key: str,
        field: Field | None,
        old: Any,
        new: Any,
        previous: str | None,
        top: bool,
        absent: bool,
    ) -> None:
        """Change, add or remove (when ``absent``) one key of a block mapping."""
        if top:
            self.touched.add(key)
        if key not in entries:
            if not absent:  # pragma: no branch - an absent key that stays absent is no change
                self.insert(node, entries, key, field, new, previous, top)
            return
        key_node, value = entries[key]
        if absent:
            self.delete(key_node, value)
            return
        if field is not None and old is not None and old != ():
            kind = field.kind
            if isinstance(value, _Scalar) and kind not in _BLOCKS and (value.value or value.style):
                self.scalar(value, new)
                return
            if kind is Kind.STRS and isinstance(value, _Seq) and value.flow:
                self.flow_strings(old, new, value)
                return
            if isinstance(value, (_Map, _Seq)) and value.flow:
                self.edit(value.start, value.end, _flow(field, new))
                return
            if kind is Kind.OBJ and isinstance(value, _Map) and not _empty(field, new):
                self.mapping(field.spec, old, new, value)  # type: ignore[arg-type]
                return
            is_list = isinstance(value, _Seq) and kind in (Kind.STRS, Kind.OBJS)
            if is_list and self.sequence(field, old, new, value):
                return
        self.replace_value(key_node, value, field, new)

    def replace_value(self, key_node: _Node, value: _Node, field: Field | None, new: Any) -> None:
        """Rewrite everything after ``key:`` up to the end of the value's last line."""
        colon = self.front.find(":", key_node.end)
        if colon < 0:  # pragma: no cover - a mapping key is always followed by ':'
            raise _Fallback
        indent = " " * (key_node.column + 2)
        text = emit_generic(new, indent) if field is None else emit_value(field, new, indent)
        self.edit(colon + 1, self.entry_end(value), text)

    def insert(
        self,
        node: _Map | _Top,
        entries: dict[str, Any],
        key: str,
        field: Field | None,
        new: Any,
        previous: str | None,
        top: bool,
    ) -> None:
        first_key = node.first_key
        indent = " " * first_key.column
        child = indent + "  "
        value = emit_generic(new, child) if field is None else emit_value(field, new, child)
        text = f"{indent}{_key(key)}:{value}"
        if previous is not None:
            at = self.entry_end(entries[previous][1])
        elif self.owns_line(first_key):
            at = self.line_start(first_key.start)
        else:
            at = self.entry_end(entries[first_key.value][1])
        if top and field is not None and field.group:
            text = "\n" + text
        self.edit(at, at, text)

    def insert_extra(
        self,
        node: _Map | _Top,
        entries: dict[str, Any],
        key: str,
        value: Any,
        anchor: str | None,
        kept: list[str],
        last: str,
        top: bool,
    ) -> None:
        """A new unknown key: after the kept key before it, else before the first kept one."""
        if top:
            self.touched.add(key)
        if anchor is None and kept and self.owns_line(entries[kept[0]][0]):
            first = entries[kept[0]][0]
            indent = " " * first.column
            text = f"{indent}{_key(key)}:{emit_generic(value, indent + '  ')}"
            at = self.line_start(first.start)
            self.edit(at, at, text)
            return
        self.insert(node, entries, key, None, value, anchor or last, top)

    def delete(self, key_node: _Node, value: _Node) -> None:
        """Remove a key's lines (a list item losing its first key is rewritten by ``mapping``)."""
        if not self.owns_line(key_node):  # pragma: no cover - ``mapping`` rewrites these
            raise _Fallback
        self.edit(self.line_start(key_node.start), self.entry_end(value), "")

    # -- scalars and sequences -----------------------------------------------------------

    def scalar(self, node: _Scalar, new: Any, flow: bool = False) -> None:
        """Replace a scalar in its own style (block scalars become double-quoted)."""
        style = node.style or None
        start, end = node.start, node.end
        if style in ("|", ">"):
            text = double_quote(new) if isinstance(new, str) else render_scalar(new, None)
            self.edit(start, end, text + ("\n" if self.front[end - 1 : end] == "\n" else ""))
            return
        text = render_scalar(new, style, flow)
        # Kept in its own style it reads back; one that changes style is checked.
        same_style = text[:1] == style if style else text[:1] not in ('"', "'")
        if not same_style and not flow:
            after = self.line_end(end)
            gone = self.past_tab_blanks(after)
            if gone > after:  # lines indented with tabs, allowed only after a plain scalar
                lines = _TAB_INDENT.sub(_spaces, self.front[after:gone])
                self.edit(start, gone, text + self.front[end:after] + lines)
                return
        self.edit(start, end, text, structural=not same_style)

    def flow_strings(self, old: tuple[str, ...], new: tuple[str, ...], node: _Seq) -> None:
        """Edit a flow list of strings item by item, keeping the other items' spelling."""
        items: list[_Scalar] = node.value  # type: ignore[assignment]
        if len(items) != len(old) or not all(isinstance(i, _Scalar) for i in items):
            raise _Fallback  # pragma: no cover - defensive: text that read cannot get here
        n, m = len(old), len(new)
        p, s = _common_ends(old, new)
        if n - p - s == m - p - s:
            for i in range(p, n - s):
                self.scalar(items[i], new[i], flow=True)
            return
        style = items[0].style or None
        added = ", ".join(render_str(v, style, flow=True) for v in new[p : m - s])
        if p < n - s:  # some items go (and maybe others come)
            if added:
                start, end = items[p].start, items[n - s - 1].end
            elif p > 0:
                start, end = items[p - 1].end, items[n - s - 1].end
            else:
                start, end = items[p].start, items[n - s].start
            self.edit(start, end, added)
        elif p > 0:
            at = items[p - 1].end
            self.edit(at, at, ", " + added)
        else:
            at = items[0].start
            self.edit(at, at, added + ", ")

    def sequence(
        self, field: Field, old: tuple[Any, ...], new: tuple[Any, ...], node: _Seq
    ) -> bool:
        items = node.value
        n, m = len(old), len(new)
        if len(items) != n:
            return False  # pragma: no cover - defensive: text that read cannot get here
        p, s = _common_ends(old, new)
        if n - s - p == m - s - p:
            for i in range(p, n - s):
                self.item(field, old[i], new[i], items[i])
            return True
        columns = self.item_columns(_item_start(items, 0))
        if columns is None:
            return False
        dash, content = columns
        lines: list[str] = []
        prefix = " " * dash + "-" + " " * (content - dash - 1)
        if field.kind is Kind.STRS:
            style = items[0].style if isinstance(items[0], _Scalar) else None
            lines.extend(f"{prefix}{render_str(item, style)}\n" for item in new[p : m - s])
        else:
            for item in new[p : m - s]:
                emit_fields(field.spec, item, " " * content, lines, prefix)  # type: ignore[arg-type]
        if p < n - s:
            start = _item_start(items, p)
            if self.item_columns(start) is None:
                return False
            self.edit(self.line_start(start), self.entry_end(items[n - s - 1]), "".join(lines))
        elif p < n:
            at = _item_start(items, p)
            if self.item_columns(at) is None:
                return False
            at = self.line_start(at)
            self.edit(at, at, "".join(lines))
        else:
            at = self.entry_end(items[-1])
            self.edit(at, at, "".join(lines))
        return True

    def item_columns(self, start: int) -> tuple[int, int] | None:
        """The columns of a list item's dash and content, if both are on one line.

        ``start`` is where the item's content starts.
        """
        line_start = self.line_start(start)
        if _DASH.match(self.front, line_start, start) is None:
            return None
        dash = self.front.index("-", line_start, start) - line_start
        return dash, start - line_start

    def item(self, field: Field, old: Any, new: Any, node: _Node) -> None:
        if field.kind is Kind.STRS and isinstance(node, _Scalar):
            self.scalar(node, new)
        elif field.kind is Kind.OBJS and isinstance(node, _Map):
            self.mapping(field.spec, old, new, node)  # type: ignore[arg-type]
        else:
            raise _Fallback  # pragma: no cover - defensive: text that read cannot get here


def _goes(spec: Spec, key: str, new: Any) -> bool:
    """Whether ``key`` is absent from ``new``."""
    field = spec.by_key.get(key)
    if field is None:
        return key not in new.extra
    value = getattr(new, field.attr)
    return value is None or value == ()


def _empty(field: Field, obj: Any) -> bool:
    """Whether an object has nothing to write (it is then written ``{}``)."""
    spec: Spec = field.spec  # type: ignore[assignment]
    return not obj.extra and all(
        getattr(obj, f.attr) is None or getattr(obj, f.attr) == () for f in spec.fields
    )


def _common_ends(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[int, int]:
    """How many items the two lists share at their start, and then at their end."""
    n, m = len(old), len(new)
    p = 0
    while p < n and p < m and not differs(old[p], new[p]):
        p += 1
    s = 0
    while s < n - p and s < m - p and not differs(old[n - 1 - s], new[m - 1 - s]):
        s += 1
    return p, s


def _key(key: str) -> str:
    return key if is_plain_safe(key) else double_quote(key)


def _flow(field: Field, value: Any) -> str:
    """A value in flow style, for flow collections in the original text."""
    kind = field.kind
    if kind is Kind.STRS:
        return "[" + ", ".join(render_str(v, None, flow=True) for v in value) + "]"
    if kind is Kind.OBJS:
        return "[" + ", ".join(_flow_object(field.spec, v) for v in value) + "]"  # type: ignore[arg-type]
    if kind is Kind.OBJ:
        return _flow_object(field.spec, value)  # type: ignore[arg-type]
    return render_scalar(value, '"', flow=True)


def _flow_object(spec: Spec, obj: Any) -> str:
    parts = []
    for field in spec.fields:
        value = getattr(obj, field.attr)
        if value is None or value == ():
            continue
        parts.append(f"{field.key}: {_flow(field, value)}")
    parts.extend(f"{_key(k)}: {emit_flow(v)}" for k, v in obj.extra.items())
    return "{" + ", ".join(parts) + "}"
