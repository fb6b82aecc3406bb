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
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: (list(map(str, e.path)), e.message))
    return [(tuple(e.path), e.message) for e in errors]


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
