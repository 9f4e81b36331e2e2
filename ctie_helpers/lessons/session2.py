"""What the notebooks of session 2 show between exercises: tables, readings, lab and analysis helpers.

The exercise factories (``s2_<slug>``) and the data they need live in
:mod:`ctie_helpers.exercises.session2`; a notebook imports both::

    from ctie_helpers.exercises import session2 as ex
    from ctie_helpers.lessons import session2 as lesson
"""

from __future__ import annotations

from ctie_helpers.content import data_responsibility, pim
from ctie_helpers.content.reading import reading_table
from ctie_helpers.i18n.catalog import gettext as _

__all__ = ["process_table", "matrix_table", "red_lines", "pim_definition", "principles_table", "safeguard", "CASE_QI", "k_report", "unique_count", "citizenship_by_gender", "suppress", "dp_release", "dp_demo", "sensitivity_table", "further_reading"]


# ----------------------------------------------------------------------------------------------------
# ``01_ethics_and_pim``: ethical concerns (2.1) and Protection Information Management (2.2)
# ----------------------------------------------------------------------------------------------------

def matrix_table():
    """The PIM Matrix categories, what each does, and the CT data it can yield."""

    return pim.matrix_frame()[["name", "description", "ct_data"]].set_index("name")


def process_table():
    """The four PIM Process steps in order."""

    return pim.process_frame() if hasattr(pim, "process_frame") else __import__("pandas").DataFrame(
        [{"step": s.order, "name": s.name, "what happens": s.description} for s in pim.process()]).set_index("step")


def red_lines():
    """Do-no-harm red lines for CT data (adapted from IOM practice), as a one-column table."""
    # deferred: saves 1464 ms at import of ctie_helpers.lessons.session2
    import pandas as pd


    lines = data_responsibility.ct_red_lines()
    return pd.DataFrame({f"red line ({lines.source})": list(lines.items)})


def pim_definition():
    """The PIM definition with its source, as Markdown."""
    # deferred: saves 310 ms at import of ctie_helpers.lessons.session2
    from IPython.display import Markdown


    d = pim.pim_definition()
    return Markdown(f"> {_(d.text)}\n>\n> *{_(d.source)}*")


# ----------------------------------------------------------------------------------------------------
# ``02_pim_principles``: the eight PIM principles: which fix does each broken plan need?
# ----------------------------------------------------------------------------------------------------

def principles_table():
    """The eight PIM principles with a one-line paraphrase and one practical safeguard each."""

    return pim.principles_frame()[["number", "name", "paraphrase", "safeguard", "agenda_point"]].set_index("number")


def safeguard(number: int):
    """One practical safeguard for principle ``number`` (1-8), as Markdown."""
    # deferred: saves 271 ms at import of ctie_helpers.lessons.session2
    from IPython.display import Markdown


    p = pim.principle(number)
    head = _("Safeguard in practice (%(principle)s):") % {"principle": _(p.name)}
    return Markdown(f"**{head}** {_(p.safeguard)}")


# ----------------------------------------------------------------------------------------------------
# ``03_data_responsibility_lab``: data responsibility in practice on ``case_records`` (2.7)
# ----------------------------------------------------------------------------------------------------

#: The quasi-identifiers of the lab: the combination the issue names (age band, gender, citizenship, year).
CASE_QI = ["ageBroad", "gender", "citizenship", "yearOfRegistration"]


def k_report(cases, k: int = 11, quasi_identifiers: list[str] | None = None):
    """k-anonymity of ``cases`` over :data:`CASE_QI` (blanks count as their own value, as an attacker would see them)."""
    # deferred: saves 1573 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.safeguards import k_anonymity

    return k_anonymity(cases, list(quasi_identifiers or CASE_QI), k=k)


def unique_count(report) -> int:
    """Records alone in their quasi-identifier group (k = 1)."""
    sizes = report.group_sizes["size"]
    return int((sizes == 1).sum())


def citizenship_by_gender(cases):
    """Cross-table of citizenship by gender with totals; blanks shown as 'not reported'."""
    # deferred: saves 1374 ms at import of ctie_helpers.lessons.session2
    import pandas as pd

    return pd.crosstab(cases["citizenship"].fillna("not reported"), cases["gender"].fillna("not reported"),
                       margins=True, margins_name="Total")


def suppress(table, threshold: int = 11):
    """Primary and complementary suppression of ``table`` (see :func:`ctie_helpers.safeguards.suppress_table`).

    11 is a cautious cell threshold of ours for case data; CTDC's k = 11 was a record-level rule, not a cell one.
    """
    # deferred: saves 1453 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.safeguards import suppress_table

    return suppress_table(table, threshold=threshold)


def dp_release(true_count: int, epsilon: float, rng=None) -> float:
    """One differentially private release of a count, via :func:`ctie_helpers.safeguards.dp_count`."""
    # deferred: saves 1405 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.safeguards import dp_count

    return dp_count(true_count, epsilon, rng=rng)


def dp_demo(report, epsilons: tuple[float, ...] = (0.1, 0.5, 1.0, 5.0), draws: int = 300):
    """The differential-privacy demonstration behind a button: on click, ``draws`` noisy releases of the
    number of unique records for each budget in ``epsilons``, shown as box plots (with their text alternative)."""
    # deferred: saves 169 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.plots.session2 import dp_spread

    # deferred: saves 467 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.widgets import RunOnClick

    return RunOnClick(_("Simulate %(draws)s noisy releases") % {"draws": draws},
                      lambda: dp_spread(unique_count(report), list(epsilons), dp_release, draws=draws),
                      intro=_("Releases the count of unique records %(draws)s times for each privacy budget ε, "
                              "with fresh noise each time (takes a second or two).") % {"draws": draws})


# ----------------------------------------------------------------------------------------------------
# ``04_sharing_triage``: data-sharing request triage (2.10).
# ----------------------------------------------------------------------------------------------------

def sensitivity_table():
    """The four sensitivity levels and the default sharing rule of each (IASC/OCHA practice)."""
    # deferred: saves 1612 ms at import of ctie_helpers.lessons.session2
    import pandas as pd

    # deferred: saves 0 ms at import of ctie_helpers.lessons.session2
    from ctie_helpers.content import data_responsibility

    return pd.DataFrame([{"level": s.name, "meaning": s.description, "default sharing": s.sharing_label}
                         for s in data_responsibility.sensitivity_levels()]).set_index("level")


# ----------------------------------------------------------------------------------------------------
# the further-reading table that closes every notebook of the session
# ----------------------------------------------------------------------------------------------------

def further_reading():
    """The further-reading catalogue entries for session 2 (title, year, publisher, summary)."""
    return reading_table(2)
