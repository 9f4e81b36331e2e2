"""``ctie certificates``: PDFs only for trainees at or above the threshold in all five sessions (hand-written gradebook)."""

from __future__ import annotations

import stat

import pytest

from ctie_helpers.cli import main
from ctie_helpers.paths import SESSIONS

pypdf = pytest.importorskip("pypdf")

pytestmark = pytest.mark.slow  # each certificate is one headless Chromium print (about 1 s)

# (trainee as typed, total per session 1..5); every session is out of 10 points.
GRADES = {
    "Ana María O'Neill": [10, 8, 7, 9, 7],  # 70 % or more everywhere: certified at 70
    "Bo Chen": [10, 10, 10, 10, 6.5],      # 65 % in session 5: not certified at 70
    "Chidi Okafor": [9, 9, 9, 9, None],    # session 5 failed (not handed in): not certified
}


def _gradebook(root):
    (root / "notebooks").mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n")
    grades = root / "build" / "grades"
    grades.mkdir(parents=True)
    for i, session in enumerate(SESSIONS):
        lines = ["trainee,s_item,total,max_total,status"]
        for name, totals in GRADES.items():
            t = totals[i]
            lines.append(f'"{name}",{"" if t is None else t},{"" if t is None else t},10,'
                         + ("failed: no submission" if t is None else "graded"))
        (grades / f"{session}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_only_trainees_at_or_above_the_threshold_in_all_sessions_get_a_private_certificate(tmp_path, monkeypatch, capsys):
    root = tmp_path / "course"
    root.mkdir()
    _gradebook(root)
    monkeypatch.setenv("CTIE_ROOT", str(root))
    out = tmp_path / "certs"
    assert main(["certificates", "--threshold", "70", "--out", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == ["Ana_Mar_a_O_Neill.pdf"]
    pdf = out / files[0]
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "Certificate of completion" in text and "Ana María O'Neill" in text
    for title in ("Session 1", "Session 2", "Session 3", "Session 4", "Session 5"):
        assert title in text
    assert "Bo Chen" not in text and "%" not in text  # nothing but the one name; no scores


def test_a_missing_session_gradebook_is_named_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    root = tmp_path / "course"
    root.mkdir()
    _gradebook(root)
    (root / "build" / "grades" / f"{SESSIONS[2]}.csv").unlink()
    monkeypatch.setenv("CTIE_ROOT", str(root))
    assert main(["certificates", "--threshold", "50", "--out", str(tmp_path / "certs")]) == 2
    assert f"{SESSIONS[2]}.csv is missing" in capsys.readouterr().err
    assert not (tmp_path / "certs").exists()


def test_a_roster_prints_the_name_as_typed_for_a_hub_login(tmp_path, monkeypatch, capsys):
    root = tmp_path / "course"
    root.mkdir()
    _gradebook(root)
    monkeypatch.setenv("CTIE_ROOT", str(root))
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee,name\nAna María O'Neill,Dr Ana María O'Neill Quispe\nBo Chen,Bo Chen\n", encoding="utf-8")
    out = tmp_path / "certs"
    assert main(["certificates", "--threshold", "70", "--out", str(out), "--names", str(roster)]) == 0
    (pdf,) = out.iterdir()
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())
    assert "Dr Ana María O'Neill Quispe" in text
    # A certified trainee missing from the roster: refused, nothing written.
    roster.write_text("trainee,name\nBo Chen,Bo Chen\n", encoding="utf-8")
    assert main(["certificates", "--threshold", "70", "--out", str(tmp_path / "c2"), "--names", str(roster)]) == 2
    assert "no name for Ana María O'Neill" in capsys.readouterr().err and not (tmp_path / "c2").exists()
    # A roster with an empty cell is named by file, row and column.
    roster.write_text("trainee,name\nBo Chen,\n", encoding="utf-8")
    assert main(["certificates", "--threshold", "70", "--names", str(roster)]) == 2
    assert f"{roster}, row 2, column name: empty" in capsys.readouterr().err
