"""Writing a card that was read from text: splice only what changed into that text.

The card is compared with the card as read (``Source.base``), field by field; each
difference becomes one edit of the original front matter, located with the positions
PyYAML's composer gives every node. Untouched bytes (quotes, comments, blank lines, key
order, line endings) stay as they were.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import MappingEndEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._emit import emit_fields, emit_flow, emit_generic, emit_value
from ._scalars import double_quote, is_plain_safe, render_scalar, render_str
from ._schema import ARTICLE, Field, Kind, Spec
from ._source import Source

__all__ = ["patch"]

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_DASH = re.compile(r"[ \t]*-[ \t]+\Z")
_BLOCKS = (Kind.OBJ, Kind.STRS, Kind.OBJS)


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """A change with no in-place form: the card is written afresh instead."""


def patch(source: Source, card: Any) -> tuple[str, bool] | None:
    """The source text with ``card``'s differences from ``source.base`` spliced in.

    Returns the text and whether the splice changed structure (added, removed or moved
    lines) rather than only replacing scalars in their own style; or None when a change has
    no in-place form (the caller then writes afresh).
    """
    base = source.base
    text = source.text
    parts = [text[: source.front_start]]
    front = source.front
    structural = False
    if _fields_differ(base, card):
        root = _compose(front)
        patcher = _Patcher(front, source.newline)
        try:
            patcher.mapping(ARTICLE, base, card, root, top=True)
            front = patcher.apply()
        except _Fallback:  # pragma: no cover - defensive
            return None
        structural = patcher.structural
    parts.append(front)
    parts.append(text[source.front_end : source.body_start])
    parts.append(card.body if card.body != base.body else text[source.body_start :])  # type: ignore[union-attr]
    return "".join(parts), structural


def _compose(front: str) -> Node:
    """The node tree of a front matter, with positions; no tags resolved, nothing built.

    Only called on text that was read successfully, so it holds one mapping, no aliases and
    no nesting beyond the reader's limits.
    """
    loader = _Loader(front)
    try:
        get = loader.get_event
        get()  # stream start
        get()  # document start
        return _node(get, get())
    finally:
        loader.dispose()


def _node(get: Any, event: Any) -> Node:
    cls = event.__class__
    if cls is ScalarEvent:
        return ScalarNode("", event.value, event.start_mark, event.end_mark, event.style)
    if cls is SequenceStartEvent:
        items = []
        item = get()
        while item.__class__ is not SequenceEndEvent:
            items.append(_node(get, item))
            item = get()
        end: Any = item.end_mark
        return SequenceNode("", items, event.start_mark, end, event.flow_style)
    pairs = []
    key = get()
    while key.__class__ is not MappingEndEvent:
        pairs.append((_node(get, key), _node(get, get())))
        key = get()
    end_mark: Any = key.end_mark
    return MappingNode("", pairs, event.start_mark, end_mark, event.flow_style)


def _fields_differ(old: Any, new: Any) -> bool:
    return (
        any(getattr(old, f.attr) != getattr(new, f.attr) for f in ARTICLE.fields)
        or old.title != new.title
        or old.extra != new.extra
    )


class _Patcher:
    """Collects edits (start, end, replacement) of one front matter and applies them."""

    def __init__(self, front: str, newline: str) -> None:
        self.front = front
        self.newline = newline
        self.edits: list[tuple[int, int, str]] = []
        self.structural = False
        """Set by any edit other than a scalar replaced in its own style."""

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

    def owns_line(self, node: Node) -> bool:
        """Whether only indentation (or a ``?`` key indicator) stands before ``node``."""
        start = node.start_mark.index
        return self.front[self.line_start(start) : start].strip() in ("", "?")

    @staticmethod
    def content_end(node: Node) -> int:
        """Where a node's own text ends (block collections' marks run into what follows)."""
        while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        return node.end_mark.index

    def entry_end(self, value: Node) -> int:
        return self.line_end(self.content_end(value))

    # -- mappings ------------------------------------------------------------------------

    def mapping(self, spec: Spec, old: Any, new: Any, node: Node, top: bool = False) -> None:
        if not isinstance(node, MappingNode):
            raise _Fallback  # pragma: no cover - defensive: text that read cannot get here
        if node.flow_style or not node.value:
            self.edit(node.start_mark.index, node.end_mark.index, _flow_object(spec, new))
            return
        first_key = node.value[0][0]
        if not self.owns_line(first_key) and _goes(spec, first_key.value, new):
            # "- key: v" losing its first key: write the item's mapping afresh.
            out: list[str] = []
            emit_fields(spec, new, " " * first_key.start_mark.column, out, "")
            end = self.entry_end(node.value[-1][1])
            self.edit(first_key.start_mark.index, end, "".join(out) or "{}\n")
            return
        entries = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
        previous: str | None = None
        for field in spec.fields:
            old_value = getattr(old, field.attr)
            new_value = getattr(new, field.attr)
            if old_value is not new_value and old_value != new_value:
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
        if old_extra != new_extra:
            last = node.value[-1][0].value
            for key, value in new_extra.items():
                if key not in old_extra or old_extra[key] != value:
                    old_value = old_extra.get(key)
                    self.entry(node, entries, key, None, old_value, value, last, top, absent=False)
            for key in old_extra:
                if key not in new_extra and key in entries:
                    self.delete(*entries[key])

    def entry(
        self,
        node: MappingNode,
        entries: dict[Any, tuple[Any, Any]],
        key: str,
        field: Field | None,
        old: Any,
        new: Any,
        previous: str | None,
        top: bool,
        absent: bool,
    ) -> None:
        """Change, add or remove (when ``absent``) one key of a block mapping."""
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
            if (
                isinstance(value, ScalarNode)
                and kind not in _BLOCKS
                and (value.value or value.style)
            ):
                self.scalar(value, new)
                return
            if kind is Kind.STRS and isinstance(value, SequenceNode) and value.flow_style:
                self.flow_strings(old, new, value)
                return
            if isinstance(value, (MappingNode, SequenceNode)) and value.flow_style:
                self.edit(value.start_mark.index, value.end_mark.index, _flow(field, new))
                return
            if kind is Kind.OBJ and isinstance(value, MappingNode) and not _empty(field, new):
                self.mapping(field.spec, old, new, value)  # type: ignore[arg-type]
                return
            is_list = kind in (Kind.STRS, Kind.OBJS) and isinstance(value, SequenceNode)
            if is_list and self.sequence(field, old, new, value):
                return
        self.replace_value(key_node, value, field, new)

    def replace_value(self, key_node: Node, value: Node, field: Field | None, new: Any) -> None:
        """Rewrite everything after ``key:`` up to the end of the value's last line."""
        colon = self.front.find(":", key_node.end_mark.index)
        if colon < 0:  # pragma: no cover - a mapping key is always followed by ':'
            raise _Fallback
        indent = " " * (key_node.start_mark.column + 2)
        text = emit_generic(new, indent) if field is None else emit_value(field, new, indent)
        self.edit(colon + 1, self.entry_end(value), text)

    def insert(
        self,
        node: MappingNode,
        entries: dict[Any, tuple[Any, Any]],
        key: str,
        field: Field | None,
        new: Any,
        previous: str | None,
        top: bool,
    ) -> None:
        first_key = node.value[0][0]
        indent = " " * first_key.start_mark.column
        child = indent + "  "
        value = emit_generic(new, child) if field is None else emit_value(field, new, child)
        text = f"{indent}{_key(key)}:{value}"
        if previous is not None:
            at = self.entry_end(entries[previous][1])
        elif self.owns_line(first_key):
            at = self.line_start(first_key.start_mark.index)
        else:
            at = self.entry_end(node.value[0][1])
        if top and field is not None and field.group:
            text = "\n" + text
        self.edit(at, at, text)

    def delete(self, key_node: Node, value: Node) -> None:
        """Remove a key's lines (a list item losing its first key is rewritten by ``mapping``)."""
        if not self.owns_line(key_node):  # pragma: no cover - ``mapping`` rewrites these
            raise _Fallback
        self.edit(self.line_start(key_node.start_mark.index), self.entry_end(value), "")

    # -- scalars and sequences -----------------------------------------------------------

    def scalar(self, node: ScalarNode, new: Any, flow: bool = False) -> None:
        """Replace a scalar in its own style (block scalars become double-quoted)."""
        style = node.style or None
        start, end = node.start_mark.index, node.end_mark.index
        if style in ("|", ">"):
            text = double_quote(new) if isinstance(new, str) else render_scalar(new, None)
            self.edit(start, end, text + ("\n" if self.front[end - 1 : end] == "\n" else ""))
            return
        self.edit(start, end, render_scalar(new, style, flow), structural=False)

    def flow_strings(self, old: tuple[str, ...], new: tuple[str, ...], node: SequenceNode) -> None:
        """Edit a flow list of strings item by item, keeping the other items' spelling."""
        items = node.value
        if len(items) != len(old) or not all(isinstance(i, ScalarNode) for i in items):
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
                start, end = items[p].start_mark.index, items[n - s - 1].end_mark.index
            elif p > 0:
                start, end = items[p - 1].end_mark.index, items[n - s - 1].end_mark.index
            else:
                start, end = items[p].start_mark.index, items[n - s].start_mark.index
            self.edit(start, end, added)
        elif p > 0:
            at = items[p - 1].end_mark.index
            self.edit(at, at, ", " + added)
        else:
            at = items[0].start_mark.index
            self.edit(at, at, added + ", ")

    def sequence(
        self, field: Field, old: tuple[Any, ...], new: tuple[Any, ...], node: SequenceNode
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
        columns = self.item_columns(items[0])
        if columns is None:
            return False
        dash, content = columns
        lines: list[str] = []
        prefix = " " * dash + "-" + " " * (content - dash - 1)
        style = items[0].style or None if isinstance(items[0], ScalarNode) else None
        for item in new[p : m - s]:
            if field.kind is Kind.STRS:
                lines.append(f"{prefix}{render_str(item, style)}\n")
            else:
                emit_fields(field.spec, item, " " * content, lines, prefix)  # type: ignore[arg-type]
        if p < n - s:
            first, last = items[p], items[n - s - 1]
            if self.item_columns(first) is None:
                return False
            start = self.line_start(first.start_mark.index)
            self.edit(start, self.entry_end(last), "".join(lines))
        elif p < n:
            if self.item_columns(items[p]) is None:
                return False
            at = self.line_start(items[p].start_mark.index)
            self.edit(at, at, "".join(lines))
        else:
            at = self.entry_end(items[-1])
            self.edit(at, at, "".join(lines))
        return True

    def item_columns(self, item: Node) -> tuple[int, int] | None:
        """The columns of a block list item's dash and of its content, if it has its own line."""
        start = item.start_mark.index
        line_start = self.line_start(start)
        if _DASH.match(self.front, line_start, start) is None:
            return None
        dash = self.front.index("-", line_start, start) - line_start
        return dash, start - line_start

    def item(self, field: Field, old: Any, new: Any, node: Node) -> None:
        if field.kind is Kind.STRS and isinstance(node, ScalarNode):
            self.scalar(node, new)
        elif field.kind is Kind.OBJS and isinstance(node, MappingNode):
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
    while p < n and p < m and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and s < m - p and old[n - 1 - s] == new[m - 1 - s]:
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
