"""Babel extractors for the English text that is not written inside ``_()``: content data and exercises.

``babel.cfg`` names them (``[ctie_json: ...]``, ``[ctie_calls: ...]``); ``catalogs.extract()`` and
``pybabel extract`` run them like Babel's own Python extractor. Each message's ``msgid`` is the English text
exactly as the trainee reads it, so an edited English text becomes a new entry and its old translation is
flagged fuzzy (stale) by ``update``.

Why extract by position rather than mark every string
-----------------------------------------------------
An exercise's prompt, options, statements and bins are also its answer ids: ``options=["Yes", "No"]``
stores ``"Yes"`` whatever the language. Wrapping them in ``_()`` would translate the ids and make the grade
depend on the language. So the exercise modules stay as they are; :func:`extract_calls` reads the
arguments of the widget constructors (and the module constants they name), and the widgets translate the
*label* they show while saving the English id (``ctie_helpers.widgets.base.label``). The same reader takes
the chart titles and axis labels of ``plots/`` and the labels of ``apps/`` by keyword.

Content data (JSON) is read by key: ``[ctie_json: ...]`` with ``keys = why source`` extracts the string
values (or lists of strings) under those keys, anywhere in the document; ids and codes are never under them.
``context_keys`` gives short, ambiguous words (``"low"``, ``"Act"``) a ``msgctxt`` naming the key.
"""

from __future__ import annotations

import ast
import io
import json
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["extract_calls", "extract_json"]

Message = tuple[int, str | None, Any, list[str]]


def _words(options: dict[str, str], name: str) -> set[str]:
    return set(options.get(name, "").replace(",", " ").split())


def _is_text(text: str) -> bool:
    """Words to translate: at least one letter (``"385"`` or ``"1.9"`` is a figure, the same in every language)."""
    return any(ch.isalpha() for ch in text)


def extract_json(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
    """The string values under ``options["keys"]`` of a JSON document (Babel extraction method)."""
    keys, context_keys = _words(options, "keys"), _words(options, "context_keys")
    data = json.loads(fileobj.read().decode("utf-8"))
    found: list[tuple[str, str]] = []

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in keys | context_keys and _is_text(node):
            found.append((key, node))

    walk(data, None)
    for key, text in found:
        if key in context_keys:
            yield 0, "pgettext", (key, text), []
        else:
            yield 0, None, text, []


# --- Python: the text arguments of named calls --------------------------------------------------------


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = <expr>`` (and annotated) assignments, to follow ``items=AMP_ITEMS``."""
    out: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            out[node.target.id] = node.value
    return out


def _strings(node: ast.AST | None, consts: dict[str, ast.expr], dict_part: str, seen: set[str]
             ) -> Iterator[tuple[int, str]]:
    """The literal strings an argument shows: a string, a list/tuple/set of them, a dict's labels, a constant.

    ``dict_part`` says which side of a dict literal is text: ``"values"`` for ``{id: label}`` mappings
    (options, steps), ``"keys"`` for ``{statement: bin}`` keys whose ``list()`` is passed as items.
    """
    if node is None:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _is_text(node.value):
            yield node.lineno, node.value
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for elt in node.elts:
            yield from _strings(elt, consts, dict_part, seen)
    elif isinstance(node, ast.Dict):
        side = node.keys if dict_part == "keys" else node.values
        for part in side:
            yield from _strings(part, consts, dict_part, seen)
    elif isinstance(node, ast.Name) and node.id in consts and node.id not in seen:
        yield from _strings(consts[node.id], consts, dict_part, seen | {node.id})
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"list", "tuple",
                                                                                             "sorted"}:
        for arg in node.args[:1]:  # list(KEY_DICT): the dict's keys are the statements
            yield from _strings(arg, consts, "keys", seen)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # ["Yes", "No"] + EXTRA
        yield from _strings(node.left, consts, dict_part, seen)
        yield from _strings(node.right, consts, dict_part, seen)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):  # _PROMPTS[when]: every value
        yield from _strings(node.value, consts, "values", seen)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp)):  # [{"column": ...} for row in rows]
        yield from _strings(node.elt, consts, dict_part, seen)
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body, consts, dict_part, seen)
        yield from _strings(node.orelse, consts, dict_part, seen)


_CODE = re.compile(r"^[A-Z0-9]+[-:]|^\S+$")  # "SRC-027", "P: Act", "XA0101", "Q01": codes and ids


def _constant_texts(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Sentences in module-level ``ALL_CAPS`` constants: statements, options and steps that reach a widget
    through a helper or a local name (``plan, options = FIXES[exercise_id]``), which the call reader cannot
    follow. Only text with a space that does not start like a code; single words come in by the calls."""
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or not target.id.isupper() or value is None:
            continue
        for sub in ast.walk(value):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and _is_text(sub.value) \
                    and not _CODE.search(sub.value.strip()):
                yield sub.lineno, sub.value


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def extract_calls(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
    """Text arguments of named calls, plus everything Babel's Python extractor finds (``_()``, ``N_()``).

    Options (from ``babel.cfg``): ``calls`` (function or class names, matched on the last dotted part),
    ``positions`` (0-based positional arguments that are text, e.g. ``1`` for a widget's prompt; a call
    written ``name/0+2`` has its own), and
    ``constants = true`` (also the sentences of module-level ``ALL_CAPS`` constants, see
    :func:`_constant_texts`), ``kwargs`` (keyword arguments that are text), ``dict_part`` (``keys`` where a dict literal's keys are
    the text, e.g. a DataFrame's column names; default ``values``, as in ``{id: label}``). Text is taken from string literals, implicit
    concatenations, lists, tuples, dict values, ``list(CONSTANT)`` keys and module constants; an f-string
    or a string built by a helper is invisible here and must be written with ``_()`` where it is built.
    """
    # deferred: saves 4 ms at import of ctie_helpers.i18n.extract (under 20 ms, loaded machine: may move up)
    from babel.messages.extract import extract_python

    source = fileobj.read()
    kwargs = _words(options, "kwargs")
    positions = {int(p) for p in _words(options, "positions")}
    calls = {}  # name -> its text positions: "show/0" overrides the section's positions for that call
    for word in _words(options, "calls"):
        name, _, own = word.partition("/")
        calls[name] = {int(p) for p in own.split("+")} if own else positions
    dict_part = options.get("dict_part", "values").strip()
    tree = ast.parse(source)
    consts = _constants(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node.func) not in calls:
            continue
        for i, arg in enumerate(node.args):
            if i in calls[_call_name(node.func)]:
                found.extend(_strings(arg, consts, dict_part, set()))
        for kw in node.keywords:
            if kw.arg in kwargs:
                found.extend(_strings(kw.value, consts, dict_part, set()))
    if options.get("constants", "").strip().lower() in ("1", "true", "yes"):
        found.extend(_constant_texts(tree))
    for lineno, text in sorted(set(found)):
        yield lineno, None, text, []


    # Babel's own extractor yields the same 4-tuples; its type hints describe them differently
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[misc]
