"""``ctie report --lang es``: the report's own text, headings, date and figures in Spanish.

This round translates the report's template text (``ctie_helpers/report``); the data's own words (column
names, indicator names from the registry) and the gate's log lines stay English.
"""

from __future__ import annotations

import re

import pytest

from ctie_helpers import data
from ctie_helpers.analysis.mse import estimate_population
from ctie_helpers.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("english")]  # conftest: start from English


def test_report_lang_es_writes_a_spanish_report(tmp_path, capsys):
    lists = data.load("service_lists")
    src = tmp_path / "lists.csv"
    lists.to_csv(src, index=False)
    rc = main(["report", "--input", str(src), "--template", "mse", "--out", str(tmp_path / "out"), "--lang", "es"])
    assert rc == 0, capsys.readouterr().err
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html
    # What a reader sees: no scripts, styles or HTML comments (the template's own comment is English).
    page = re.sub(r"<script.*?</script>|<style.*?</style>|<!--.*?-->", "", html, flags=re.S)
    for spanish in ("Estimación del tamaño de una población (estimación por sistemas múltiples)",
                    "Tamaño estimado de la población", "Modelos comparados", "Historiales de captura",
                    "Cómo se leyó el archivo", "filtro de protección", "Elaborado el"):
        assert spanish in page, spanish
    for english in ("Estimated population size", "Models compared", "How the file was read",
                    "safeguards gate", "Produced:"):
        assert english not in page, english
    # Figures with Spanish separators: the estimate, written here by Python's own grouping, then swapped.
    ref = estimate_population(lists, count="count")
    def spanish(x: float) -> str:
        return f"{round(x):,}".replace(",", ".")

    sentence = re.search(r"estima <strong>([\d.]+)</strong> personas en total \(intervalo del 95\xa0%: "
                         r"de ([\d.]+) a ([\d.]+)\)", page)
    assert sentence and sentence.groups() == (spanish(ref.estimate), spanish(ref.lower), spanish(ref.upper))
    assert ref.upper >= 1000  # so that the thousands point is really tested
    # A Spanish date: "5 de diciembre de 2026".
    assert re.search(r"Elaborado el</strong> \d{1,2} de [a-z]+ de \d{4}", page)
