"""The JSON Schemas of schemas/: in sync with the models, documented in Chinese at every
property, usable by both validators, and expressing the contract's structural rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

import compiler.model
from compiler.load.kinds import FileKind
from compiler.load.yaml12 import parse
from compiler.model.schemas import DIALECT, check_schemas, generate_schemas, write_schemas

SCHEMAS = generate_schemas()
NAMES = sorted(SCHEMAS)
CJK = re.compile(r"[\u4e00-\u9fff]")
CONDITIONALS = ("if", "then", "else", "not")


def walk(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object reachable from ``node`` outside conditional keywords, with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key not in CONDITIONALS:
                yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def mentioned(node: Any) -> Iterator[str]:
    """Property names that a conditional sub-schema constrains."""
    if isinstance(node, dict):
        yield from node.get("properties", {})
        yield from node.get("required", [])
        for key in (*CONDITIONALS, "allOf", "anyOf", "oneOf"):
            value = node.get(key)
            for branch in value if isinstance(value, list) else [value]:
                yield from mentioned(branch)


def test_schemas_directory_is_in_sync() -> None:
    stale = check_schemas(Path("schemas"))
    assert not stale, f"schemas/ 与模型不一致：{', '.join(stale)}；请运行 `zwfw schema` 重新生成"


def test_one_schema_per_file_kind() -> None:
    assert NAMES == sorted(kind.schema_file for kind in FileKind)
    for kind in FileKind:
        schema = SCHEMAS[kind.schema_file]
        assert schema["$schema"] == DIALECT
        assert schema["$id"] == kind.schema_file
        assert schema["title"] == kind.label


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_chinese_title_and_description(name: str) -> None:
    checked = 0
    for path, node in walk(SCHEMAS[name]):
        properties = node.get("properties")
        if not isinstance(properties, dict) or path.endswith("/properties"):
            continue
        for key, prop in properties.items():
            where = f"{name}{path}/properties/{key}"
            assert isinstance(prop, dict), where
            assert CJK.search(prop.get("title", "")), f"{where}: 缺少中文 title"
            assert CJK.search(prop.get("description", "")), f"{where}: 缺少中文 description"
            checked += 1
        for branch in node.get("allOf", []):
            unknown = set(mentioned(branch)) - set(properties)
            assert not unknown, f"{name}{path}: conditions name undeclared {unknown}"
    assert checked >= 4


@pytest.mark.parametrize("name", NAMES)
def test_every_definition_is_documented(name: str) -> None:
    schema = SCHEMAS[name]
    for definition in [schema, *schema.get("$defs", {}).values()]:
        assert CJK.search(definition["title"]) and CJK.search(definition["description"])


@pytest.mark.parametrize("name", NAMES)
def test_extra_keys_forbidden_unless_the_model_allows_them(name: str) -> None:
    schema = SCHEMAS[name]
    for def_name, definition in schema.get("$defs", {}).items():
        model = getattr(compiler.model, def_name)
        allows = model.model_config.get("extra") == "allow"
        assert definition["additionalProperties"] is allows, def_name
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("name", NAMES)
def test_schemas_compile_under_both_validators(name: str) -> None:
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema_rs.validator_for(schema, validate_formats=True)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


def test_dates_are_strings_with_format_date() -> None:
    dates = [
        node for name in NAMES for _, node in walk(SCHEMAS[name]) if node.get("format") == "date"
    ]
    assert len(dates) >= 4  # effective_date, waiver until (x3 lists), valid from/to
    assert all(node["type"] == "string" for node in dates)


def test_generation_is_deterministic() -> None:
    again = generate_schemas()
    for name in NAMES:
        assert json.dumps(again[name], sort_keys=True) == json.dumps(SCHEMAS[name], sort_keys=True)


def test_write_and_check(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert sorted(path.name for path in written) == NAMES
    assert write_schemas(tmp_path) == []
    assert check_schemas(tmp_path) == []
    text = (tmp_path / "licensing.schema.json").read_bytes().decode("utf-8")
    assert "事项编码" in text and text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (tmp_path / "view.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "scenario.schema.json").unlink()
    assert check_schemas(tmp_path) == ["scenario.schema.json", "view.schema.json"]
    assert sorted(p.name for p in write_schemas(tmp_path)) == [
        "scenario.schema.json",
        "view.schema.json",
    ]


def item_definition(kind: FileKind) -> dict[str, Any]:
    definition: dict[str, Any] = SCHEMAS[kind.schema_file]["$defs"]["ServiceItem"]
    return definition


def test_filing_timing_only_in_filing() -> None:
    assert "filing_timing" in item_definition(FileKind.FILING)["required"]
    for kind in (FileKind.LICENSING, FileKind.NON_LICENSING):
        assert "filing_timing" not in item_definition(kind)["properties"]
    same = {k: v for k, v in item_definition(FileKind.FILING)["properties"].items()}
    del same["filing_timing"]
    assert same == item_definition(FileKind.LICENSING)["properties"]


def test_only_supervision_may_be_null() -> None:
    nullable = {
        re.sub(r"/anyOf/[0-9]+$", "", f"{name}{path}")
        for name in NAMES
        for path, node in walk(SCHEMAS[name])
        if node.get("type") == "null"
    }
    assert nullable == {
        f"{kind.schema_file}/$defs/ServiceItem/properties/supervision"
        for kind in (FileKind.LICENSING, FileKind.NON_LICENSING, FileKind.FILING)
    }


UNQUOTED = """
items:
  - code: 000117001000
    name: 食品经营许可
"""


@pytest.mark.parametrize("name", ["licensing.schema.json", "filing.schema.json"])
def test_unquoted_code_is_a_type_error_at_the_code(name: str) -> None:
    data = parse(UNQUOTED).data
    assert data["items"][0]["code"] == 117001000
    schema = SCHEMAS[name]
    rs_errors = list(jsonschema_rs.validator_for(schema, validate_formats=True).iter_errors(data))
    assert any(list(e.instance_path) == ["items", 0, "code"] for e in rs_errors)
    py_errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert any(
        list(e.absolute_path) == ["items", 0, "code"] and e.validator == "type" for e in py_errors
    )


def test_conditional_violation_points_at_the_key() -> None:
    data = parse(
        "materials:\n  - {key: lease, name: 租赁合同, origin: 申请人自备, issued_by: gaj}\n"
    ).data
    schema = SCHEMAS[FileKind.MATERIALS.schema_file]
    errors = list(jsonschema_rs.validator_for(schema, validate_formats=True).iter_errors(data))
    assert [list(e.instance_path) for e in errors] == [["materials", 0, "issued_by"]]
