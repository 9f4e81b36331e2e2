"""The questionnaire linter on French and Spanish questions: each rule fires on a question a survey
methodologist would flag for it, stays quiet on a well-worded one, and English findings are unchanged.

The questions are hand-written the way CTiE questionnaires are worded in French and Spanish; the expected
rule ids are the reviewer's judgement, not output of the linter.
"""

from __future__ import annotations

import pytest

from ctie_helpers import i18n
from ctie_helpers.errors import BadValueError
from ctie_helpers.methods.questionnaire import Question, findings_table, lint, lint_question

FR_OPTIONS = ("Oui", "Non", "Ne sait pas", "Préfère ne pas répondre")
ES_OPTIONS = ("Sí", "No", "No sabe", "Prefiere no responder")

GOOD = {
    "fr": Question("recruteurs", "Au cours des 3 derniers mois, des personnes sont-elles venues sur ce site "
                   "proposer du travail en ville ou à l'étranger ?", "select_one", FR_OPTIONS, "IND-10"),
    "es": Question("reclutadores", "En los últimos 3 meses, ¿han venido personas a este sitio ofreciendo "
                   "trabajo en la ciudad o en el extranjero?", "select_one", ES_OPTIONS, "IND-10"),
}

# (language, rule id) -> a question that breaks exactly that rule, otherwise well formed
BAD = {
    ("fr", "Q01"): Question("paye_menace", "Au cours des 3 derniers mois, avez-vous été payé en retard et "
                            "menacé au travail ?", "select_one", FR_OPTIONS, "IND-03"),
    ("fr", "Q02"): Question("danger", "Ne pensez-vous pas que les recruteurs de ce site sont un danger ?",
                            "select_one", FR_OPTIONS, "IND-10"),
    ("fr", "Q03"): Question("jamais_sans", "Est-il vrai que les enfants d'ici ne travaillent jamais sans être "
                            "accompagnés ?", "select_one", FR_OPTIONS, "IND-11"),
    ("fr", "Q04"): Question("traite", "Au cours des 3 derniers mois, avez-vous été victime de traite ?",
                            "select_one", FR_OPTIONS, "IND-03"),
    ("fr", "Q05"): Question("parti", "Un membre de votre ménage a-t-il quitté le ménage pour travailler ailleurs ?",
                            "select_one", FR_OPTIONS, "IND-06"),
    ("fr", "Q06"): Question("ecole", "Le mois dernier, tous les enfants d'âge scolaire du ménage sont-ils allés à "
                            "l'école ?", "select_one", ("Oui", "Non"), "IND-25"),
    ("fr", "Q07"): Question("tel_recruteur", "Quel est le numéro de téléphone de la personne qui a proposé le "
                            "travail ?", "text", (), "IND-10"),
    ("fr", "Q08"): Question("plats", "Quels plats les gens de ce site aiment-ils cuisiner ?", "text", (), None),
    ("fr", "Q09"): Question("dette", "Quel est le montant de la dette du ménage ?", "integer", (), "IND-05"),
    ("es", "Q01"): Question("pago_amenaza", "En los últimos 3 meses, ¿le pagaron tarde y lo amenazaron en el "
                            "trabajo?", "select_one", ES_OPTIONS, "IND-03"),
    ("es", "Q02"): Question("peligro", "¿No cree usted que los reclutadores de este sitio son un peligro?",
                            "select_one", ES_OPTIONS, "IND-10"),
    ("es", "Q03"): Question("nunca_sin", "¿Es cierto que los niños de aquí no trabajan nunca sin compañía?",
                            "select_one", ES_OPTIONS, "IND-11"),
    ("es", "Q04"): Question("trata", "En los últimos 3 meses, ¿fue usted víctima de trata?",
                            "select_one", ES_OPTIONS, "IND-03"),
    ("es", "Q05"): Question("se_fue", "¿Algún miembro de su hogar se ha ido a trabajar a otro lugar?",
                            "select_one", ES_OPTIONS, "IND-06"),
    ("es", "Q06"): Question("escuela", "El mes pasado, ¿fueron a la escuela todos los niños en edad escolar del "
                            "hogar?", "select_one", ("Sí", "No"), "IND-25"),
    ("es", "Q07"): Question("tel_reclutador", "¿Cuál es el número de teléfono de la persona que le ofreció el "
                            "trabajo?", "text", (), "IND-10"),
    ("es", "Q08"): Question("comida", "¿Qué comida les gusta cocinar a las personas de este sitio?", "text", (),
                            None),
    ("es", "Q09"): Question("deuda", "¿Cuánto dinero debe el hogar?", "integer", (), "IND-05"),
}

# (language, rule id) -> a question close to the bad one that a reviewer would let pass
FIXED = {
    ("fr", "Q01"): Question("paye_retard", "Au cours des 3 derniers mois, avez-vous été payé en retard ?",
                            "select_one", FR_OPTIONS, "IND-03"),
    ("fr", "Q03"): Question("jamais_paye", "Au cours des 3 derniers mois, n'avez-vous jamais été payé ?",
                            "select_one", FR_OPTIONS, "IND-03"),
    ("fr", "Q04"): Question("traite_bien", "Au cours des 3 derniers mois, votre employeur vous a-t-il bien traité ?",
                            "select_one", FR_OPTIONS, "IND-03"),
    ("fr", "Q04b"): Question("champ", "Votre ménage possède-t-il une exploitation agricole ?",
                             "select_one", FR_OPTIONS, "IND-09"),
    ("fr", "Q05"): Question("parti_3m", "Au cours des 12 derniers mois, un membre de votre ménage a-t-il quitté "
                            "le ménage pour travailler ailleurs ?", "select_one", FR_OPTIONS, "IND-06"),
    ("fr", "Q06"): Question("ecole_nsp", "Le mois dernier, tous les enfants d'âge scolaire du ménage sont-ils "
                            "allés à l'école ?", "select_one", ("Oui", "Non", "NSP", "Refus"), "IND-25"),
    ("fr", "Q07"): Question("offres", "Au cours des 3 derniers mois, combien de fois quelqu'un vous a-t-il proposé "
                            "un travail ?", "integer", (), "IND-10"),
    ("fr", "Q09"): Question("dette_fcfa", "Quel est le montant de la dette du ménage, en francs CFA ?", "integer", (),
                            "IND-05"),
    ("es", "Q01"): Question("pago_tarde", "En los últimos 3 meses, ¿le pagaron tarde?", "select_one", ES_OPTIONS,
                            "IND-03"),
    ("es", "Q03"): Question("nunca_pago", "En los últimos 3 meses, ¿no ha recibido nunca su salario?",
                            "select_one", ES_OPTIONS, "IND-03"),
    ("es", "Q04"): Question("trata_bien", "En los últimos 3 meses, ¿su empleador le trata bien?",
                            "select_one", ES_OPTIONS, "IND-03"),
    ("es", "Q04b"): Question("finca", "¿Su hogar tiene una explotación agrícola?", "select_one", ES_OPTIONS,
                             "IND-09"),
    ("es", "Q05"): Question("se_fue_12m", "En los últimos 12 meses, ¿algún miembro de su hogar se ha ido a "
                            "trabajar a otro lugar?", "select_one", ES_OPTIONS, "IND-06"),
    ("es", "Q06"): Question("escuela_nsnc", "El mes pasado, ¿fueron a la escuela todos los niños en edad escolar "
                            "del hogar?", "select_one", ("Sí", "No", "NS/NC"), "IND-25"),
    ("es", "Q07"): Question("ofertas", "En los últimos 3 meses, ¿cuántas veces le han ofrecido un trabajo?",
                            "integer", (), "IND-10"),
    ("es", "Q09"): Question("deuda_pesos", "¿Cuánto dinero debe el hogar, en pesos?", "integer", (), "IND-05"),
}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_well_worded_question_passes(lang):
    assert lint_question(GOOD[lang], lang=lang) == []


@pytest.mark.parametrize(("lang", "rule_id"), sorted(BAD))
def test_each_rule_flags_its_bad_question(lang, rule_id):
    ids = [f.rule_id for f in lint_question(BAD[lang, rule_id], lang=lang)]
    assert ids == [rule_id], f"{BAD[lang, rule_id].label!r} gave {ids}"


@pytest.mark.parametrize(("lang", "case"), sorted(FIXED))
def test_the_reworded_question_passes(lang, case):
    assert lint_question(FIXED[lang, case], lang=lang) == [], FIXED[lang, case].label


def test_every_rule_has_a_bad_example_in_each_language():
    for lang in ("fr", "es"):
        assert {rule for code, rule in BAD if code == lang} == {f"Q0{n}" for n in range(1, 10)}


@pytest.mark.parametrize(("lang", "label", "expected"), [
    # the brief's own example: two questions in one, and no time frame
    ("fr", "Avez-vous travaillé sans être payé et avez-vous été menacé ?", ["Q01", "Q05"]),
    ("fr", "Au cours des 3 derniers mois, avez-vous travaillé sans être payé ?", []),
    ("fr", "Avez-vous été payé ? Avez-vous eu des jours de repos ?", ["Q01", "Q05"]),
    ("fr", "N'êtes-vous pas d'accord que les passeurs sont des criminels ?", ["Q02"]),
    ("fr", "Au cours des 3 derniers mois, avez-vous été soumis au travail forcé ?", ["Q04"]),
    ("fr", "Avez-vous connu l'esclavage moderne pendant votre voyage ?", ["Q04"]),
    ("fr", "Quel est le nom de la personne qui vous a recruté ?", ["Q07"]),
    ("fr", "Quelle est votre adresse ?", ["Q07"]),
    ("es", "¿Trabajó sin recibir pago y fue amenazado?", ["Q01", "Q05"]),
    ("es", "Durante su viaje, ¿trabajó sin recibir el pago prometido?", []),
    ("es", "En los últimos 3 meses, ¿ha sido sometido a trabajo forzoso?", ["Q04"]),
    ("es", "¿Conoce casos de esclavitud moderna en su comunidad?", ["Q04"]),
    ("es", "¿Cuál es su nombre completo?", ["Q07"]),
    ("es", "¿Cuál es la dirección de su vivienda?", ["Q07"]),
    ("es", "Obviamente los reclutadores mienten, ¿verdad?", ["Q02"]),
    # present-tense questions and headings: no time frame needed, nothing asked twice
    ("fr", "Avez-vous du travail en ce moment ?", []),
    ("fr", "Les membres du ménage ont-ils tous été payés au cours du dernier mois ?", []),
    ("fr", "Les membres du ménage ont-ils tous été payés ?", ["Q05"]),
    ("es", "La edad y el sexo de la persona encuestada", []),
    ("es", "¿Tiene usted trabajo en este momento?", []),
])
def test_more_wordings(lang, label, expected):
    options = FR_OPTIONS if lang == "fr" else ES_OPTIONS
    q = Question("q", label, "select_one", options, "IND-03")
    assert [f.rule_id for f in lint_question(q, lang=lang)] == expected


@pytest.mark.parametrize(("lang", "options"), [
    ("fr", FR_OPTIONS), ("fr", ("Oui", "Non", "Je ne sais pas", "Refuse de répondre")),
    ("fr", ("Oui", "Non", "Ne sais pas", "Pas de réponse")),
    ("es", ES_OPTIONS), ("es", ("Sí", "No", "No sé", "No responde")), ("es", ("Sí", "No", "NS/NC")),
])
def test_dont_know_and_refusal_options_are_recognised(lang, options):
    q = Question("q", GOOD[lang].label, "select_one", options, "IND-10")
    assert lint_question(q, lang=lang) == []


@pytest.mark.parametrize(("lang", "options", "missing"), [
    ("fr", ("Oui", "Non", "Ne sait pas"), "Prefer not to answer"),
    ("fr", ("Oui", "Non", "Préfère ne pas répondre"), "Don't know"),
    ("es", ("Sí", "No", "No sabe"), "Prefer not to answer"),
    ("es", ("Sí", "No", "Prefiere no responder"), "Don't know"),
])
def test_a_missing_option_is_named(lang, options, missing):
    (finding,) = lint_question(Question("q", GOOD[lang].label, "select_one", options, "IND-10"), lang=lang)
    assert finding.rule_id == "Q06" and f"'{missing}'" in finding.explanation
    assert "'Don't know' and" not in finding.explanation


def test_english_options_in_a_french_form_are_not_taken_for_french():
    q = Question("q", GOOD["fr"].label, "select_one", ("Yes", "No", "Don't know", "Prefer not to answer"), "IND-10")
    assert [f.rule_id for f in lint_question(q, lang="fr")] == ["Q06"]


def test_the_jargon_found_is_quoted_with_its_accents():
    (finding,) = lint_question(BAD["es", "Q04"], lang="es")
    assert "'víctima'" in finding.explanation


def test_typographic_apostrophes_and_missing_accents():
    q = Question("q", "Au cours des 3 derniers mois, n’avez-vous jamais ete paye sans contrat ?", "select_one",
                 ("Oui", "Non", "Ne sait pas", "Prefere ne pas repondre"), "IND-03")
    assert [f.rule_id for f in lint_question(q, lang="fr")] == ["Q03"]


def test_default_language_is_the_one_in_force():
    i18n.set_language("es")
    try:
        assert [f.rule_id for f in lint([BAD["es", "Q06"]])] == ["Q06"]
        assert lint([GOOD["es"]]) == []
    finally:
        i18n.set_language(None)
    # in English, Spanish options are not recognised as "don't know" / "prefer not to answer"
    assert "Q06" in [f.rule_id for f in lint([GOOD["es"]])]


def test_unknown_language_is_refused_by_name():
    with pytest.raises(BadValueError, match="'de'"):
        lint([GOOD["fr"]], lang="de")


def test_findings_table_headings_follow_the_language_in_force_not_the_questions():
    table = findings_table(lint(BAD.values(), lang="fr"))
    assert list(table.columns) == ["question", "rule", "why it matters"]


# English: the findings the linter gave before it read other languages (rule ids written out by hand).
ENGLISH = [
    ("Were you paid late and threatened by your employer?", "select_one", ("Yes", "No"), ["Q01", "Q05", "Q06"]),
    ("Don't you agree that brokers are criminals?", "select_one", ("Yes", "No"), ["Q02", "Q06"]),
    ("In the last 3 months, were you smuggled?", "select_one", ("Yes", "No", "Not sure", "Refused"), ["Q04"]),
    ("Has anyone in your household left to work elsewhere?", "text", (), ["Q05"]),
    ("What is the phone number of the person who offered the job?", "text", (), ["Q07"]),
    ("Isn't it true you never left?", "text", (), ["Q02", "Q03"]),
    ("How old are you?", "integer", (), ["Q09"]),
    ("How much were you paid per month, in local currency?", "integer", (), []),
    ("Since the flood, have you moved?", "text", (), []),
]


@pytest.mark.parametrize(("label", "qtype", "choices", "expected"), ENGLISH)
def test_english_findings_are_unchanged(label, qtype, choices, expected):
    q = Question("q", label, qtype, choices, "IND-01")
    assert [f.rule_id for f in lint_question(q, lang="en")] == expected
    assert lint_question(q, lang="en") == lint_question(q)  # English is in force in the tests


# --- the questionnaire builder (ctie app questionnaire) speaks the trainee's language ---------------------

@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_builder_example_draft_has_the_same_mistakes_in_each_language(lang):
    from ctie_helpers.apps.questionnaire import QuestionnaireBuilder

    app = QuestionnaireBuilder(lang=lang)
    assert {(f.question, f.rule_id) for f in app.findings} == {
        ("debt_leave", "Q01"), ("trafficked", "Q04"), ("trafficked", "Q05"), ("trafficked", "Q06"),
        ("trafficked", "Q08"), ("phone", "Q07"), ("phone", "Q08")}


def test_builder_follows_the_language_in_force_and_lints_what_the_trainee_types():
    from ctie_helpers.apps import build_questionnaire

    i18n.set_language("fr")
    try:
        app = build_questionnaire()
    finally:
        i18n.set_language(None)
    assert app.lang == "fr" and app.questions[0]["label"].startswith("Au cours des 3 derniers mois")
    app.question_list.value = "trafficked"
    app.label.value = "Au cours des 12 derniers mois, quelqu'un vous a-t-il empêché de quitter un travail ?"
    app.choices.value = "Oui\nNon\nNe sait pas\nPréfère ne pas répondre"
    app.indicator.value = "IND-03"
    app.add_button.click()
    assert not [f for f in app.findings if f.question == "trafficked"]


# the session 5 notebook's draft (lesson.questionnaire_editor): the same mistakes in each language
STARTER_FINDINGS = {("debt", "Q01"), ("debt", "Q06"), ("member_left", "Q01"), ("member_left", "Q05"),
                    ("trafficked", "Q04"), ("trafficked", "Q05"), ("trafficked", "Q06"), ("trafficked", "Q08"),
                    ("recruiter", "Q07")}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_session5_starter_draft_has_the_same_mistakes_in_each_language(lang):
    from ctie_helpers.lessons import session5 as lesson

    questions = lesson.starter_questions(lang)
    assert {(f.question, f.rule_id) for f in lint(questions, lang)} == STARTER_FINDINGS
    assert [q["name"] for q in questions] == ["hh_size", "debt", "member_left", "trafficked", "recruiter", "aware"]


def test_session5_editor_follows_the_language_in_force():
    from ctie_helpers.lessons import session5 as lesson

    i18n.set_language("es")
    try:
        editor = lesson.questionnaire_editor()
        report = lesson.lint_report(lesson.starter_questions())
    finally:
        i18n.set_language(None)
    assert editor.lang == "es" and editor.questions[3]["label"] == "¿Alguien de su hogar fue víctima de trata?"
    assert {(f.question, f.rule_id) for f in editor.findings} == STARTER_FINDINGS
    assert len(report) == len(STARTER_FINDINGS)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_session4_draft_question_is_flagged_for_jargon_in_each_language(lang):
    from ctie_helpers.lessons import session4

    editor = session4.question_editor(lang)
    assert editor.lang == lang
    assert [(f.question, f.rule_id) for f in editor.findings] == [("children_work_outside", "Q04"),
                                                                  ("children_work_outside", "Q06")]


def test_rule_names_keep_the_ids_and_give_the_english_names_in_english():
    from ctie_helpers.methods.questionnaire import rule_names

    names = rule_names()
    assert list(names) == [f"Q0{n}" for n in range(1, 10)]
    assert names["Q01"] == "double-barrelled" and names["Q09"] == "number without a unit"
