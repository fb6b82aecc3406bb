"""Where the JSON Schemas are: inside the wheel (``zizhi/schemas``) or, in a source checkout
or editable install, the repository's top-level ``schemas/`` folder."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

_HERE = Path(__file__).resolve().parent


def schema_dir() -> Path:
    packaged = _HERE / "schemas"
    if packaged.is_dir():
        return packaged
    return _HERE.parent.parent / "schemas"


@cache
def schema_bytes(name: str) -> bytes:
    return (schema_dir() / name).read_bytes()


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_bytes(name))
    return schema


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # only when something is validated: a warm run usually validates nothing

    schema = load_schema(name)
    # The schemas are zizhi's own, checked against their meta-schema by the tests
    # (tests/test_schemas.py), not on every run.
    return jsonschema.validators.validator_for(schema)(schema)


def schema_errors(name: str, instance: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Validation errors as (JSON pointer path, message), most specific first, stable order."""
    if plainly_valid(load_schema(name), instance):
        return []  # no need to import jsonschema (~0.05 s) for a project whose manifests are all valid
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: (list(map(str, e.path)), e.message))
    return [(tuple(e.path), e.message) for e in errors]


#: keywords that never make an instance invalid
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "default", "examples"})
_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
                                       "null": (type(None),), "number": (int, float), "integer": (int,)}


def plainly_valid(schema: Any, instance: Any) -> bool:
    """True when ``instance`` is certainly valid against ``schema``, decided here for the few keywords
    the manifest schemas use (type, properties, additionalProperties, items, enum, required); False
    when it may be invalid or uses anything else: then jsonschema decides, and says why. So a
    valid manifest costs no jsonschema import, and every error message is still jsonschema's.
    Recursion follows the schema, which is zizhi's own and finite (no ``$ref``)."""
    if schema is True:
        return True
    if not isinstance(schema, dict):
        return False
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key == "type":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not any(
                    isinstance(n, str) and n in _TYPES and isinstance(instance, _TYPES[n])
                    and (n == "boolean" or not isinstance(instance, bool)) for n in names):
                return False  # (True is an int, but not a number to JSON Schema; 1.0 is an integer: jsonschema decides)
        elif key == "enum":
            if not isinstance(value, list) or not isinstance(instance, str) or instance not in [
                    v for v in value if isinstance(v, str)]:
                return False
        elif key == "required":
            if isinstance(instance, dict) and not (isinstance(value, list) and all(k in instance for k in value)):
                return False
        elif key == "properties":
            if not isinstance(value, dict):
                return False
            if isinstance(instance, dict) and not all(
                    plainly_valid(sub, instance[k]) for k, sub in value.items() if k in instance):
                return False
        elif key == "additionalProperties":
            if "patternProperties" in schema:
                return False
            if isinstance(instance, dict):
                known = schema.get("properties", {})
                if not isinstance(known, dict) or not all(
                        plainly_valid(value, v) for k, v in instance.items() if k not in known):
                    return False
        elif key == "items":
            if isinstance(instance, list) and not all(plainly_valid(value, v) for v in instance):
                return False  # (a list of schemas, the tuple form, is not a schema: False above)
        else:
            return False
    return True


def first_schema_error(name: str, instance: Any, sep: str = "/") -> str | None:
    """The first validation error as ``where: message`` (for a data file that must load whole), or None.

    A success is remembered in the user cache (``zizhi.usercache``) under the hash of the schema
    and of the data, so the same pack is not validated again on every run.
    """
    from zizhi import usercache

    key = ""
    if usercache.enabled():
        canonical = json.dumps(instance, sort_keys=True, ensure_ascii=False, default=usercache.json_default)
        key = usercache.key_of("valid", schema_bytes(name), canonical)
        if usercache.get("valid", key) is True:
            return None
    errors = schema_errors(name, instance)
    if not errors:
        if key:
            usercache.put("valid", key, True)
        return None
    path, message = errors[0]
    return f"{sep.join(map(str, path)) or '(top)'}: {message}"
