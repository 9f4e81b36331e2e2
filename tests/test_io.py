"""The one atomic writer (:mod:`ctie_helpers.io`) on a shared-machine layout.

Expected modes are the POSIX rule written out by hand: a new file gets 0666 less the umask (0664 under
umask 002, the group-shared layout of a course server; 0644 under 022), and a private file 0600 whatever
the umask. Each test sets the umask itself and restores it.
"""

from __future__ import annotations

import csv
import os
import stat
import zipfile

import pytest

from ctie_helpers.io import atomic_open, atomic_write, file_mode

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")


@pytest.fixture
def umask():
    """Set the process umask for one test, then restore it."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, shared", [(0o002, 0o664), (0o022, 0o644)])
def test_default_follows_umask_and_private_is_owner_only(tmp_path, umask, mask, shared):
    umask(mask)
    assert file_mode() == shared and file_mode(private=True) == 0o600
    data = atomic_write(tmp_path / "data.csv", "a,b\n1,2\n")
    sidecar = atomic_write(tmp_path / "01_x.answers.json", b"{}\n", private=True)
    assert _mode(data) == shared
    assert _mode(sidecar) == 0o600
    assert data.read_text(encoding="utf-8") == "a,b\n1,2\n" and sidecar.read_bytes() == b"{}\n"
    # Replacing a file gives the new file the chosen mode, not the old one's.
    atomic_write(data, "a,b\n3,4\n", private=True)
    assert _mode(data) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_x.answers.json", "data.csv"]


@pytest.mark.parametrize("mask", [0o002, 0o022])
def test_private_callers_write_owner_only(tmp_path, umask, mask):
    """The files that hold trainees' work: the answer sidecar, the hand-in zip, the gradebook."""
    from ctie_helpers.facilitator.grade_sheets import ManualEntry, write_manual
    from ctie_helpers.grading.store import AnswerStore
    from ctie_helpers.grading.submit import pack_submission

    umask(mask)
    work = tmp_path / "session1_tip_basics"
    work.mkdir()
    store = AnswerStore(work / "01_definitions.answers.json")
    store.set("s1_amp_elements", {"a": "Act"}, "bins")
    assert _mode(store.path) == 0o600
    (work / "01_definitions.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    result = pack_submission(work, "session1_tip_basics", trainee="t01", out=tmp_path / "out" / "t01.zip")
    assert _mode(result.zip_path) == 0o600
    sheet = tmp_path / "grades" / "manual.csv"
    write_manual(sheet, [ManualEntry("t01", "s1_x", "my answer", "rubric")])
    assert _mode(sheet) == 0o600


def test_failure_mid_write_keeps_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "grades.csv"
    atomic_write(target, "trainee,score\nt01,3\n")
    with pytest.raises(RuntimeError, match="disk full"):
        with atomic_open(target) as fh:
            csv.writer(fh).writerow(["trainee", "score"])
            fh.write("t01,")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "trainee,score\nt01,3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_failure_before_the_first_write_leaves_no_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_open(tmp_path / "new.zip", "wb"):
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_streaming_zip_and_parent_folder_created(tmp_path):
    target = tmp_path / "a" / "b" / "hand-in.zip"
    with pytest.raises(FileNotFoundError):  # like open(): a missing folder is an error unless asked for
        atomic_write(target, b"x")
    with atomic_open(target, "wb", private=True, parents=True) as fh, zipfile.ZipFile(fh, "w") as zf:
        zf.writestr("s1/timestamp.txt", "now\n")
    with zipfile.ZipFile(target) as zf:
        assert zf.read("s1/timestamp.txt") == b"now\n"


def test_text_is_written_as_given(tmp_path):
    """No newline translation, UTF-8 by default (names with accents survive)."""
    path = atomic_write(tmp_path / "t.csv", "nom\r\nJosé\n")
    assert path.read_bytes() == "nom\r\nJosé\n".encode()


def test_mode_must_write_a_whole_file(tmp_path):
    with pytest.raises(ValueError, match="'a'"):
        with atomic_open(tmp_path / "x", "a"):
            pass
