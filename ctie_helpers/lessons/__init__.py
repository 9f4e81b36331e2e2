"""What a notebook shows between exercises: one module per session (tables, readings, lab and analysis helpers).

:mod:`ctie_helpers.exercises` holds only exercise factories and the keys, options and items they use; the
tables a notebook displays, the labs it runs and the reading list it ends with live here, so that a
notebook's first cell imports both::

    from ctie_helpers.exercises import session1 as ex
    from ctie_helpers.lessons import session1 as lesson

Submodules are imported on use, so ``import ctie_helpers.lessons`` stays cheap.
"""

from ctie_helpers.lessons._display import install as _install_table_display

_install_table_display()  # in a kernel: tables shown in the language in force (display only, never the data)
