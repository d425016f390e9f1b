"""The generated JSON Schema: structure always, validation when jsonschema is installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED_CARDS
from newscard import load, to_dict
from newscard._jsonschema import DIALECT, json_schema
from newscard._schema import ARTICLE, IMAGE, PROVIDER, RELATED, Field, Kind, Spec

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD_EXAMPLES = sorted(EXAMPLES.glob("*.md"))
SPECS = {"Image": IMAGE, "Provider": PROVIDER, "RelatedItem": RELATED}


def test_top_level_structure() -> None:
    schema = json_schema()
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["required"] == ["title"]
    assert schema["additionalProperties"] is True
    assert list(schema["properties"]) == [f.key for f in ARTICLE.fields] + ["body"]
    assert schema["properties"]["body"]["type"] == "string"
    assert sorted(schema["$defs"]) == ["Image", "Provider", "RelatedItem"]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_defs_follow_the_tables(name: str) -> None:
    spec = SPECS[name]
    definition = json_schema()["$defs"][name]
    assert definition["type"] == "object"
    assert definition["additionalProperties"] is True
    assert list(definition["properties"]) == [f.key for f in spec.fields]
    assert definition.get("required", []) == list(spec.required)


def _expected(field: Field, spec: Spec) -> dict[str, Any]:
    scalar: dict[Kind, dict[str, Any]] = {
        Kind.STR: {"type": "string"},
        Kind.INT: {"type": "integer"},
        Kind.BOOL: {"type": "boolean"},
        Kind.TIME: {"type": "string", "format": "date-time"},
    }
    value: dict[str, Any]
    if field.kind in scalar:
        value = scalar[field.kind]
    elif field.kind is Kind.STRS:
        value = {"type": "array", "items": {"type": "string"}}
    else:
        assert field.spec is not None
        ref = {"$ref": f"#/$defs/{field.spec.cls.__name__}"}
        value = ref if field.kind is Kind.OBJ else {"type": "array", "items": ref}
    if field.key in spec.required:
        return value
    if "type" in value:
        return {**value, "type": [value["type"], "null"]}
    return {"anyOf": [value, {"type": "null"}]}


@pytest.mark.parametrize(
    ("spec", "field"),
    [(spec, field) for spec in (ARTICLE, RELATED, PROVIDER, IMAGE) for field in spec.fields],
    ids=lambda v: v.key if isinstance(v, Field) else v.cls.__name__,
)
def test_every_key_has_the_type_of_its_kind(spec: Spec, field: Field) -> None:
    schema = json_schema()
    holder = schema if spec is ARTICLE else schema["$defs"][spec.cls.__name__]
    assert holder["properties"][field.key] == _expected(field, spec)


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["$ref"]] if "$ref" in value else []
        return own + [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def test_every_ref_resolves() -> None:
    schema = json_schema()
    refs = _refs(schema)
    assert refs
    for ref in refs:
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in schema["$defs"]


def test_json_serialisable_and_fresh_each_call() -> None:
    first = json_schema()
    assert json.loads(json.dumps(first)) == first
    first["properties"].clear()
    assert json_schema()["properties"]


def _validator() -> Any:
    module = pytest.importorskip("jsonschema", reason="jsonschema is not installed (optional)")
    schema = json_schema()
    module.Draft202012Validator.check_schema(schema)
    return module.Draft202012Validator(
        schema, format_checker=module.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("path", GOOD_EXAMPLES + SHARED_CARDS, ids=lambda p: p.name[:50])
def test_real_and_example_cards_validate(path: Path) -> None:
    validator = _validator()
    data = to_dict(load(path), json=True)
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    "bad",
    [
        {"category": "news"},
        {"title": 3},
        {"title": "x", "quality": "high"},
        {"title": "x", "published": "yes"},
        {"title": "x", "topics": [1]},
        {"title": "x", "related": [{"excerpt": "no title"}]},
        {"title": "x", "provider": {"images": [{"width": "wide"}]}},
    ],
)
def test_wrong_cards_fail(bad: dict[str, Any]) -> None:
    validator = _validator()
    assert not validator.is_valid(bad)


def test_nulls_and_unknown_keys_pass() -> None:
    validator = _validator()
    card = {"title": "x", "ampWebUrl": None, "provider": None, "sourceUrl": "kept"}
    assert validator.is_valid(card)
