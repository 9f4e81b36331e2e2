"""HTML to PDF with Debian's headless Chromium: the one maker of PDFs (handouts, certificates).

Chromium's own ``--print-to-pdf`` is used rather than Playwright, which is a test-only dependency.
The page is written to a private temporary folder and opened as ``file://``; background networking
is switched off, and the pages we print load nothing from outside that folder. The PDF is written
atomically (``private=True`` for certificates, which carry names).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ctie_helpers.errors import UserError
from ctie_helpers.io import atomic_write

__all__ = ["CHROMIUM", "html_to_pdf"]

#: Debian's package; ``$CTIE_CHROMIUM`` names another build.
CHROMIUM = "/usr/bin/chromium"
_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000"]


def _chromium() -> str:
    exe = os.environ.get("CTIE_CHROMIUM") or CHROMIUM
    if not (Path(exe).is_file() or shutil.which(exe)):
        raise UserError(f"PDFs need Chromium ({exe}); on Debian/Ubuntu: sudo apt-get install chromium")
    return exe


def html_to_pdf(html: str, out: str | os.PathLike[str], *, private: bool = False, timeout: float = 90) -> Path:
    """Print the HTML page ``html`` to the PDF file ``out`` (A4, backgrounds on), written atomically.

    Parameters
    ----------
    html
        A complete page; it may refer only to files it embeds (data: URLs), nothing on a network.
    out
        The PDF to write (its folder is created).
    private
        Write it owner-only (0600): for anything carrying a trainee's name.
    timeout
        Seconds Chromium gets before the print counts as failed.
    """
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="ctie-pdf-") as tmp:
        page, pdf = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [_chromium(), *_ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise UserError(f"Chromium could not print {out.name} (exit {proc.returncode}): {proc.stderr[-500:]}")
        atomic_write(out, pdf.read_bytes(), private=private, parents=True)
    return out
