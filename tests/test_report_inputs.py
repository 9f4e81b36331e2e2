"""``ctie report`` on bad input and failing runs: exit codes, messages, nothing half-written (issue 7).

None of these cases reaches papermill (a bad file is refused before any folder exists), except the
template failure, which is simulated at the runner's execution step so the test stays fast. Each case
checks the input is unchanged (checksum) and that the output folder, and any staging folder, is absent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from ctie_helpers.cli import main
from ctie_helpers.report import runner
from ctie_helpers.report.publish import Published, gated, write_csv


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _report(capsys, tmp_path: Path, src: Path, *extra: str, template: str = "indicators") -> tuple[int, str]:
    before = _sha(src)
    rc = main(["report", "--input", str(src), "--template", template, "--out", str(tmp_path / "out" / "rep"), *extra])
    err = capsys.readouterr().err
    assert _sha(src) == before, "the input file was modified"
    assert not (tmp_path / "out").exists(), "a folder was left behind"
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]
    return rc, err


def _xlsx(*rows: list, title: str = "Data") -> bytes:
    """A small workbook's bytes (the loader reads workbooks with python-calamine since issue 15)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SITES = ("admin1_pcode,admin2_pcode,round,recruiters_reported\n"
         + "".join(f"XA01,XA0101,{r},{i % 2}\n" for r in (1, 2) for i in range(12)))


@pytest.mark.parametrize(
    "name,content,extra,template,match",
    [
        ("missing.csv", None, (), "indicators", r"missing.csv: file not found"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, (), "indicators",
         r"locked.xlsx: is password-protected"),
        ("corrupt.xlsx", b"PK\x03\x04 not a workbook", (), "indicators", r"corrupt.xlsx: is not a readable Excel"),
        ("empty.csv", b"", (), "indicators", r"empty.csv: the file is empty"),
        ("areas.csv", b"admin1_pcode,admin2_pcode,visits\nXA01,XA0101,120\n", (), "indicators",
         r"areas.csv: no registry indicator can be computed .*IND-\d\d needs '\w+' \(HXL #"),
        ("flags.csv", b"admin1_pcode,recruiters_reported\nXA01,1\nXA01,0\nXA02,2\n", (), "indicators",
         r"flags.csv, row 4, column 'recruiters_reported': impossible value 2 \(this column takes 0 \(no\) or 1"),
        ("flags.xlsx", _xlsx(["Site monitoring (synthetic)"], [], ["admin1_pcode", "recruiters_reported"],
                             ["XA01", 1], ["XA01", 0], ["XA02", 2]), (), "indicators",
         r"flags.xlsx, sheet 'Data', row 6, column 'recruiters_reported': impossible value 2"),
        ("sites.xlsx", _xlsx(["admin1_pcode"]), ("--sheet", "Sites"), "indicators",
         r"sites.xlsx: has no sheet named 'Sites'. Sheets in this file: 'Data'"),
        ("sites.csv", SITES.encode(), ("--sheet", "Data"), "indicators", None),  # a sheet on a CSV is only logged
        ("sites.csv", SITES.encode(), ("--mapping", "nope.json"), "indicators", r"nope.json: mapping file not found"),
        ("one_list.csv", b"police,count\n1,30\n0,12\n", (), "mse", r"one_list.csv: needs at least two list columns"),
        ("censored.csv", b"police,ngo,count\n1,0,30\n0,1,<5\n1,1,12\n", (), "mse",
         r"censored.csv, row 3, column 'count': a count is suppressed"),
        ("twos.csv", b"police,ngo,count\n1,0,30\n2,1,8\n1,1,12\n", ("--mapping", "map.json"), "mse",
         r"twos.csv, row 3, column 'police': a list column must hold 0 or 1, found 2"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, monkeypatch, name, content, extra, template, match):
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    if "map.json" in extra:  # lists named explicitly: 'police' is not auto-detected once it holds a 2
        (tmp_path / "map.json").write_text(json.dumps({"columns": {"police": "police", "ngo": "ngo",
                                                                   "count": "count"}}))
    monkeypatch.chdir(tmp_path)
    if match is None:  # control case: a good file with a useless --sheet runs up to the template (stubbed)
        monkeypatch.setattr(runner, "_execute", _fail_with(RuntimeError("stop here")))
        rc, err = _report(capsys, tmp_path, src, *extra, template=template)
        assert rc == 1 and "stop here" in err
        return
    rc, err = _report(capsys, tmp_path, src, *extra, template=template)
    assert rc == 2, err
    assert pd.Series([err]).str.contains(match, regex=True).iloc[0], err
    assert "Nothing was written" in err and "Traceback" not in err


def _fail_with(exc: BaseException):
    def execute(name, parameters, cwd, timeout):
        (Path(cwd) / "tables" / "half_written.csv").write_text("a,b\n1,")  # something to clean up
        raise exc
    return execute


def test_template_failure_exits_1_with_a_friendly_message(tmp_path, capsys, monkeypatch):
    src = tmp_path / "sites.csv"
    src.write_text(SITES)
    monkeypatch.setattr(runner, "_execute", _fail_with(runner.ReportFailed(
        "the 'indicators' template stopped at cell 5: KeyError: 'x'")))
    rc, err = _report(capsys, tmp_path, src)
    assert rc == 1
    assert "could not be made" in err and "stopped at cell 5" in err and "--debug" in err
    assert "Traceback" not in err
    rc = main(["report", "--input", str(src), "--template", "indicators", "--out", str(tmp_path / "out" / "rep"),
               "--debug"])
    assert rc == 1 and "Traceback" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_input_error_found_by_the_template_exits_2(tmp_path, capsys, monkeypatch):
    src = tmp_path / "sites.csv"
    src.write_text(SITES)
    monkeypatch.setattr(runner, "_execute", _fail_with(runner.TemplateInputError("sites.csv, row 3: bad")))
    rc, err = _report(capsys, tmp_path, src)
    assert rc == 2 and "sites.csv, row 3: bad" in err


@pytest.mark.parametrize("setup,match", [
    ("foreign", "already holds files that ctie report did not write"),
    ("file", "is a file"),
    ("inside", "holds the input file"),
])
def test_unusable_out_folder_exits_2_and_is_left_alone(tmp_path, capsys, setup, match):
    out = tmp_path / "out"
    src = tmp_path / "sites.csv"
    if setup == "foreign":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    elif setup == "file":
        out.write_text("a file")
    else:
        out.mkdir()
        src = out / "sites.csv"
    src.write_text(SITES)
    snapshot = sorted((p.name, _sha(p)) for p in (out.iterdir() if out.is_dir() else [out]))
    rc = main(["report", "--input", str(src), "--template", "indicators", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and match in err
    assert sorted((p.name, _sha(p)) for p in (out.iterdir() if out.is_dir() else [out])) == snapshot
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_unknown_template_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--input", "x.csv", "--template", "nope", "--out", str(tmp_path / "o")])
    assert exc.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err


def test_gate_is_the_only_way_out(tmp_path):
    """A count of 3 and a phone column: the published table has neither; raw tables are refused."""
    table = pd.DataFrame({"admin1_pcode": ["XA01", "XA02", "XA03"], "phone": ["+254 712 345678", "+254 733 111222",
                                                                              "+254 701 999888"],
                          "with_attribute": [3, 20, 30], "without_attribute": [40, 50, 12],
                          "total": [43, 70, 42], "percent": [7.0, 28.6, 71.4], "deff": [1.1, 1.2, 1.3]})
    pub = gated(table, "t", ["with_attribute", "without_attribute", "total"], withhold=("deff",))
    assert "phone" not in pub.table.columns
    assert pub.table.loc[0, "with_attribute"] == "<5" and pub.table.loc[0, "without_attribute"] == "x"
    assert pub.table.loc[0, "percent"] == "" and pub.table.loc[0, "deff"] == ""
    assert pub.table.loc[1, "with_attribute"] == 20 and pub.table.loc[1, "deff"] == 1.2
    assert pub.n_hidden >= 2
    path = write_csv(pub, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "admin1_pcode,with_attribute,without_attribute,total,percent,deff"
    assert lines[1] == "#adm1+code,#indicator+num+yes,#indicator+num+no,#indicator+num+total,#indicator+pct,#indicator+deff"
    assert lines[2].startswith("XA01,<5,x,") and "712" not in path.read_text()
    with pytest.raises(TypeError, match="gated table"):
        write_csv(table, tmp_path)  # type: ignore[arg-type]
    assert isinstance(pub, Published) and sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
