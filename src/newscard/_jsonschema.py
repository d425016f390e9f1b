"""A JSON Schema (draft 2020-12) of a card, generated from the wire-format tables.

The schema describes a card's front matter as ``to_dict(card, json=True)`` gives it (and
as a JSON news API serves it): YAML key names, timestamps as ISO 8601 strings. Unknown keys
are allowed, since a card keeps them; optional keys may be ``null``, as real files have them.
"""

from __future__ import annotations

from typing import Any

from ._schema import ARTICLE, Field, Kind, Spec

__all__ = ["json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: dict[Kind, dict[str, Any]] = {
    Kind.STR: {"type": "string"},
    Kind.INT: {"type": "integer"},
    Kind.BOOL: {"type": "boolean"},
    Kind.TIME: {"type": "string", "format": "date-time"},
}

_BODY = {"type": "string", "description": "The Markdown after the front matter (may be empty)."}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a card, as a new dict (``json.dumps`` takes it as is).

    Types follow each key's kind; ``title`` is required (in related items too); every
    object allows additional properties; ``Provider``, ``Image`` and ``RelatedItem`` are
    under ``$defs``. The card's Markdown body, which ``to_dict`` adds as ``body``, is an
    optional string.
    """
    defs: dict[str, Any] = {}
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": "News card",
        "description": (
            "The front matter of a news card (a Markdown file with YAML front matter), "
            "with YAML key names; timestamps are ISO 8601 strings."
        ),
    }
    schema.update(_object(ARTICLE, defs))
    schema["properties"]["body"] = dict(_BODY)
    schema["$defs"] = {name: defs[name] for name in sorted(defs)}
    return schema


def _object(spec: Spec, defs: dict[str, Any]) -> dict[str, Any]:
    required = spec.required
    properties = {f.key: _property(f, f.key in required, defs) for f in spec.fields}
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if spec.required:
        out["required"] = list(spec.required)
    out["additionalProperties"] = True
    return out


def _ref(spec: Spec, defs: dict[str, Any]) -> dict[str, str]:
    name = spec.cls.__name__
    if name not in defs:
        defs[name] = {}  # claimed first, so that a class reached again is not rebuilt
        defs[name] = {"title": name, **_object(spec, defs)}
    return {"$ref": f"#/$defs/{name}"}


def _property(field: Field, required: bool, defs: dict[str, Any]) -> dict[str, Any]:
    kind = field.kind
    if kind in _SCALARS:
        value = dict(_SCALARS[kind])
    elif kind is Kind.STRS:
        value = {"type": "array", "items": {"type": "string"}}
    elif field.spec is None:  # pragma: no cover - the tables give every mapping its spec
        raise AssertionError(f"{field.key} is {kind.value} without a spec")
    elif kind is Kind.OBJ:
        value = _ref(field.spec, defs)
    else:
        value = {"type": "array", "items": _ref(field.spec, defs)}
    if required:
        return value
    if "type" in value:
        return {**value, "type": [value["type"], "null"]}
    return {"anyOf": [value, {"type": "null"}]}
