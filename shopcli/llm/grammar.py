"""The JSON schema the model fills when it reads a request, and a validator for its replies.

The schema is built from the catalog's Vocabulary, so the grammar llama.cpp derives from it only
lets the model name categories, tags, colours and brands the catalog really has. It keeps to the
subset llama-cpp-python's schema converter understands (enum, array items/maxItems, type lists,
string maxLength), because anything else silently degrades to "any JSON". `validate` checks every
reply anyway, since a backend without grammar support may return anything.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from shopcli.intent import SORTS
from shopcli.schema import Vocabulary

MAX_CATEGORIES = 2
MAX_FEATURES = 4
MAX_COLORS = 3
MAX_BRANDS = 3
MAX_KEYWORDS = 5
MAX_KEYWORD_CHARS = 24
log = logging.getLogger(__name__)


def grammar_safe(value: str) -> bool:
    """Whether `value` survives llama-cpp-python's converter: it escapes quotes but not backslashes,
    so a quote or backslash in a literal ends it early and the grammar fails to parse (a crash)."""
    return bool(value) and not any(ch in '"\\' or ord(ch) < 0x20 for ch in value)


def _enum_array(values: tuple[str, ...], max_items: int) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "enum": list(values)}, "maxItems": max_items}


def intent_schema(vocab: Vocabulary) -> dict[str, Any]:
    """A JSON schema for the Intent fields the model may fill, limited to `vocab`'s values."""
    enums = {
        "categories": (vocab.categories, MAX_CATEGORIES),
        "features": (vocab.tags, MAX_FEATURES),
        "colors": (vocab.colors, MAX_COLORS),
        "brands": (vocab.brands, MAX_BRANDS),
    }
    props: dict[str, Any] = {}
    for name, (values, most) in enums.items():
        usable = tuple(v for v in values if grammar_safe(v))
        if usable:  # an empty enum makes an empty grammar rule, which llama.cpp cannot parse
            props[name] = _enum_array(usable, most)
    price = {"type": ["number", "null"], "minimum": 0}
    keyword = {"type": "string", "minLength": 1, "maxLength": MAX_KEYWORD_CHARS}
    props |= {
        "sort": {"type": "string", "enum": list(SORTS)},
        "min_price": price,
        "max_price": price,
        "keywords": {"type": "array", "items": keyword, "maxItems": MAX_KEYWORDS},
    }
    # Every key required: a fixed key order is easier for a small model than optional keys.
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def parse_json_reply(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The object in a model's reply if it is JSON and follows `schema`, else {} (logged at debug)."""
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        log.debug("reply is not JSON (%s): %r", exc, text[:200])
        return {}
    if not isinstance(value, dict):
        log.debug("reply is not a JSON object: %r", text[:200])
        return {}
    if problems := validate(value, schema):
        log.debug("reply breaks the schema: %s", "; ".join(problems[:5]))
        return {}
    return value


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Problems with `value` against the schema subset used here; an empty list means valid."""
    if "anyOf" in schema:
        options = [validate(value, option, where) for option in schema["anyOf"]]
        return [] if any(not o for o in options) else [f"{where}: matches none of anyOf"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of the allowed values"]
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        if not any(_is_type(value, t) for t in allowed):
            return [f"{where}: expected {' or '.join(allowed)}, got {type(value).__name__}"]
    if isinstance(value, dict):
        return _validate_object(value, schema, where)
    if isinstance(value, list):
        return _validate_array(value, schema, where)
    return _validate_scalar(value, schema, where)


def _is_type(value: Any, name: str) -> bool:
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    kinds = {"string": str, "boolean": bool, "object": dict, "array": list, "null": type(None)}
    return isinstance(value, kinds[name])


def _validate_object(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    props: dict[str, Any] = schema.get("properties", {})
    errors = [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
    if schema.get("additionalProperties") is False:
        errors += [f"{where}: unexpected key {key!r}" for key in value if key not in props]
    for key, sub in props.items():
        if key in value:
            errors += validate(value[key], sub, f"{where}.{key}")
    return errors


def _validate_array(value: list[Any], schema: dict[str, Any], where: str) -> list[str]:
    errors = []
    if len(value) > schema.get("maxItems", len(value)):
        errors.append(f"{where}: more than {schema['maxItems']} items")
    if len(value) < schema.get("minItems", 0):
        errors.append(f"{where}: fewer than {schema['minItems']} items")
    if "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], f"{where}[{i}]")
    return errors


def _validate_scalar(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    if isinstance(value, str):
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
            return [f"{where}: string length {len(value)} is out of range"]
    elif _is_type(value, "number") and "minimum" in schema and value < schema["minimum"]:
        return [f"{where}: {value} is below {schema['minimum']}"]
    return []


def open_fields_schema(vocab: Vocabulary) -> dict[str, Any]:
    """The smaller schema for hybrid understanding: only what rules leave open (category, features,
    keywords). Brands, colours and prices are the rules' job, and a 100-brand enum slows every
    generated token (measured: 21 tok/s with 3 brands, 14 with 150, on the 1.5B model)."""
    full = intent_schema(vocab)
    keep = [k for k in ("categories", "features", "keywords") if k in full["properties"]]
    props = {k: full["properties"][k] for k in keep}
    return {"type": "object", "properties": props, "required": keep, "additionalProperties": False}


def act_schema(acts: tuple[str, ...], listed: int, max_refs: int = 4) -> dict[str, Any]:
    """The schema for reading a chat line: one act from `acts`, and the listed numbers it means."""
    props: dict[str, Any] = {"act": {"type": "string", "enum": list(acts)}}
    if listed:  # an empty enum makes an empty grammar rule, which llama.cpp cannot parse
        numbers = {"type": "integer", "enum": list(range(1, listed + 1))}
        props["refs"] = {"type": "array", "items": numbers, "maxItems": max_refs}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}
