"""Data: the synthetic datasets' registry and typed loaders, and the fictional geography.

Names are resolved lazily (PEP 562), so ``import ctie_helpers.data`` stays cheap and a module is imported only
when one of its names is first used. To export more names, add them to ``_LAZY``.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "load": "ctie_helpers.data.registry",
    "list_datasets": "ctie_helpers.data.registry",
    "dataset": "ctie_helpers.data.registry",
    "generate": "ctie_helpers.data.registry",
    "validate_frame": "ctie_helpers.data.registry",
    "DATASETS": "ctie_helpers.data.registry",
    "SchemaError": "ctie_helpers.data.registry",
    "geography": "ctie_helpers.data.geography",
    # an analyst's own files (CSV/XLSX/HXL): ARCHITECTURE 5, the analyst's path
    "load_table": "ctie_helpers.data.loaders",
    "list_sheets": "ctie_helpers.data.loaders",
    "InputFileError": "ctie_helpers.data.errors",
    "map_columns": "ctie_helpers.data.mapping",
    "check_values": "ctie_helpers.data.mapping",
    "ColumnMapping": "ctie_helpers.data.mapping",
    "MappingError": "ctie_helpers.data.mapping",
    # KoboToolbox/ODK exports (load_table calls prepare_export for a recognised export)
    "prepare_export": "ctie_helpers.data.kobo",
    "read_xlsform": "ctie_helpers.data.kobo",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.endswith(f".{name}") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
