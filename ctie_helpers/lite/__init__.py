"""The offline edition (``ctie lite build``): the course as a static site on JupyterLite's Pyodide kernel."""
