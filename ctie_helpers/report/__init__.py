"""Reports: the analysis templates run on an analyst's own file, and what they may publish.

- :func:`run_report` (``ctie report``): load, map and check the file, run a template notebook with
  papermill, and write one folder with a self-contained HTML report (no code, plotly.js embedded from
  the installed package), gated CSV tables with an HXL row, ``mapping.json`` and ``cleaning_log.txt``;
- :func:`open_report`: the first call in every template notebook;
- :mod:`.publish`: gated tables (the only tables a report shows or writes);
- :mod:`.indicators`, :mod:`.mse`: the analyses behind the two templates; :mod:`.figures`: their charts.

Names are imported on first use (PEP 562), so ``import ctie_helpers.report`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "run_report": "runner", "ReportResult": "runner", "ReportFailed": "runner", "OutputFolderError": "runner",
    "TemplateInputError": "runner", "open_report": "context", "Report": "context", "TEMPLATES": "templates",
    "template_path": "templates", "load_input": "templates", "Published": "publish", "gated": "publish",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
