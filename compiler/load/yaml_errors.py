"""libyaml's English error messages, said in Chinese for the staff who read them."""

from __future__ import annotations

import yaml

_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed here", "此处不允许出现“键: 值”（冒号后可能缺少空格、缩进不对或值中含未加引号的冒号）"),
    ("could not find expected ':'", "缺少冒号“:”（键后须有“: ”）"),
    ("did not find expected key", "缩进不一致：此处应是同级的键"),
    ("did not find expected '-' indicator", "缩进不一致：此处应是列表项“- ”"),
    ("did not find expected node content", "此处缺少值"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found undefined alias", "引用了未定义的别名（*alias）"),
    ("found character that cannot start any token", "出现不能作为 YAML 开头的字符（例如制表符或 @、`）"),
    ("found character '\\t' that cannot start any token", "缩进中含有制表符（Tab），YAML 只允许用空格缩进"),
    ("expected a single document in the stream", "文件只能包含一个 YAML 文档（发现多余的“---”）"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符（反斜杠）"),
    ("found a tab character that violates indentation", "缩进中含有制表符（Tab），YAML 只允许用空格缩进"),
    ("found a tab character where an indentation space is expected", "缩进中含有制表符（Tab），YAML 只允许用空格缩进"),
    ("control characters are not allowed", "文件含不允许的控制字符"),
    ("found duplicate anchor", "重复定义的锚点（&anchor）"),
    ("expected ',' or ']'", "流式列表缺少“,”或“]”"),
    ("expected ',' or '}'", "流式映射缺少“,”或“}”"),
    ("did not find expected ',' or ']'", "流式列表缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "流式映射缺少“,”或“}”"),
    ("found unexpected ':'", "出现多余的冒号“:”"),
    ("block sequence entries are not allowed in this context", "此处不能开始列表项“- ”（缩进不对）"),
    ("expected <block end>", "缩进不一致"),
    ("expected the node content", "此处缺少值"),
    ("exceeded maximum nesting depth", "嵌套层数超过 YAML 解析器（libyaml）的上限"),
)

_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("while scanning a quoted scalar", "引号未闭合"),
    ("while scanning a simple key", "键未结束（可能缺少冒号）"),
    ("while parsing a block mapping", "映射块内"),
    ("while parsing a block collection", "列表块内"),
    ("while parsing a flow sequence", "流式列表内"),
    ("while parsing a flow mapping", "流式映射内"),
    ("while scanning an alias", "别名内"),
    ("while scanning an anchor", "锚点内"),
    ("while scanning a block scalar", "多行文本块内"),
)


def describe(err: yaml.MarkedYAMLError) -> str:
    """A Chinese sentence for a libyaml error, keeping the original words for reference."""
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    said = next((zh for en, zh in _PROBLEMS if problem.startswith(en)), "")
    where = next((zh for en, zh in _CONTEXTS if context.startswith(en)), "")
    if not said:
        said = f"YAML 语法错误（{problem or context or '未知原因'}）"
    if where and where not in said:
        said = f"{said}；{where}"
    if err.context_mark is not None and err.problem_mark is not None:
        if err.context_mark.line != err.problem_mark.line:
            said = f"{said}（起于第 {err.context_mark.line + 1} 行）"
    return f"YAML 语法错误：{said}"
