"""Pure analysis functions: population-size estimation, sampling, survey estimates, indicators, simulators.

Nothing here displays anything; notebooks, apps and reports turn these results into tables and charts.
Sub-modules are imported on first use so that ``import ctie_helpers.analysis`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "mse": ["PopulationEstimate", "estimate_population", "lincoln_petersen", "chapman", "two_list_interval"],
    "sampling": ["SampleSizeResult", "sample_size", "design_effect", "margin_of_error", "allocate",
                 "wilson_interval"],
    "survey": ["Estimate", "weighted_proportion", "by_group", "icc_anova"],
    "indicators": ["compute_indicator", "compare_rounds", "flag_changes"],
    "simulate": ["SyntheticPopulation", "make_population", "draw_sample", "compare_designs"],
    "rds": ["Network", "make_network", "simulate_rds", "rds_estimates", "rds_ii", "compare_rds"],
}

__all__ = sorted(name for names in _EXPORTS.values() for name in names)
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    # PEP 562 lazy export: `from ctie_helpers.analysis import estimate_population` imports only mse.
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
