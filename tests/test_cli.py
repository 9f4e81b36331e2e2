"""The ``ctie`` dispatcher: every subcommand has --help, unknown ones fail cleanly, help is fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ctie_helpers import cli


def test_top_level_help_lists_every_subcommand(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    for name in cli.SUBCOMMANDS:
        assert name in out


@pytest.mark.parametrize("name", sorted(cli.SUBCOMMANDS))
def test_each_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([name, "--help"])
    assert exc.value.code == 0
    assert "usage: ctie " + name in capsys.readouterr().out


def test_unknown_subcommand_is_an_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_console_script_is_installed():
    bindir = __import__("pathlib").Path(sys.executable).parent
    out = subprocess.run([str(bindir / "ctie"), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ctie ")


def test_start_dry_run_binds_loopback_only(capsys):
    assert cli.main(["start", "--lab", "--dry-run", "--port", "8899", "--token", "abc"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8899/lab/tree/notebooks/START_HERE.ipynb?token=abc" in out
    assert "--ServerApp.ip=127.0.0.1" in out and "0.0.0.0" not in out
    assert cli.main(["start", "--dry-run", "--port", "8899"]) == 0  # course mode, the default
    out = capsys.readouterr().out
    assert "--Voila.ip=127.0.0.1" in out and "0.0.0.0" not in out
