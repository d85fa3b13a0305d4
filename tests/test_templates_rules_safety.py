"""Templates and rules are code: they load only from the paths a project configures, template
names cannot climb out of them, rule parameters are data (nothing is evaluated), and a rule's
message template reaches only the values of the finding, never an object's attributes.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from compiler.config import ConfigError, load_config
from compiler.lint.messages import render
from compiler.render.environment import asset, make_environment

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "base"
COMPILE = ROOT / "tests" / "fixtures" / "compile" / "catalog"


def zwfw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "ZWFW_DEBUG": ""},
    )


def project(tmp: Path, table: str, catalog: Path = BASE) -> Path:
    root = tmp / "project"
    shutil.copytree(catalog, root / "catalog")
    (root / "pyproject.toml").write_text(f'[tool.zwfw]\ncatalog = "catalog"\n{table}', "utf-8")
    return root


# ---- where templates and rules may come from ----------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        'templates = "../outside"\n',
        'templates = "/etc"\n',
        'templates = "tpl/../../outside"\n',
        'extra_rules = ["../outside"]\n',
        'extra_rules = ["/tmp"]\n',
        "extra_rules = [1]\n",
        "templates = 5\n",
        'select = "structure"\n',
    ],
)
def test_code_paths_outside_the_project_are_refused(tmp_path: Path, table: str) -> None:
    (tmp_path / "outside").mkdir()
    root = project(tmp_path, table)
    with pytest.raises(ConfigError):
        load_config(root)
    done = zwfw("lint", cwd=root)
    assert done.returncode == 2 and done.stderr.startswith("zwfw: "), done.stderr
    assert "内部错误" not in done.stderr


def test_configured_templates_and_rules_inside_the_project_are_used(tmp_path: Path) -> None:
    root = project(
        tmp_path, 'templates = "site/templates"\nextra_rules = ["site/rules"]\n', COMPILE
    )
    (root / "site" / "templates").mkdir(parents=True)
    (root / "site" / "templates" / "item.md.j2").write_text(
        "# 本地模板 {{ guide.item.name | md }}\n", "utf-8"
    )
    (root / "site" / "rules").mkdir()
    (root / "site" / "rules" / "local.yaml").write_text(
        "group: local\ntitle: 本地规则\nrules:\n"
        "  - id: local-name-length\n    title: 名称过长\n    severity: info\n    check: predicate\n"
        "    params:\n      select: [licensing]\n      schema: {properties: {name: {maxLength: 3}}}\n"
        '    message: "{name} 的名称超过 3 个字"\n',
        "utf-8",
    )
    config = load_config(root)
    assert config.templates == (root / "site" / "templates").resolve()
    linted = zwfw("lint", "--format", "json", "--today", "2025-06-01", cwd=root)
    assert any(d["rule"] == "local-name-length" for d in json.loads(linted.stdout)["diagnostics"])
    done = zwfw("compile", "--today", "2025-06-01", cwd=root)
    assert done.returncode == 0, done.stderr
    page = next((root / "generated" / "guides" / "items").glob("*.md")).read_text("utf-8")
    assert page.startswith("# 本地模板 ")


@pytest.mark.parametrize(
    "name",
    [
        "../pyproject.toml",
        "../../etc/passwd",
        "/etc/passwd",
        "assets/../../outside.html.j2",
        "./../outside.html.j2",
        "..",
        "assets/../../../../../../../etc/passwd",
    ],
)
def test_template_names_cannot_climb_out_of_the_template_folders(tmp_path: Path, name: str) -> None:
    """Jinja's FileSystemLoader refuses ``..`` in a name (and a leading ``/`` is stripped
    into a name inside the folder); the package's own loader does the same."""
    templates = tmp_path / "project" / "templates"
    templates.mkdir(parents=True)
    (tmp_path / "project" / "outside.html.j2").write_text("SECRET {{ 7 * 7 }}", "utf-8")
    (tmp_path / "outside.html.j2").write_text("SECRET", "utf-8")
    env = make_environment(templates)
    with pytest.raises(TemplateNotFound):
        env.get_template(name)
    with pytest.raises(TemplateNotFound):
        asset(env, name)
    with pytest.raises(TemplateNotFound):
        make_environment(None).get_template(name)


def test_a_broken_override_template_is_a_clear_exit_2(tmp_path: Path) -> None:
    root = project(tmp_path, 'templates = "templates"\n', COMPILE)
    (root / "templates").mkdir()
    for text in ["{% for %}", "{{ guide.no_such_field }}", "{% include '../pyproject.toml' %}"]:
        (root / "templates" / "item.html.j2").write_text(text, "utf-8")
        done = zwfw("compile", "--today", "2025-06-01", cwd=root)
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.startswith("zwfw: 模板有误"), done.stderr
        assert not (root / "generated").exists()


# ---- rules are data ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{name.__class__}", "（未填写）"),
        ("{name.__class__.__mro__}", "（未填写）"),
        ("{name.__init__.__globals__}", "（未填写）"),
        ("{record.source.path}", "（未填写）"),
        ("{0}", "{0}"),
        ("{name!r}", "{name!r}"),
        ("{name:>100}", "{name:>100}"),
        ("{__import__('os')}", "{__import__('os')}"),
        ("{{name}}", "{食品}"),
        ("{name}", "食品"),
        ("{copies.original}", "1"),
    ],
)
def test_message_templates_reach_values_only(template: str, shown: str) -> None:
    fields = {"name": "食品", "copies": {"original": 1}, "record": object()}
    assert render(template, fields) == shown


def test_a_hostile_rule_file_runs_nothing(tmp_path: Path) -> None:
    """Rule parameters that look like code stay data: JSON Schemas, patterns and messages with
    Python in them are compared and printed, never evaluated or imported."""
    marker = tmp_path / "pwned"
    root = project(tmp_path, 'extra_rules = ["extra"]\n')
    (root / "extra").mkdir()
    (root / "extra" / "hostile.yaml").write_text(
        "group: hostile\ntitle: 可疑规则\nrules:\n"
        "  - id: hostile-predicate\n    title: 试探\n    severity: warning\n    check: predicate\n"
        "    params:\n      select: [licensing]\n"
        f"      schema: {{properties: {{name: {{const: \"__import__('os').system('touch {marker}')\"}}}}}}\n"
        '    message: "{name.__class__.__init__.__globals__} {name} {__import__} {0}"\n'
        "  - id: hostile-pattern\n    title: 试探\n    severity: warning\n    check: text-pattern\n"
        "    params:\n      select: [licensing]\n      paths: [name]\n"
        f"      forbid: \"__import__\\\\('os'\\\\)\\\\.system\\\\('touch {marker}'\\\\)|食品.*\"\n"
        '    message: "{value.__len__}"\n',
        "utf-8",
    )
    done = zwfw("lint", "--format", "json", "--today", "2025-06-01", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    messages = [
        d["message"]
        for d in json.loads(done.stdout)["diagnostics"]
        if d["rule"].startswith("hostile")
    ]
    assert messages
    for message in messages:
        assert "class" not in message and "function" not in message and "module" not in message
    assert not marker.exists()


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        (
            "check: text-pattern\n    params: {select: [licensing], paths: [name], forbid: '(x'}",
            "正则表达式",
        ),
        (
            "check: predicate\n    params: {select: [licensing], schema: {type: 5}}",
            "JSON Schema 无效",
        ),
        ("check: predicate\n    params: {select: [passwd], schema: {}}", "不是目录文件类型"),
        (
            "check: predicate\n    params: {select: [licensing], schema: {$ref: 'http://127.0.0.1:9/x'}}",
            "不读取外部引用",
        ),
    ],
)
def test_unusable_rule_parameters_are_a_clear_exit_2(
    tmp_path: Path, params: str, phrase: str
) -> None:
    root = project(tmp_path, 'extra_rules = ["extra"]\n')
    (root / "extra").mkdir()
    (root / "extra" / "x.yaml").write_text(
        f"group: x\ntitle: x\nrules:\n  - id: x\n    title: x\n    severity: error\n"
        f"    {params}\n    message: x\n",
        "utf-8",
    )
    done = zwfw("lint", cwd=root)
    assert done.returncode == 2 and phrase in done.stderr, done.stderr
    assert "内部错误" not in done.stderr


@pytest.mark.parametrize("check", ["os.system", "subprocess.run", "../../x", "__import__"])
def test_a_rule_naming_an_unknown_check_is_refused(tmp_path: Path, check: str) -> None:
    root = project(tmp_path, 'extra_rules = ["extra"]\n')
    (root / "extra").mkdir()
    (root / "extra" / "x.yaml").write_text(
        f"group: x\ntitle: x\nrules:\n  - id: x\n    title: x\n    severity: error\n"
        f'    check: "{check}"\n    message: x\n',
        "utf-8",
    )
    done = zwfw("lint", cwd=root)
    assert done.returncode == 2 and "未知的检查" in done.stderr, done.stderr


def _calls(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(owner, name, line) of every call: ``yaml.load(...)`` is ("yaml", "load", n)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                found.append(("", func.id, node.lineno))
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else "?"
                found.append((owner, func.attr, node.lineno))
    return found


def test_no_code_path_evaluates_text() -> None:
    """No eval/exec/compile of strings, no unsafe PyYAML loading, and pickle only for the bytes
    a forked child of the same function hands back (never anything read from a catalog, a
    rule file or a cache)."""
    offenders = []
    for path in [*sorted((ROOT / "compiler").rglob("*.py")), *sorted(ROOT.glob("cli*.py"))]:
        source = path.read_text("utf-8")
        tree = ast.parse(source)
        pyyaml = "\nimport yaml\n" in source
        for owner, name, line in _calls(tree):
            if not owner and name in ("eval", "exec", "compile", "__import__"):
                offenders.append(f"{path.name}:{line} {name}")
            if (
                pyyaml
                and owner == "yaml"
                and name in ("load", "load_all", "unsafe_load", "full_load")
            ):
                offenders.append(f"{path.name}:{line} yaml.{name}")
        for function in tree.body:
            calls = {(owner, name) for owner, name, _ in _calls(function)}
            if calls & {("pickle", "load"), ("pickle", "loads")} and ("os", "fork") not in calls:
                offenders.append(f"{path.name}: pickle outside a fork")
    assert offenders == []


def test_no_ref_is_ever_fetched(tmp_path: Path) -> None:
    """A ``$ref`` to a URL — in a rule's JSON Schema or in a policy's eligibility (catalog
    data) — is never fetched: a local server counts the requests, and lint, compile and match
    give findings or a clear exit 2, never an internal error."""
    import http.server
    import threading

    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/schema.json"
    try:
        root = project(tmp_path, 'extra_rules = ["extra"]\n', COMPILE)
        benefits = root / "catalog" / "no-application-benefits" / "rsj.yaml"
        text = benefits.read_text("utf-8")
        old = "enterprise.insured_months: {minimum: 12}"
        assert old in text
        benefits.write_text(
            text.replace(old, f"enterprise.insured_months: {{minimum: 12, $ref: '{url}'}}"), "utf-8"
        )
        (root / "extra").mkdir()
        (root / "extra" / "x.yaml").write_text(
            "group: x\ntitle: x\nrules:\n  - id: x\n    title: x\n    severity: info\n"
            f"    check: predicate\n    params: {{select: [licensing], schema: {{$ref: '{url}'}}}}\n"
            "    message: x\n",
            "utf-8",
        )
        assert zwfw("lint", cwd=root).returncode == 2  # the rule's $ref: a clear refusal
        (root / "extra" / "x.yaml").unlink()
        linted = zwfw("lint", "--today", "2025-06-01", cwd=root)
        assert linted.returncode in (0, 1) and "内部错误" not in linted.stderr, linted.stderr
        compiled = zwfw("compile", "--today", "2025-06-01", cwd=root)
        assert compiled.returncode in (0, 1) and "内部错误" not in compiled.stderr, compiled.stderr
        (root / "entities.csv").write_text(
            "id,enterprise.insured_months,enterprise.layoff_rate\na,13,0.01\n", "utf-8"
        )
        matched = zwfw("match", "MSJX-2025-001", "entities.csv", "--catalog", "catalog", cwd=root)
        assert matched.returncode == 2 and "$ref" in matched.stderr, matched.stderr
        assert "内部错误" not in matched.stderr
    finally:
        server.shutdown()
    assert requests == []
