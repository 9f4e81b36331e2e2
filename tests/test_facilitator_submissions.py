"""Finding each trainee's hand-in for a session: nbgrader folders and ``ctie submit`` zips alike."""

from __future__ import annotations

import shutil
import zipfile

from ctie_helpers.facilitator.submissions import find_submissions
from tests.fixtures.course.course_copy import FIXTURE, FIXTURE_SESSION

S = FIXTURE_SESSION


def test_collect_accepts_folders_and_zips_and_reports_odd_ones(tmp_path):
    d = tmp_path / "handins"
    shutil.copytree(FIXTURE / S, d / "bea" / S)
    shutil.copytree(FIXTURE / S, d / "flat")  # notebooks right in the trainee folder
    (d / "other").mkdir()  # a trainee folder for another session only
    with zipfile.ZipFile(d / "bea.zip", "w") as zf:
        zf.writestr(f"{S}/01_basics.ipynb", "{}")
    with zipfile.ZipFile(d / "cy.zip", "w") as zf:
        zf.write(FIXTURE / S / "01_basics.ipynb", "mywork/01_basics.ipynb")
    with zipfile.ZipFile(d / "evil.zip", "w") as zf:
        zf.writestr("../../escaped.ipynb", "{}")
    (d / "junk.zip").write_bytes(b"PK not really")
    subs = {s.trainee: s for s in find_submissions(d, S, tmp_path / "staging")}
    assert sorted(subs) == ["bea", "cy", "evil", "flat", "junk"]
    assert subs["bea"].folder == d / "bea" / S and "bea.zip was ignored" in subs["bea"].notes[0]
    assert subs["cy"].folder.name == "mywork" and "has no session0_fixture/ folder" in subs["cy"].notes[0]
    assert "unsafe path" in subs["evil"].problem and not (tmp_path / "escaped.ipynb").exists()
    assert "not a readable zip" in subs["junk"].problem
    assert "directly in flat/" in subs["flat"].notes[0]
