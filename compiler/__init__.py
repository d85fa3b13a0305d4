"""zwfw — 政务服务事项目录的声明式规则与编译工具.

The package never imports typer; ``rich`` is used only by the reporters.
"""

__version__ = "0.1.0"
