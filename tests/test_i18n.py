"""The language room: the choice and where it is remembered, the catalogs, CLDR formats, the glossary.

Expected strings are written by hand from CLDR's data (French: narrow no-break space U+202F between
thousands, decimal comma; Spanish: point and comma) and from the official Protocol texts, never produced
by the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ctie_helpers import i18n
from ctie_helpers.content.glossary import glossary
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.catalog import po_path

REPO = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("english")  # conftest: start from English


# --- the choice ------------------------------------------------------------------------------------------

def test_choice_is_remembered_in_the_course_folder_and_read_from_a_session_page(tmp_path):
    course = tmp_path / "course"
    (course / "session1_tip_basics").mkdir(parents=True)
    assert i18n.current_language(course) == "en"
    path = i18n.remember_language("fr", course)
    assert path == course / ".ctie-settings.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"language": "fr"}
    # A session page's kernel runs in the session folder: it finds its course folder's choice.
    assert i18n.current_language(course / "session1_tip_basics") == "fr"
    i18n.remember_language("es", course)
    assert i18n.current_language(course) == "es"
    assert not list(course.glob("*.tmp*")) and not list(course.glob(".*tmp*"))  # written atomically, no leftovers


def test_remembering_keeps_other_settings(tmp_path):
    (tmp_path / ".ctie-settings.json").write_text('{"theme": "dark", "language": "en"}', encoding="utf-8")
    i18n.remember_language("es", tmp_path)
    assert json.loads((tmp_path / ".ctie-settings.json").read_text(encoding="utf-8")) == {"theme": "dark",
                                                                                            "language": "es"}


def test_order_of_precedence(tmp_path, monkeypatch):
    i18n.remember_language("es")  # the user's own settings
    assert i18n.current_language(tmp_path) == "es"
    i18n.remember_language("fr", tmp_path)  # the course folder wins over the user's settings
    assert i18n.current_language(tmp_path) == "fr"
    monkeypatch.setenv("CTIE_LANG", "es_ES")  # the variable overrides both
    assert i18n.current_language(tmp_path) == "es"
    i18n.set_language("en")  # and the process's own choice overrides everything
    assert i18n.current_language(tmp_path) == "en"


def test_a_broken_settings_file_or_variable_falls_back_instead_of_breaking_pages(tmp_path, monkeypatch):
    (tmp_path / ".ctie-settings.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CTIE_LANG", "klingon")
    assert i18n.current_language(tmp_path) == "en"


def test_unknown_language_is_refused_by_name():
    with pytest.raises(BadValueError, match="'de'.*en, fr, es"):
        i18n.normalize("de")


def test_ctie_course_lang_remembers_the_choice(tmp_path, capsys):
    from ctie_helpers.cli import main

    course = tmp_path / "course"
    course.mkdir()
    (course / "START_HERE.ipynb").write_text("{}", encoding="utf-8")
    assert main(["course", "--root", str(course), "--lang", "es", "--dry-run", "--no-browser"]) == 0
    assert i18n.current_language(course) == "es"
    assert main(["start", "--root", str(course), "--lang", "fr", "--dry-run", "--no-browser"]) == 0
    assert i18n.current_language(course) == "fr"


# --- the strings -----------------------------------------------------------------------------------------

def test_gettext_and_plural_rules():
    assert i18n.gettext("Course map", "fr") == "Plan du cours"
    assert i18n.gettext("Course map", "es") == "Mapa del curso"
    assert i18n.gettext("Course map", "en") == "Course map"
    # French counts 0 and 1 as singular, Spanish only 1 (CLDR plural rules).
    one, many = "about %(n)s minute", "about %(n)s minutes"
    assert i18n.ngettext(one, many, 0, "fr") == "environ %(n)s minute"
    assert i18n.ngettext(one, many, 0, "es") == "unos %(n)s minutos"
    assert i18n.ngettext(one, many, 2, "fr") == "environ %(n)s minutes"


def test_a_changed_english_string_makes_its_translation_stale(tmp_path):
    """What `update` does when the English changes: the old translation is kept but flagged fuzzy, and unused."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    old = Catalog(locale="fr")
    old.add("Hand in this session", "Remettre cette session")
    template = Catalog()
    template.add("Hand in this session now")
    old.update(template)
    buf = io.BytesIO()
    write_po(buf, old)
    again = read_po(io.BytesIO(buf.getvalue()), locale="fr")
    msg = again.get("Hand in this session now")
    assert msg.fuzzy and msg.string == "Remettre cette session"
    mo = io.BytesIO()
    write_mo(mo, again)  # fuzzy entries are left out of the compiled catalog
    mo.seek(0)
    import gettext

    assert gettext.GNUTranslations(mo).gettext("Hand in this session now") == "Hand in this session now"


def test_no_translated_call_hides_inside_an_f_string():
    """Python 3.11's tokenizer gives an f-string as one token: a _() inside it is never extracted."""
    cfg = (REPO / "ctie_helpers" / "i18n" / "babel.cfg").read_text(encoding="utf-8")
    rooms = re.findall(r"\[(?:python|ctie_calls): (ctie_helpers/\w+)/\*\*\.py\]", cfg)
    assert {"ctie_helpers/course", "ctie_helpers/report", "ctie_helpers/widgets", "ctie_helpers/exercises"} <= set(rooms)
    bad = [f"{p.relative_to(REPO)}:{n}" for room in rooms for p in sorted((REPO / room).rglob("*.py"))
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if re.search(r"""\bf(["']).*\{[^}]*\b_\(\s*["']""", line)]  # _(variable) is fine: marked N_
    assert not bad, f"move _() out of the f-string: {bad}"


# --- numbers and dates (CLDR) --------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "value", "expected"), [
    ("fr", 1234.5, "1\u202f234,5"),
    ("fr", 1234567, "1\u202f234\u202f567"),
    ("es", 1234.5, "1.234,5"),
    ("es", 12345.25, "12.345,25"),
    ("en", 1234.5, "1,234.5"),
])
def test_format_number(lang, value, expected):
    assert i18n.format_number(value, lang) == expected


def test_format_number_fixed_decimals():
    assert i18n.format_number(2.5, "fr", decimals=2) == "2,50"
    assert i18n.format_number(2.5, "es", decimals=0) == "2"  # half to even, as CLDR formatting rounds


def test_format_percent_keeps_the_sign_on_the_same_line():
    fr, es = i18n.format_percent(0.255, "fr", decimals=1), i18n.format_percent(0.25, "es")
    assert fr in ("25,5\u00a0%", "25,5\u202f%") and es == "25\u00a0%"
    assert i18n.format_percent(0.25, "en") == "25%"


def test_format_date():
    day = dt.date(2026, 12, 5)
    assert i18n.format_date(day, "fr") == "5 décembre 2026"
    assert i18n.format_date(day, "es") == "5 de diciembre de 2026"
    assert i18n.format_date(day, "en") == "5 December 2026"


def test_formats_follow_the_language_in_force(monkeypatch):
    monkeypatch.setenv("CTIE_LANG", "fr")
    assert i18n.format_number(1234.5) == "1\u202f234,5"


# --- the glossary -------------------------------------------------------------------------------------

def test_glossary_follows_the_protocols():
    terms = {t.id: t for t in glossary()}
    assert (terms["trafficking_in_persons"].fr, terms["trafficking_in_persons"].es) == (
        "traite des personnes", "trata de personas")
    assert (terms["smuggling_of_migrants"].fr, terms["smuggling_of_migrants"].es) == (
        "trafic illicite de migrants", "tráfico ilícito de migrantes")
    assert terms["recruitment"].es == "captación"  # Art. 3(a) of the Spanish text
    # Terms not confirmed from a source are marked, with a note saying what to check.
    review = [t for t in glossary() if t.review]
    assert {"act", "means", "purpose", "pim"} <= {t.id for t in review} and all(t.note for t in review)


#: Publication titles are cited as published (English): they are not terms to translate.
CITED_TITLES = ("Counter-Trafficking in Emergencies: Information Management Guide",
                "Global Report on Trafficking in Persons", "Multiple Systems Estimation",
                "Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse",
                "Counter-Trafficking Data Collaborative", "Addressing Human Trafficking and Exploitation in Times of Crisis")


def _entries(lang: str):
    """(English, translation) of every entry of the interface catalog, every notebook catalog and every
    session's graded explanations catalog (facilitator-side, shown in the feedback)."""
    from babel.messages.pofile import read_po

    from ctie_helpers.i18n import graded
    from ctie_helpers.i18n.notebooks import catalog_path, course_notebooks

    paths = [po_path(lang), *(catalog_path(nb, lang) for nb in course_notebooks()),
             *(graded.catalog_path(src, lang) for src in graded.explanation_files())]
    for path in paths:
        if not path.is_file():
            continue
        with path.open("rb") as fh:
            for msg in read_po(fh, locale=lang):
                if msg.id:
                    ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
                    strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
                    yield " ".join(ids), " ".join(s or "" for s in strings)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_catalogs_use_the_glossary_terms_and_never_the_forbidden_variants(lang):
    terms = glossary()
    # An approved form may contain a forbidden variant of another term ('Protocolo contra el tráfico
    # ilícito de migrantes' holds 'contra el tráfico'): approved forms are taken out before that check.
    approved = sorted({f.lower() for t in terms for f in t.forms(lang)}, key=len, reverse=True)
    wrong = []
    for english, translated in _entries(lang):
        if not translated.strip():
            continue  # not translated yet: tests/test_i18n_complete.py counts those
        english = " ".join(english.split())  # a title may be wrapped over two lines of markdown
        for title in CITED_TITLES:
            english = english.replace(title, "")
        low = " ".join(translated.lower().split())
        rest = low
        for form in approved:
            rest = rest.replace(form, " ")
        for t in terms:
            if (not t.polysemous and re.search(rf"\b{re.escape(t.en)}s?\b", english, re.IGNORECASE)
                    and not any(f.lower() in low for f in t.forms(lang))):
                wrong.append(f"{english[:60]!r}: {t.en!r} should be {t.word(lang)!r}")
            wrong += [f"{english[:60]!r}: uses {bad!r}" for bad in t.forbidden.get(lang, ()) if bad.lower() in rest]
    print(f"{lang}: {len(wrong)} terminology problems")
    assert not wrong, wrong


#: Numbers a translation may write as a word ("une soixantaine d'extraits", "arrondi à la dizaine").
_NUMBER_WORDS = {"10": ("dizaine", "decena"), "12": ("douzaine", "docena"), "20": ("vingtaine", "veintena"),
                 "60": ("soixantaine", "sesenta"), "100": ("centaine", "centena")}


def _numbers(text: str) -> Counter:
    text = re.sub(r"(?<=\d)[\u202f\u00a0 .,](?=\d{3}\b)", "", text)  # 1 234 / 1.234 / 1,234 -> 1234
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # 12,5 -> 12.5
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_translations_keep_every_number_of_the_english(lang):
    """A translation that says 36 minutes where the English now says 39 is stale even if not flagged fuzzy
    (a number edited in both the English and the catalog's msgid, but not in the translation)."""
    wrong = []
    for english, translated in _entries(lang):
        if not translated.strip():
            continue
        lost = _numbers(english) - _numbers(translated)
        low = translated.lower()
        lost = [n for n in lost if not any(w in low for w in _NUMBER_WORDS.get(n, ()))]
        if lost:
            wrong.append(f"{english[:60]!r}: {lang} lacks {', '.join(lost)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("decimals", [None, 0, 1, 2])
def test_english_numbers_are_written_as_babel_writes_them_without_needing_babel(decimals):
    """The offline edition ships no Babel: English numbers are formatted without it, exactly as Babel's
    CLDR formatting (the reference) writes them."""
    from babel.numbers import format_decimal

    from ctie_helpers.i18n.formats import format_number

    fmt = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    for value in (0, 1, -1, 7.5, 2.675, 0.125, 0.0004, 12.3456, 999.9996, 1234.5, -1234.5, 69627, 206000,
                  49_600_000, 1e9 + 0.5, 3.14159, 100.05, 0.5, 1.5, 2.5,
                  # not-a-number and infinity as Babel writes them by default (with fixed decimals Babel
                  # writes "NaN.0", which no reader needs: ours stays "NaN")
                  *((float("nan"), float("inf"), -float("inf")) if decimals is None else ())):
        assert format_number(value, "en", decimals) == format_decimal(value, format=fmt, locale="en"), value


def test_a_chart_text_alternative_is_written_without_babel_in_english():
    """What the offline edition's browser Python runs for session 1's capture-history chart: no Babel."""
    import os
    import subprocess
    import sys

    code = """if True:
        import sys
        class NoBabel:
            def find_spec(self, name, path=None, target=None):
                if name == "babel" or name.startswith("babel."):
                    raise ModuleNotFoundError(name)
        sys.meta_path.insert(0, NoBabel())
        from ctie_helpers.data import load
        from ctie_helpers.plots.alt import figure_outputs
        from ctie_helpers.plots.session1 import capture_histories
        outputs = figure_outputs(capture_histories(load("service_lists"), ["list_a", "list_b", "list_c", "list_d"]))
        print(outputs[1]["data"]["text/plain"])
    """
    env = {**os.environ, "CTIE_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "combinations" in done.stdout and "people" in done.stdout
