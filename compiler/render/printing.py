"""How a template prints a value: one call per ``{{ … }}`` instead of Jinja's two.

Jinja compiles ``{{ x }}`` into ``escape(environment.finalize(x))`` in an autoescaped template
and ``str(environment.finalize(x))`` in the others. A city catalog prints 1.5 million values
(77,000 distinct texts), and each print cost a finalize call, markupsafe's ``escape`` and a
new ``Markup``. :class:`PrintingEnvironment` compiles the same output into one call of
:meth:`PrintingEnvironment.print_html` or :meth:`~PrintingEnvironment.print_text`, which give
exactly those texts (a plain ``str``: what a template yields is only ever joined) and remember
them for the texts they have seen. Where autoescaping is decided at run time (an ``{%
autoescape %}`` block), and for everything but plain ``str`` values, Jinja's own way is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup, escape

#: how Jinja's generated code calls a finalize that takes only the value
_PLAIN_FINALIZE = "environment.finalize("
#: a render's texts are remembered up to this many, then forgotten all at once
_SEEN_MAX = 200_000


def _unchanged(value: Any) -> Any:
    return value


class _PrintingGenerator(CodeGenerator):
    """Jinja's code generator, printing values through the environment's print methods."""

    @staticmethod
    def _jinja_s_way(frame: Frame, finalize: Any) -> bool:
        """Autoescaping decided at run time, or a finalize that needs the context."""
        return bool(frame.eval_ctx.volatile) or finalize.src not in (None, _PLAIN_FINALIZE)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._jinja_s_way(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
        elif frame.eval_ctx.autoescape:
            self.write("environment.print_html(")
        else:
            self.write("environment.print_text(")

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._jinja_s_way(frame, finalize):
            super()._output_child_post(node, frame, finalize)
        else:
            self.write(")")


class PrintingEnvironment(Environment):
    """An environment whose templates print through :meth:`print_html` and :meth:`print_text`.

    ``finalize``, if set, must be a plain function of the value (a finalize that needs the
    context keeps Jinja's way) that returns markup and integers unchanged; both methods print
    what Jinja would print with it. Markup (what macros return) is printed as it is and an
    integer as its digits, without a call.
    """

    code_generator_class = _PrintingGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._html_seen: dict[str, str] = {}
        self._text_seen: dict[str, str] = {}

    def _final(self) -> Callable[[Any], Any]:
        finalize: Callable[[Any], Any] | None = self.finalize
        return _unchanged if finalize is None else finalize

    def print_html(self, value: Any) -> str:
        """``escape(finalize(value))`` as text."""
        kind = type(value)
        if kind is not str:
            if kind is Markup:
                return value  # type: ignore[no-any-return]
            if kind is int:
                return str(value)  # digits and a minus sign: nothing to escape
            return str(escape(self._final()(value)))
        seen = self._html_seen
        done = seen.get(value)
        if done is None:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            done = seen[value] = str(escape(self._final()(value)))
        return done

    def print_text(self, value: Any) -> str:
        """``str(finalize(value))``."""
        kind = type(value)
        if kind is not str:
            if kind is Markup or kind is int:
                return str(value)
            return str(self._final()(value))
        seen = self._text_seen
        done = seen.get(value)
        if done is None:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            done = seen[value] = str(self._final()(value))
        return done
