"""Rendering of office-editable templates, sandboxed.

Django's template language is not a sandbox: `{% include %}`, `{% load %}`, `{% debug %}`
and attribute lookups on rich objects reach far beyond a message. Office admins write these
templates, so they run in a separate Engine whose only tags are if/for and whose only
filters are a short allow-list; there are no loaders (nothing can be included or extended),
and the context is a plain dict of the event's documented variables holding plain values
(strings, numbers, dates, booleans). Templates are checked on save (syntax, tags, filters,
variables), so a broken one never reaches send time.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache

from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters
from django.template import defaulttags as tags
from django.template.base import FilterExpression, Lexer, TokenType, VariableNode
from django.template.defaulttags import ForNode, IfNode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.formats import one_full_stop

ALLOWED_TAGS = ("if", "elif", "else", "endif", "for", "empty", "endfor")


def months(value):
    """{{ package_notice_months|months }}: "1 miesiąc", "3 miesiące", "12 miesięcy" (the
    number with its word, in the plural its language needs; a template is rendered in its
    own language). Anything but a whole number comes back as it is."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        return value
    return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}


ALLOWED_FILTERS = {
    "capfirst": defaultfilters.capfirst,
    "date": defaultfilters.date,
    "default": defaultfilters.default,
    "floatformat": defaultfilters.floatformat,
    "length": defaultfilters.length,
    "lower": defaultfilters.lower,
    "months": months,
    "time": defaultfilters.time,
    "title": defaultfilters.title,
    "truncatechars": defaultfilters.truncatechars,
    "truncatewords": defaultfilters.truncatewords,
    "upper": defaultfilters.upper,
    "yesno": defaultfilters.yesno,
}
MAX_TEMPLATE_LENGTH = 10_000
PLAIN_TYPES = (str, int, float, Decimal, bool, datetime.date, datetime.datetime, type(None))

register = Library()
register.tag("if", tags.do_if)
register.tag("for", tags.do_for)
for _name, _func in ALLOWED_FILTERS.items():
    register.filter(_name, _func)


class SandboxEngine(Engine):
    # The module path of this file: `register` above is the only builtin library.
    default_builtins = ["modules.notifications.sandbox"]


@lru_cache(maxsize=1)
def engine() -> SandboxEngine:
    # autoescape off: subjects, plain-text bodies and SMS are text. The HTML part of an e-mail
    # is never rendered from a template; it is built from the escaped text (channels.email).
    return SandboxEngine(
        dirs=[],
        app_dirs=False,
        loaders=[],
        libraries={},
        autoescape=False,
        string_if_invalid="",
        debug=True,
    )


@lru_cache(maxsize=512)
def _compiled(source: str):
    return engine().from_string(source)


def plain_context(values: dict) -> dict:
    """Refuse anything but plain values: no model instance ever reaches a template."""
    for key, value in values.items():
        if isinstance(value, list | tuple):
            if not all(isinstance(v, PLAIN_TYPES) for v in value):
                raise TypeError(f"notification variable {key!r} holds a non-plain value")
        elif not isinstance(value, PLAIN_TYPES):
            raise TypeError(
                f"notification variable {key!r} must be a plain value, not {type(value).__name__}"
            )
    return dict(values)


def render(source: str, context: dict) -> str:
    """The message; a sentence ending in a name that ends in a dot ("sp. z o.o.") gets one
    full stop."""
    text = _compiled(source).render(Context(plain_context(context), autoescape=False))
    return one_full_stop(text)


def render_html(source: str, context: dict) -> str:
    """An HTML template (documents): the same tags, filters and plain values, with every
    value escaped (autoescape on), since the template's own markup is the HTML."""
    return _compiled(source).render(Context(plain_context(context), autoescape=True))


def validate(
    source: str, *, variables: tuple[str, ...], max_length: int = MAX_TEMPLATE_LENGTH
) -> list[str]:
    """Translated problems of a template; empty when it may be saved."""
    if len(source) > max_length:
        return [_("The template is too long (at most %(max)s characters).") % {"max": max_length}]
    errors = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0] if token.contents.strip() else ""
            if name not in ALLOWED_TAGS:
                errors.append(
                    _("Line %(line)s: the tag “%(tag)s” is not allowed; use only if and for.")
                    % {"line": token.lineno, "tag": name}
                )
    if errors:
        return errors
    try:
        template = engine().from_string(source)
    except TemplateSyntaxError as exc:
        return [_syntax_message(exc, source)]
    allowed = set(variables)
    for lookup, line in _lookups(template.nodelist, frozenset()):
        root = lookup[0]
        if root not in allowed and root not in lookup.scope:
            errors.append(
                _("Line %(line)s: “%(name)s” is not a variable of this message.")
                % {"line": line, "name": ".".join(lookup)}
            )
        elif len(lookup) > 1 and root not in lookup.scope:
            errors.append(
                _("Line %(line)s: “%(name)s”: variables have no parts, write {{ %(root)s }}.")
                % {"line": line, "name": ".".join(lookup), "root": root}
            )
    return list(dict.fromkeys(errors))


def variables_used(source: str) -> set[str]:
    """The variables a template reads (their names; a loop's own names left out); none
    when it cannot be read. The template editor compares a new default's with an office's
    wording saved before it (selectors.template_default_news)."""
    try:
        template = engine().from_string(source)
    except TemplateSyntaxError:
        return set()
    return {
        lookup[0]
        for lookup, _line in _lookups(template.nodelist, frozenset())
        if lookup[0] not in lookup.scope
    }


def _syntax_message(exc: TemplateSyntaxError, source: str) -> str:
    line = getattr(exc, "template_debug", {}).get("line", "?")
    text = str(exc)
    if text.startswith("Invalid filter"):
        name = text.split("'")[1] if "'" in text else text
        return _("Line %(line)s: the filter “%(name)s” is not allowed. Allowed: %(allowed)s.") % {
            "line": line,
            "name": name,
            "allowed": ", ".join(ALLOWED_FILTERS),
        }
    if "Unclosed tag" in text or "expected 'end" in text or "endif" in text or "endfor" in text:
        return _(
            "Line %(line)s: a tag is not closed (every if needs endif, every for needs endfor)."
        ) % {"line": line}
    # Django's own explanation is English ("Could not parse some characters: ..."): the
    # office reads the line it wrote instead, and how a variable is written.
    lines = source.splitlines()
    written = lines[line - 1].strip() if isinstance(line, int) and 0 < line <= len(lines) else ""
    if not written:
        return _(
            "Line %(line)s: the template cannot be read. Write a variable as {{ name }}, "
            "with a filter as {{ name|filter }}."
        ) % {"line": line}
    return _(
        "Line %(line)s: the template cannot be read here: “%(text)s”. Write a variable as "
        "{{ name }}, with a filter as {{ name|filter }}."
    ) % {"line": line, "text": defaultfilters.truncatechars(written, 80)}


class _Lookup(tuple):
    scope: frozenset


def _lookup(parts: tuple, scope: frozenset) -> _Lookup:
    item = _Lookup(parts)
    item.scope = scope
    return item


def _expression_lookups(expression: FilterExpression, scope: frozenset):
    var = expression.var
    if hasattr(var, "lookups") and var.lookups:
        yield _lookup(var.lookups, scope)
    for _func, args in expression.filters:
        for is_variable, arg in args:
            if is_variable and getattr(arg, "lookups", None):
                yield _lookup(arg.lookups, scope)


def _condition_lookups(condition, scope: frozenset):
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield from _expression_lookups(value, scope)
    for side in ("first", "second"):
        child = getattr(condition, side, None)
        if child is not None:
            yield from _condition_lookups(child, scope)


def _lookups(nodelist, scope: frozenset):
    """(lookup, line) for every variable the template reads, with the loop names in scope."""
    for node in nodelist:
        line = node.token.lineno if getattr(node, "token", None) else "?"
        if isinstance(node, VariableNode):
            for lookup in _expression_lookups(node.filter_expression, scope):
                yield lookup, line
        elif isinstance(node, IfNode):
            for condition, body in node.conditions_nodelists:
                for lookup in _condition_lookups(condition, scope):
                    yield lookup, line
                yield from _lookups(body, scope)
        elif isinstance(node, ForNode):
            for lookup in _expression_lookups(node.sequence, scope):
                yield lookup, line
            inner = scope | frozenset(node.loopvars) | {"forloop"}
            yield from _lookups(node.nodelist_loop, inner)
            yield from _lookups(node.nodelist_empty or [], scope)
