"""What the notebooks of session 1 show between exercises: tables, readings, lab and analysis helpers.

The exercise factories (``s1_<slug>``) and the data they need live in
:mod:`ctie_helpers.exercises.session1`; a notebook imports both::

    from ctie_helpers.exercises import session1 as ex
    from ctie_helpers.lessons import session1 as lesson
"""

from __future__ import annotations

from ctie_helpers.content import challenges, crisis, legal
from ctie_helpers.content._base import as_frame
from ctie_helpers.content.reading import reading_table

__all__ = ["elements_table", "criteria_table", "consent_table", "comparison_table", "challenges_table", "two_list_counts", "collapse", "mse_lab", "mse_table", "mse_lab_run", "crisis_table", "hpc_table", "data_types_table", "further_reading"]


# ----------------------------------------------------------------------------------------------------
# ``01_definitions``: the Palermo definition (1.1) and consent vs assent (1.2).
# ----------------------------------------------------------------------------------------------------

def elements_table():
    """Act, Means, Purpose with what each covers (Palermo Protocol Art. 3, paraphrased)."""
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd


    rows = [legal.element(k) for k in legal.ELEMENTS]
    return pd.DataFrame({"element": [r.key.capitalize() for r in rows], "asks": [r.question for r in rows],
                         "covers (at a minimum)": ["; ".join(r.items) for r in rows]}).set_index("element")


def criteria_table():
    """Adult vs child: which element combinations amount to trafficking."""
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd


    yn = {True: "yes", False: "no", None: "-"}
    return pd.DataFrame([{"victim": c.victim, "act": yn[c.act], "means": yn[c.means], "purpose": yn[c.purpose],
                          "trafficking?": yn[c.trafficking], "note": c.note} for c in legal.criteria()])


def consent_table():
    """Consent, assent, and research vs legal consent, in our own words."""
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd

    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    from ctie_helpers.content import legal

    return pd.Series(legal.consent_assent(), name="what it means").to_frame()


# ----------------------------------------------------------------------------------------------------
# ``02_trafficking_vs_smuggling``: trafficking or smuggling? (1.3, domain brief 2.3).
# ----------------------------------------------------------------------------------------------------

def comparison_table():
    """Trafficking vs migrant smuggling, dimension by dimension."""
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd

    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    from ctie_helpers.content import legal

    return pd.DataFrame([{"dimension": c.dimension, "migrant smuggling": c.smuggling,
                          "trafficking in persons": c.trafficking} for c in legal.comparison()]).set_index("dimension")


# ----------------------------------------------------------------------------------------------------
# ``03_global_estimates``: global estimates, research gaps and the multiple-systems-estimation lab (1.4)
# ----------------------------------------------------------------------------------------------------

def two_list_counts(table, a: str = "list_a", b: str = "list_b", count: str = "count"):
    """The three numbers a two-list estimate needs: people on ``a``, on ``b``, and on both.

    Returns a one-column DataFrame so the notebook displays it as a small table.
    """
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd

    on_a, on_b = table[a] == 1, table[b] == 1
    n_a, n_b = int(table.loc[on_a, count].sum()), int(table.loc[on_b, count].sum())
    both = int(table.loc[on_a & on_b, count].sum())
    name = f"lists {a.removeprefix('list_').upper()} and {b.removeprefix('list_').upper()}"
    return pd.DataFrame({name: [n_a, n_b, both]},
                        index=[f"people on {a}", f"people on {b}", "people on both (the overlap)"])


def collapse(table, lists: list[str], count: str = "count"):
    """The capture-history table seen by ``lists`` only (other lists ignored, all-zero row dropped)."""
    sub = table.groupby(list(lists), as_index=False)[count].sum()
    return sub[sub[list(lists)].sum(axis=1) > 0].reset_index(drop=True)


def mse_lab(table, count: str = "count") -> dict:
    """Estimates for the lab chart: two lists with and without dependence, then every list together,
    with the model chosen by SparseMSE's stepwise rule (the default) and by AIC.

    Returns ``{label: PopulationEstimate}``; the labels say which lists were used.
    """
    # Only 03_global_estimates runs the lab; at import it also pulled numpy and pandas into every session-1
    # page's first cell (1.2 s there; the pages' tables import pandas later, when they are drawn).
    # deferred: saves 70 ms at import of ctie_helpers.lessons.session1 (1.2 s with numpy and pandas)
    from ctie_helpers.analysis import estimate_population

    lists = [c for c in table.columns if c.startswith("list_")]
    out = {
        "A + B (two lists, A refers to B)": estimate_population(collapse(table, ["list_a", "list_b"], count), count=count),
        "A + C (two lists)": estimate_population(collapse(table, ["list_a", "list_c"], count), count=count),
        f"all {len(lists)} lists, stepwise (SparseMSE)": estimate_population(table, count=count),
        f"all {len(lists)} lists, AIC": estimate_population(table, count=count, method="aic"),
    }
    return out


def mse_table(results: dict):
    """The lab's estimates as a table: method, estimate and 95% interval (whole people), model chosen."""
    # deferred: saves <1 ms at import of ctie_helpers.lessons.session1 (under 20 ms, loaded machine: may move up)
    import pandas as pd

    rows = [{"lists and method": label, "estimate": round(r.estimate), "95% low": round(r.lower),
             "95% high": round(r.upper), "model": r.model} for label, r in results.items()]
    return pd.DataFrame(rows).set_index("lists and method")


def mse_lab_run(table, count: str = "count"):
    """The MSE lab behind a button: on click, :func:`mse_lab` runs and shows the estimates, the chart against
    the observed count and the true size, and the models the stepwise rule compared."""
    # deferred: saves 3 ms at import of ctie_helpers.lessons.session1 (under 20 ms, loaded machine: may move up)
    from ctie_helpers.data.synthetic.service_lists import true_population

    # deferred: saves 19 ms at import of ctie_helpers.lessons.session1 (under 20 ms, loaded machine: may move up)
    from ctie_helpers.plots.session1 import mse_comparison

    # deferred: saves 115 ms at import of ctie_helpers.lessons.session1
    from ctie_helpers.widgets import RunOnClick

    def render(results: dict) -> list:
        stepwise = next(r for label, r in results.items() if "stepwise" in label)
        return [mse_table(results),
                mse_comparison(results, true_size=true_population(), observed=int(table[count].sum())),
                "<p><b>The models the stepwise rule compared:</b></p>", stepwise.models_compared]

    return RunOnClick("Run the estimates", lambda: mse_lab(table, count), render,
                      intro="Fits four estimates of the population from the lists (takes a second or two).")


def challenges_table():
    """The methodological challenges of measuring trafficking (content registry)."""

    return as_frame(challenges.challenges()).drop(columns=["key", "confidence"]).set_index("title")


# ----------------------------------------------------------------------------------------------------
# ``04_tip_in_emergencies``: trafficking in persons in emergencies (1.5).
# ----------------------------------------------------------------------------------------------------

def crisis_table():
    """The typology of crisis-related trafficking (adapted from IOM practice)."""

    return as_frame(crisis.typology()).drop(columns=["key"]).set_index("number")


# ----------------------------------------------------------------------------------------------------
# ``05_ctie_im``: IM in emergencies, the purpose of CTiE IM and its data types (1.6-1.8)
# ----------------------------------------------------------------------------------------------------

def data_types_table():
    """The six CTiE data types with unit, sources and sensitivity (adapted from IOM practice)."""
    # deferred: saves 20 ms at import of ctie_helpers.lessons.session1
    from ctie_helpers.content import data_types

    return data_types.data_types_frame().drop(columns=["key"]).set_index("name")


def hpc_table():
    """The humanitarian programme cycle and what CTiE IM brings to each step (adapted from IOM practice)."""
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session1
    import pandas as pd

    # deferred: saves 49 ms at import of ctie_helpers.lessons.session1
    from ctie_helpers.content import data_types

    return pd.DataFrame([{"step": h.order, "programme cycle": h.step, "what CTiE IM contributes": h.ct_contribution}
                         for h in data_types.hpc_steps()]).set_index("step")


# ----------------------------------------------------------------------------------------------------
# the further-reading table that closes every notebook of the session
# ----------------------------------------------------------------------------------------------------

def further_reading():
    """The further-reading catalogue entries for session 1 (title, year, publisher, summary)."""
    return reading_table(1)
