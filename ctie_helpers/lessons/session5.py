"""What the notebooks of session 5 show between exercises: tables, readings, lab and analysis helpers.

The exercise factories (``s5_<slug>``) and the data they need live in
:mod:`ctie_helpers.exercises.session5`; a notebook imports both::

    from ctie_helpers.exercises import session5 as ex
    from ctie_helpers.lessons import session5 as lesson
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.content.reading import reading_table
from ctie_helpers.i18n import current_language, normalize
from ctie_helpers.methods.questionnaire import findings_table, lint

__all__ = ["sample_size_steps", "calculator", "design_comparison", "designs_run", "rds_comparison", "rds_run", "starter_questions", "lint_report", "export_xlsform", "further_reading",
           "questionnaire_editor"]


# ----------------------------------------------------------------------------------------------------
# ``02_sampling``: selection of respondents: sampling (5.3).
# ----------------------------------------------------------------------------------------------------

def sample_size_steps(p: float = 0.5, margin: float = 0.05, confidence: float = 0.95, population: int | None = None,
                      deff: float = 1.0, nonresponse: float = 0.0) -> pd.DataFrame:
    """Every step of the sample-size calculation, with the final n in the last row's ``rounded_up``."""
    # deferred: saves 21 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.analysis.sampling import sample_size

    steps = sample_size(p, margin, confidence, population, deff, nonresponse).steps
    steps["value"] = steps["value"].round(2)
    return steps


def calculator():
    """A small sample-size calculator: sliders for each input, the steps table updating below them."""
    # deferred: saves 476 ms at import of ctie_helpers.lessons.session5
    import ipywidgets as w

    # deferred: saves 238 ms at import of ctie_helpers.lessons.session5
    from IPython.display import display

    style = {"description_width": "14em"}
    layout = w.Layout(width="32em")
    controls = {
        "p": w.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="Expected proportion p",
                           style=style, layout=layout),
        "margin": w.FloatSlider(value=0.05, min=0.02, max=0.15, step=0.01, description="Margin of error (±)",
                                style=style, layout=layout),
        "confidence": w.Dropdown(options=[0.90, 0.95, 0.99], value=0.95, description="Confidence", style=style),
        "population": w.IntText(value=0, description="Population N (0 = very large)", style=style),
        "deff": w.FloatSlider(value=1.0, min=1.0, max=4.0, step=0.1, description="Design effect", style=style,
                              layout=layout),
        "nonresponse": w.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, description="Non-response rate",
                                     style=style, layout=layout),
    }
    out = w.Output()

    def update(_change=None) -> None:
        args = {k: c.value for k, c in controls.items()}
        args["population"] = args["population"] if args["population"] and args["population"] > 0 else None
        out.clear_output(wait=True)
        with out:
            try:
                display(sample_size_steps(**args))
            except ValueError as exc:  # e.g. a population smaller than 1: say why, do not crash the widget
                print(f"Cannot compute: {exc}")

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return w.VBox([*controls.values(), out])


def design_comparison(reps: int = 300, n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Repeat five sampling designs on the synthetic population; bias, spread and RMSE in % points."""
    # deferred: saves 39 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.analysis.simulate import compare_designs, make_population

    table = compare_designs(make_population(seed=seed), n=n, reps=reps, seed=seed)
    for col in ("truth", "mean_estimate", "bias", "sd", "rmse"):
        table[col] = (100 * table[col]).round(1)
    return table


def rds_comparison(reps: int = 40, seed: int = 0) -> pd.DataFrame:
    """Naive share vs RDS-II estimate over repeated RDS samples on one network (in %)."""
    # deferred: saves 21 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.analysis.rds import compare_rds, make_network

    return (100 * compare_rds(make_network(seed=seed), reps=reps, seed=seed)).round(1)


_FORM_STYLE = {"description_width": "16em"}


def designs_run():
    """The sampling-designs simulation as a form: repetitions and sample size on sliders, and on
    "Run the simulation" the comparison table (:func:`design_comparison`) and the box plots of the estimates."""
    # deferred: saves 132 ms at import of ctie_helpers.lessons.session5
    import ipywidgets as w

    # deferred: saves 21 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.plots.session5 import designs_chart

    # deferred: saves 123 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.widgets import RunOnClick

    inputs = {"reps": w.IntSlider(value=300, min=50, max=500, step=50, description="Samples per design",
                                  style=_FORM_STYLE, layout=w.Layout(width="34em")),
              "n": w.IntSlider(value=400, min=100, max=1000, step=100, description="Interviews per sample",
                               style=_FORM_STYLE, layout=w.Layout(width="34em"))}
    return RunOnClick("Run the simulation", lambda reps, n: design_comparison(reps=reps, n=n),
                      lambda table: [table.drop(columns="estimates"), designs_chart(table)], inputs=inputs,
                      intro="Draws many samples of the same size from one synthetic population with each of five "
                            "designs, and compares their estimates with the true prevalence (a few seconds).")


def rds_run():
    """The RDS simulation as a form: how many repeated RDS samples, and on click the naive share against the
    RDS-II estimate (:func:`rds_comparison`, box plots with their text alternative)."""
    # deferred: saves 76 ms at import of ctie_helpers.lessons.session5
    import ipywidgets as w

    # deferred: saves 19 ms at import of ctie_helpers.lessons.session5 (under 20 ms, loaded machine: may move up)
    from ctie_helpers.plots.session5 import rds_chart

    # deferred: saves 157 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.widgets import RunOnClick

    reps = w.IntSlider(value=40, min=10, max=100, step=10, description="Repeated RDS samples", style=_FORM_STYLE,
                       layout=w.Layout(width="34em"))
    return RunOnClick("Run the RDS simulation", lambda reps: rds_comparison(reps=reps), rds_chart,
                      inputs={"reps": reps},
                      intro="Recruits respondents through a simulated network again and again, and compares the "
                            "naive sample share with the RDS-II estimate.")


# ----------------------------------------------------------------------------------------------------
# ``04_questionnaire_design``: survey questionnaire and survey design (5.8).
# ----------------------------------------------------------------------------------------------------

# The same draft with the same mistakes in each language (names, types and indicators shared): the linter
# reads the trainee's language, so a French or Spanish trainee fixes questions written in it.
_STARTER = {
    "en": (("Yes", "No"), ("Yes", "No", "Don't know", "Prefer not to answer"), (
        "How many people live in this household?",
        "Does your household owe money that it cannot pay back and is it threatened?",
        "Has any member of your household left to work elsewhere and lost contact?",
        "Was anyone in your household trafficked?",
        "What is the name of the person who offered the job?",
        "In the last 3 months, have you heard where to report abuse or unfair treatment at work?")),
    "fr": (("Oui", "Non"), ("Oui", "Non", "Ne sait pas", "Préfère ne pas répondre"), (
        "Combien de personnes vivent dans ce ménage ?",
        "Votre ménage doit-il de l'argent qu'il ne peut pas rembourser et est-il menacé ?",
        "Un membre de votre ménage est-il parti travailler ailleurs et a-t-il perdu le contact ?",
        "Quelqu'un de votre ménage a-t-il été victime de traite ?",
        "Quel est le nom de la personne qui a proposé le travail ?",
        "Au cours des 3 derniers mois, avez-vous entendu dire où signaler des abus ou un traitement injuste "
        "au travail ?")),
    "es": (("Sí", "No"), ("Sí", "No", "No sabe", "Prefiere no responder"), (
        "¿Cuántas personas viven en este hogar?",
        "¿Su hogar debe dinero que no puede pagar y está amenazado?",
        "¿Algún miembro de su hogar se ha ido a trabajar a otro lugar y ha perdido el contacto?",
        "¿Alguien de su hogar fue víctima de trata?",
        "¿Cuál es el nombre de la persona que ofreció el trabajo?",
        "En los últimos 3 meses, ¿ha oído dónde denunciar abusos o un trato injusto en el trabajo?")),
}


def starter_questions(lang: str | None = None) -> list[dict]:
    """A draft household questionnaire with typical mistakes, for the trainee to fix, in ``lang``
    (default: the language in force)."""
    yn, full, labels = _STARTER[normalize(lang or current_language())]
    return [
        {"name": "hh_size", "label": labels[0], "type": "integer", "indicator": "IND-09"},
        {"name": "debt", "label": labels[1], "type": "select_one", "choices": list(yn), "indicator": "IND-05"},
        {"name": "member_left", "label": labels[2], "type": "select_one", "choices": list(full),
         "indicator": "IND-06"},
        {"name": "trafficked", "label": labels[3], "type": "select_one", "choices": list(yn)},
        {"name": "recruiter", "label": labels[4], "type": "text", "indicator": "IND-10"},
        {"name": "aware", "label": labels[5], "type": "select_one", "choices": list(full), "indicator": "IND-04"},
    ]


def lint_report(questions: list[dict], lang: str | None = None) -> pd.DataFrame:
    """The linter's findings for a questionnaire written in ``lang`` (default: the language in force), one
    row per finding, or a one-line all-clear."""
    table = findings_table(lint(questions, lang))
    if table.empty:
        return pd.DataFrame({"result": [f"No problem found in {len(questions)} questions."]})
    return table


def export_xlsform(questions: list[dict], path: str = "my_questionnaire.xlsx") -> pd.DataFrame:
    """Write the XLSForm, convert it with pyxform as KoboToolbox would, and report the outcome."""
    # deferred: saves 1055 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.methods.xlsform import build_xlsform, convert

    build_xlsform(questions, path, form_title="Ardania household survey (training)", form_id="ardania_hh_training")
    xform, warnings = convert(path)
    rows = [("file", path), ("questions", str(len(questions))), ("pyxform", "converted without errors"),
            ("XForm size", f"{len(xform):,} characters"), ("warnings", "; ".join(warnings) or "none")]
    return pd.DataFrame(rows, columns=["item", "result"]).set_index("item")


# ----------------------------------------------------------------------------------------------------
# the further-reading table that closes every notebook of the session
# ----------------------------------------------------------------------------------------------------

def further_reading():
    """The further-reading catalogue entries for session 5 (title, year, publisher, summary)."""
    return reading_table(5)


def questionnaire_editor(lang: str | None = None):
    """The draft of :func:`starter_questions` in the questionnaire builder: the trainee selects a question,
    rewrites it in the form, sees the linter's findings update, and builds the XLSForm, all without code.
    The draft and the linter are in ``lang`` (default: the trainee's language)."""
    # deferred: saves 1448 ms at import of ctie_helpers.lessons.session5
    from ctie_helpers.apps.questionnaire import QuestionnaireBuilder

    lang = normalize(lang or current_language())
    return QuestionnaireBuilder(starter_questions(lang), title="Ardania household survey (training)", lang=lang)
