"""Writing cards built in code, in the reference card's style.

Key order, quoting, two-space indentation with list items indented under their key, and a
blank line before each group (provider, topics, images, related, secured). Values whose
keys the format does not know go through PyYAML's own safe emitter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ._scalars import format_time, is_plain_safe, render_scalar, render_str
from ._schema import ARTICLE, Field, Kind, Spec

__all__ = [
    "emit_article",
    "emit_block",
    "emit_extra",
    "emit_fields",
    "emit_flow",
    "emit_generic",
    "emit_value",
]


_QUOTE = '"'


def emit_article(card: Any) -> str:
    """The whole text of a card: fences, front matter in reference style, body."""
    out = ["---\n"]
    emit_fields(ARTICLE, card, "", out, None, top=True)
    out.append("---\n")
    out.append(card.body)
    return "".join(out)


def emit_fields(
    spec: Spec, obj: Any, indent: str, out: list[str], first: str | None, top: bool = False
) -> None:
    """Append one mapping's lines; ``first`` replaces the indent of its first line (``- ``)."""
    start = len(out)
    for field in spec.fields:
        value = getattr(obj, field.attr)
        if value is None or value == ():
            continue
        if top and field.group and len(out) > 1:
            out.append("\n")
        emit_field(field, value, indent, out)
    emit_extra(obj.extra, indent, out)
    if first is not None:
        if len(out) == start:
            out.append(f"{first}{{}}\n")
        else:
            out[start] = first + out[start][len(indent) :]


def emit_field(field: Field, value: Any, indent: str, out: list[str]) -> None:
    """Append one key and its value."""
    kind = field.kind
    key = field.key
    if kind is Kind.STR:
        out.append(f"{indent}{key}: {render_str(value, _QUOTE if field.quoted else None)}\n")
    elif kind is Kind.INT:
        out.append(f"{indent}{key}: {value}\n")
    elif kind is Kind.BOOL:
        out.append(f"{indent}{key}: {'true' if value else 'false'}\n")
    elif kind is Kind.TIME:
        out.append(f"{indent}{key}: {format_time(value)}\n")
    else:
        at = len(out)
        out.append(f"{indent}{key}:\n")
        emit_block(field, value, indent + "  ", out)
        if len(out) == at + 1:  # a mapping with nothing in it
            out[at] = f"{indent}{key}: {{}}\n"


def emit_block(field: Field, value: Any, indent: str, out: list[str]) -> None:
    """Append the lines of a mapping or list value at ``indent``."""
    kind = field.kind
    if kind is Kind.OBJ:
        emit_fields(field.spec, value, indent, out, None)  # type: ignore[arg-type]
    elif kind is Kind.STRS:
        out.extend(f"{indent}- {render_str(item, None)}\n" for item in value)
    else:
        spec: Spec = field.spec  # type: ignore[assignment]
        inner = indent + "  "
        dash = indent + "- "
        for item in value:
            emit_fields(spec, item, inner, out, dash)


def emit_value(field: Field, value: Any, indent: str, style: str | None = '"') -> str:
    """A value as it follows ``key:``: `` scalar`` or a newline and indented lines."""
    if field.kind in (Kind.OBJ, Kind.STRS, Kind.OBJS):
        out: list[str] = ["\n"]
        emit_block(field, value, indent, out)
        return "".join(out) if len(out) > 1 else " {}\n"
    return f" {render_scalar(value, style)}\n"


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, with list items indented under their key like the cards."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow=flow, indentless=False)


def _represent_mapping(dumper: yaml.SafeDumper, value: Mapping[Any, Any]) -> yaml.Node:
    return dumper.represent_dict(dict(value))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Plain when that reads back the same, else double-quoted on one line."""
    style = None if is_plain_safe(value) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(dict, _represent_mapping)
_Dumper.add_multi_representer(Mapping, _represent_mapping)  # type: ignore[type-abstract]


def _dump(value: Any, flow: bool = False) -> str:
    r"""PyYAML's text for a value, never folded.

    Strings holding YAML line breaks other than \\n (U+2028, U+2029, U+0085) are written
    with escapes throughout, since PyYAML would otherwise write them raw and read them back
    as spaces.
    """
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=not _has_odd_breaks(value),
        default_flow_style=flow,
        width=1 << 30,
    )


def _has_odd_breaks(value: Any) -> bool:
    if isinstance(value, str):
        return "\u2028" in value or "\u2029" in value or "\x85" in value
    if isinstance(value, Mapping):
        return any(_has_odd_breaks(k) or _has_odd_breaks(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_odd_breaks(v) for v in value)
    return False


def emit_extra(extra: Mapping[str, Any], indent: str, out: list[str]) -> None:
    """Append keys the format does not know, in their order, via PyYAML."""
    if extra:
        out.extend(f"{indent}{line}\n" for line in _dump(dict(extra)).splitlines())


def emit_generic(value: Any, indent: str) -> str:
    """An unknown key's value as it follows ``key:``: `` scalar`` or indented lines."""
    text = _dump(value)
    if isinstance(value, (list, tuple, Mapping)) and value:
        return "\n" + "".join(f"{indent}{line}\n" for line in text.splitlines())
    return " " + text.removesuffix("...\n").rstrip("\n") + "\n"


def emit_flow(value: Any) -> str:
    """An unknown key's value in flow style, on one line."""
    return _dump(value, flow=True).removesuffix("...\n").rstrip("\n")
