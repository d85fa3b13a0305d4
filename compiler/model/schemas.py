"""The JSON Schemas of schemas/, generated from the models (``zwfw schema`` writes them).

One schema per file kind, draft 2020-12, ``$id`` its file name. The models are the single
source: an optional key is written or left out (only ``supervision`` may also be ``null``),
every property carries its Chinese ``title`` and a one-line ``description`` for editors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from compiler.load.kinds import FileKind
from compiler.model import DOCUMENT_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class CatalogJsonSchema(GenerateJsonSchema):
    """pydantic's generator, adjusted to the catalog contract."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        # ``X | None = None`` means "optional", not "may be null"; see Model.NULLABLE
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]
        return json_schema

    def handle_ref_overrides(self, json_schema: JsonSchemaValue) -> JsonSchemaValue:
        # keep a property's title and description even where they repeat its sub-model's
        return json_schema


def schema_for(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema of one file kind."""
    model = DOCUMENT_MODELS[kind]
    body = model.model_json_schema(by_alias=True, schema_generator=CatalogJsonSchema)
    body["title"] = kind.label
    return {"$schema": DIALECT, "$id": kind.schema_file, **body}


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Every schema of schemas/, by file name."""
    return {kind.schema_file: schema_for(kind) for kind in FileKind}


def render_schema(schema: dict[str, Any]) -> str:
    """The canonical text of a schema file: sorted keys, indent 2, Chinese kept, final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _expected() -> dict[str, str]:
    return {name: render_schema(schema) for name, schema in sorted(generate_schemas().items())}


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def write_schemas(directory: Path) -> list[Path]:
    """Write the schemas into ``directory``; return the files whose content changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, text in _expected().items():
        path = directory / name
        if _current(path) != text:
            path.write_bytes(text.encode("utf-8"))
            changed.append(path)
    return changed


def check_schemas(directory: Path) -> list[str]:
    """Names of the schema files in ``directory`` that are missing or out of date."""
    return [name for name, text in _expected().items() if _current(directory / name) != text]
