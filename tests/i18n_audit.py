"""What a trainee reads on a course page in French or Spanish, and which of it is still English.

Used by ``tests/test_i18n_pages.py``; also a command, for a translator's look at every page:
``python -m tests.i18n_audit fr`` (or ``es``; page stems as further arguments to restrict it).

A page is built as course mode builds it (``course.page.course_notebook(..., lang=...)``) and executed
headlessly in a temporary copy of its session folder with ``CTIE_LANG`` set, so the kernel speaks the
page's language. What the trainee sees is then read from the executed notebook: the markdown, the outputs
(HTML without its code, plain text, plotly figures' titles, axis titles, annotations and trace names) and
the widgets' state that nbclient records (descriptions, option labels, HTML and label values,
placeholders, tab and accordion titles).

The English rule, simple enough to explain: a sentence (text between . ! ? : ; or a line break) is English
when it holds at least two different words of ``ENGLISH_WORDS``, the most frequent English function words,
none of which is a French or Spanish word. Code (``<code>``, ``<pre>``, backticks, fenced blocks), addresses
and the cited English titles of ``CITED`` are removed first.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"

ENGLISH_WORDS = frozenset("the and of to is are with your this that for which".split())
# English titles a French or Spanish page cites as published (a reader looks them up by that title).
# Markdown and HTML italics hold the cited titles of the pages' prose; publishers are names.
CITED = (
    re.compile(r"Protocol to Prevent, Suppress and Punish Trafficking in Persons[^.;\n]*", re.IGNORECASE),
    re.compile(r"Global Report on Trafficking in Persons[^.;\n]*", re.IGNORECASE),
    re.compile(r"(?<![*\w])\*[^*]+\*(?![*\w])|<(em|i)>.*?</\1>", re.DOTALL),
    re.compile(r"IOM, with UNODC and ILO|The Alliance for Child Protection in Humanitar\w*( Action)?"),
)
_CODE = re.compile(r"<(code|pre|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_TICKS = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"\(?https?://\S+|\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"[.!?:;\n•]+")
_WORD = re.compile(r"[A-Za-z']+")
# Widget model fields a trainee reads (ipywidgets 8 state).
_WIDGET_FIELDS = ("description", "tooltip", "placeholder", "value", "_options_labels", "_titles", "titles",
                  "button_style_label")
_TEXT_MODELS = {"HTMLModel", "HTMLMathModel", "LabelModel", "ButtonModel", "TextModel", "TextareaModel"}


def pages() -> list[Path]:
    """Every course page: START_HERE, the session notebooks and the session mini-apps."""
    found = [NOTEBOOKS / "START_HERE.ipynb"]
    found += sorted(NOTEBOOKS.glob("session*/[0-9][0-9]_*.ipynb"))
    found += sorted(NOTEBOOKS.glob("session*/app_*.ipynb"))
    return found


def english_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (HTML or markdown) that the rule calls English."""
    text = _CODE.sub(" ", text)
    text = _FENCE.sub(" ", text)
    text = _TICKS.sub(" ", text)
    text = _URL.sub(" ", text)
    for cited in CITED:
        text = cited.sub(" ", text)
    text = html.unescape(_TAG.sub(" ", text))
    found = []
    for sentence in _SENTENCE.split(text):
        words = {w.lower() for w in _WORD.findall(sentence)}
        if len(words & ENGLISH_WORDS) >= 2:
            found.append(" ".join(sentence.split())[:160])
    return found


def _plotly_texts(fig: dict[str, Any]) -> list[str]:
    texts = []
    layout = fig.get("layout") or {}

    def title(obj: Any) -> None:
        if isinstance(obj, dict):
            obj = obj.get("text")
        if isinstance(obj, str):
            texts.append(obj)

    title(layout.get("title"))
    for key, value in layout.items():
        if isinstance(value, dict) and re.match(r"[xy]axis\d*$|coloraxis$|legend$", key):
            title(value.get("title"))
            title((value.get("colorbar") or {}).get("title"))
    texts += [a.get("text", "") for a in layout.get("annotations") or [] if isinstance(a, dict)]
    texts += [t.get("name", "") for t in fig.get("data") or [] if isinstance(t.get("name"), str)]
    return texts


def seen_texts(nb: Any) -> list[tuple[str, str]]:
    """(where, text) for everything the trainee reads on an executed page."""
    seen: list[tuple[str, str]] = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            seen.append((f"cell {n} markdown", cell.source))
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                seen.append((f"cell {n} printed", output.get("text", "")))
            data = output.get("data") or {}
            if "application/vnd.plotly.v1+json" in data:
                for text in _plotly_texts(data["application/vnd.plotly.v1+json"]):
                    seen.append((f"cell {n} chart", text))
            if "text/html" in data:
                seen.append((f"cell {n} html", data["text/html"]))
            elif "text/markdown" in data:
                seen.append((f"cell {n} markdown output", data["text/markdown"]))
            elif "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data \
                    and "application/vnd.plotly.v1+json" not in data:
                seen.append((f"cell {n} text", data["text/plain"]))
    state = ((nb.metadata.get("widgets") or {}).get("application/vnd.jupyter.widget-state+json") or {})
    for model in (state.get("state") or {}).values():
        name = model.get("model_name", "")
        values = model.get("state") or {}
        for field in _WIDGET_FIELDS:
            value = values.get(field)
            if field == "value" and name not in _TEXT_MODELS:
                continue
            if field == "value" and name in {"TextModel", "TextareaModel"}:
                continue  # what the trainee typed, not what the page says
            items = value if isinstance(value, list) else [value]
            if isinstance(value, dict):
                items = list(value.values())
            for item in items:
                if isinstance(item, str) and item.strip():
                    seen.append((f"widget {name} {field}", item))
    return seen


def run_page(path: Path, lang: str, work: Path) -> Any:
    """Build ``path`` as course mode shows it in ``lang`` and execute it in a copy of its folder."""
    import nbformat
    from nbclient import NotebookClient

    from ctie_helpers.course.page import course_notebook

    folder = work / path.parent.name
    if not folder.exists():
        if path.parent == NOTEBOOKS:
            folder.mkdir(parents=True)
            shutil.copy2(path, folder / path.name)
        else:
            shutil.copytree(path.parent, folder,
                            ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints"))
    nb = course_notebook(nbformat.read(path, as_version=4), path.stem, lang=lang)
    saved = os.environ.get("CTIE_LANG")
    os.environ["CTIE_LANG"] = lang
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        if saved is None:
            os.environ.pop("CTIE_LANG", None)
        else:
            os.environ["CTIE_LANG"] = saved
    return nb


def audit(nb: Any) -> list[str]:
    """'where: sentence' for each English sentence on an executed page (each once)."""
    found: dict[str, None] = {}
    for where, text in seen_texts(nb):
        for sentence in english_sentences(text):
            found.setdefault(f"{where}: {sentence}", None)
    errors = [f"cell {n} ERROR {o.get('ename')}: {o.get('evalue')}" for n, c in enumerate(nb.cells)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return errors + list(found)


def main(argv: list[str]) -> int:
    import tempfile

    lang, stems = argv[0], set(argv[1:])
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in pages():
            if stems and path.stem not in stems:
                continue
            offenders = audit(run_page(path, lang, Path(tmp)))
            total += len(offenders)
            print(f"== {path.relative_to(NOTEBOOKS)}: {len(offenders)}", flush=True)
            for line in offenders:
                print("   ", line, flush=True)
    print(json.dumps({"lang": lang, "english": total}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
