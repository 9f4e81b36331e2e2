"""Questionnaire builder: questions in, linter warnings, an XLSForm out (converted by the real pyxform).

Session 5 (methods). The linter is :func:`ctie_helpers.methods.questionnaire.lint` (double-barrelled,
leading, jargon, recall period, "don't know", identifying, orphan, units); the form is
:func:`ctie_helpers.methods.xlsform.build_xlsform`, which opens with a consent script, and
:func:`~ctie_helpers.methods.xlsform.convert` runs pyxform, the converter KoboToolbox and ODK use, so a
form that downloads here imports there.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from ctie_helpers.apps.ui import Status, download_link, guard, header, note, section, table_html
from ctie_helpers.content import indicators
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n import current_language, format_number, normalize
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.methods.questionnaire import as_question, findings_table, lint
from ctie_helpers.methods.xlsform import SUPPORTED_TYPES, build_xlsform, convert

__all__ = ["EXAMPLES", "EXAMPLE_QUESTIONS", "QuestionnaireBuilder", "build_questionnaire"]

NONE = "(none: orphan question)"
# The example draft's wording in each language: (yes/no, full options, labels). The same mistakes in each,
# since the linter reads the trainee's language and a French or Spanish trainee starts from questions in it.
_EXAMPLE_WORDING = {
    "en": (("Yes", "No"), ("Yes", "No", "Don't know", "Prefer not to answer"), (
        "In the last 3 months, have people come to this site offering work elsewhere?",
        "How many people live in this household, including you?",
        "In the last 12 months, has your household had debt it cannot repay and wanted to leave?",
        "Were you trafficked?",
        "What is your phone number?")),
    "fr": (("Oui", "Non"), ("Oui", "Non", "Ne sait pas", "Préfère ne pas répondre"), (
        "Au cours des 3 derniers mois, des personnes sont-elles venues sur ce site proposer du travail ailleurs ?",
        "Combien de personnes vivent dans ce ménage, vous compris ?",
        "Au cours des 12 derniers mois, votre ménage a-t-il eu une dette qu'il ne peut pas rembourser et a-t-il "
        "voulu partir ?",
        "Avez-vous été victime de traite ?",
        "Quel est votre numéro de téléphone ?")),
    "es": (("Sí", "No"), ("Sí", "No", "No sabe", "Prefiere no responder"), (
        "En los últimos 3 meses, ¿han venido personas a este sitio ofreciendo trabajo en otro lugar?",
        "¿Cuántas personas viven en este hogar, incluido usted?",
        "En los últimos 12 meses, ¿su hogar ha tenido una deuda que no puede pagar y ha querido irse?",
        "¿Fue usted víctima de trata?",
        "¿Cuál es su número de teléfono?")),
}


def _example(lang: str) -> tuple[dict, ...]:
    yes_no, full, labels = _EXAMPLE_WORDING[lang]
    return (
        {"name": "recruiters_seen", "type": "select_one", "choices": full, "indicator": "IND-10", "label": labels[0]},
        {"name": "hh_size", "type": "integer", "indicator": "IND-09", "label": labels[1]},
        {"name": "debt_leave", "type": "select_one", "choices": full, "indicator": "IND-05", "label": labels[2]},
        {"name": "trafficked", "type": "select_one", "choices": yes_no, "label": labels[3]},
        {"name": "phone", "type": "text", "label": labels[4]},
    )


#: A draft with mistakes worth finding (the linter flags the last three), in each language; names,
#: types and indicators are the same in every language.
EXAMPLES: dict[str, tuple[dict, ...]] = {lang: _example(lang) for lang in _EXAMPLE_WORDING}
#: The English draft.
EXAMPLE_QUESTIONS: tuple[dict, ...] = EXAMPLES["en"]
_W = {"description_width": "90px"}


class QuestionnaireBuilder(widgets.VBox):
    """The questionnaire builder. Editor: ``name``, ``qtype``, ``label``, ``choices``, ``indicator``,
    ``add_button``, ``remove_button``; list: ``question_list``; form: ``form_title``, ``build_button``.
    State and results: ``questions`` (list of dicts), ``findings`` (linter findings), ``lint_table``,
    ``xform`` (pyxform's XML), ``xlsform`` (the workbook bytes), ``download``.

    Parameters
    ----------
    questions
        The draft to start from (default: :data:`EXAMPLES` in ``lang``); a session notebook passes its own,
        so a trainee fixes questions in this form instead of editing Python.
    title
        The form title offered for the XLSForm.
    lang
        The language the trainee writes questions in, which the linter reads (``"en"``, ``"fr"``,
        ``"es"``; default: the language in force, the trainee's choice).
    """

    def __init__(self, questions: list[dict] | tuple[dict, ...] | None = None,
                 title: str = "CTiE site assessment", lang: str | None = None) -> None:
        self.status = Status()
        self.lang = normalize(lang or current_language())
        self.questions: list[dict] = [dict(q) for q in (EXAMPLES[self.lang] if questions is None else questions)]
        self.question_list = widgets.Select(rows=7, layout={"width": "560px"}, description="Questions", style=_W)
        self.name = widgets.Text(description="Name", placeholder="recruiters_seen", style=_W)
        self.qtype = widgets.Dropdown(options=list(SUPPORTED_TYPES), value="select_one", description="Type", style=_W)
        self.label = widgets.Textarea(description="Wording", rows=2, layout={"width": "560px"}, style=_W)
        self.choices = widgets.Textarea(description="Choices", rows=4, placeholder="one option per line",
                                        layout={"width": "300px"}, style=_W)
        self.indicator = widgets.Dropdown(options=[(NONE, "")] + [(f"{i.id} {_(i.name)[:50]}", i.id) for i in indicators()],
                                          description="Indicator", layout={"width": "560px"}, style=_W)
        self.add_button = widgets.Button(description="Add or update", button_style="primary")
        self.remove_button = widgets.Button(description="Remove selected")
        self.lint_table = widgets.HTML()
        self.form_title = widgets.Text(value=title, description="Form title", style=_W)
        self.build_button = widgets.Button(description="Build XLSForm", button_style="success")
        self.result = widgets.HTML()
        self.download = widgets.HTML()
        self.findings: list = []
        self.xform: str | None = None
        self.xlsform: bytes | None = None
        super().__init__([
            header("Questionnaire builder",
                   "Draft the questions of a CTiE data collection, see what a reviewer would flag, and download "
                   "an XLSForm for KoboToolbox or ODK (it starts with a consent script)."),
            section("1. Questions", self.question_list, widgets.HBox([self.remove_button])),
            section("2. Edit a question", self.name, self.qtype, self.label, self.choices, self.indicator,
                    self.add_button, note("Select a question above to edit it; a new name adds a question.")),
            self.status,
            section("3. Linter", self.lint_table),
            section("4. XLSForm", self.form_title, self.build_button, self.result, self.download),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        g = guard(self.status)
        self.question_list.observe(lambda _: g(self._edit_selected)(), "value")
        self.add_button.on_click(lambda _: g(self.add_question)())
        self.remove_button.on_click(lambda _: g(self.remove_question)())
        self.build_button.on_click(lambda _: g(self.build)())
        g(self._refresh)()

    def _refresh(self, select: str | None = None) -> None:
        self.question_list.options = [(f"{q['name']}: {q['label'][:70]}", q["name"]) for q in self.questions]
        if select is not None:
            self.question_list.value = select
        self.findings = lint(self.questions, self.lang)
        table = findings_table(self.findings)
        clean = len({q["name"] for q in self.questions} - {f.question for f in self.findings})
        summary = _("%(findings)s finding(s); %(clean)s of %(total)s question(s) with none.") % {
            "findings": len(self.findings), "clean": clean, "total": len(self.questions)}
        self.lint_table.value = (table_html(table, summary) if len(table) else
                                 "<p>" + html.escape(_("No findings: ready for cognitive testing and a pilot."))
                                 + "</p>")
        self.result.value = self.download.value = ""  # the form built before this change is out of date
        self.xform = self.xlsform = None

    def _edit_selected(self) -> None:
        q = next((q for q in self.questions if q["name"] == self.question_list.value), None)
        if q is None:
            return
        self.name.value, self.qtype.value, self.label.value = q["name"], q.get("type", "select_one"), q["label"]
        self.choices.value = "\n".join(q.get("choices", ()) or ())
        self.indicator.value = q.get("indicator") or ""

    def _current(self) -> dict:
        name = self.name.value.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BadValueError(f"question name {name!r} must start with a letter and use only letters, digits and "
                             "'_' (e.g. recruiters_seen)")
        if not self.label.value.strip():
            raise BadValueError("write the question's wording")
        choices = tuple(c.strip() for c in self.choices.value.splitlines() if c.strip())
        if self.qtype.value.startswith("select") and not choices:
            raise BadValueError(f"a {self.qtype.value} question needs its answer options, one per line")
        q = {"name": name, "label": " ".join(self.label.value.split()), "type": self.qtype.value,
             "choices": choices if self.qtype.value.startswith("select") else (),
             "indicator": self.indicator.value or None}
        as_question(q)  # the same validation the linter and the form builder apply
        return q

    def add_question(self) -> None:
        """Add the edited question, or replace the question with the same name."""
        q = self._current()
        i = next((i for i, old in enumerate(self.questions) if old["name"] == q["name"]), None)
        if i is None:
            self.questions.append(q)
        else:
            self.questions[i] = q
        self._refresh(select=q["name"])
        self.status.show(f"Question '{q['name']}' {'added' if i is None else 'updated'}.", "info")

    def remove_question(self) -> None:
        """Remove the selected question."""
        name = self.question_list.value
        if name is None:
            raise BadValueError("select a question to remove")
        self.questions = [q for q in self.questions if q["name"] != name]
        self._refresh()
        self.status.show(f"Question '{name}' removed.", "info")

    def build(self) -> None:
        """Build the XLSForm, convert it with pyxform, and offer the .xlsx for download."""
        if not self.questions:
            raise BadValueError("add at least one question first")
        title = self.form_title.value.strip() or "CTiE assessment"
        form_id = re.sub(r"[^a-z0-9_]+", "_", title.lower()).strip("_") or "ctie_assessment"
        data = build_xlsform(self.questions, form_title=title, form_id=form_id)
        xform, warnings = convert(data)
        self.xlsform, self.xform = data, xform
        warn = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        converted = _("pyxform converted the form: %(questions)s question(s) after the consent question, "
                      "%(characters)s characters of XForm.") % {"questions": len(self.questions),
                                                                "characters": format_number(len(xform))}
        self.result.value = (f"<p>{html.escape(converted)}</p>"
                             + ("<p>" + html.escape(_("pyxform warnings:")) + f"</p><ul>{warn}</ul>" if warnings else ""))
        self.download.value = download_link(
            data, f"{form_id}.xlsx", "Download the XLSForm (.xlsx)",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        unresolved = len(self.findings)
        self.status.show(_("XLSForm built and checked by pyxform; %(open)s linter finding(s) still open.")
                         % {"open": unresolved} if unresolved else _("XLSForm built and checked by pyxform."),
                         "warn" if unresolved else "info")


def build_questionnaire(lang: str | None = None) -> QuestionnaireBuilder:
    """The questionnaire builder, ready to display, in ``lang`` (default: the trainee's language)."""
    return QuestionnaireBuilder(lang=lang)
