"""``ctie check``: exit codes 0/1/2 through ``ctie_helpers.cli.main``; the input file is never changed."""

from __future__ import annotations

import hashlib
import json

import pytest
from openpyxl import Workbook

from ctie_helpers.cli import main

PHONE = "+211 912 345 678"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_safe_table_exits_0(tmp_path, capsys):
    p = tmp_path / "safe.csv"
    p.write_text("admin1_pcode,count\nXA01,12\nXA02,30\nXA03,0\n")
    digest = sha(p)
    assert main(["check", str(p)]) == 0
    out = capsys.readouterr().out
    assert "SAFE to share" in out and "LOW" in out and "public" in out
    assert sha(p) == digest


def test_phone_column_and_count_of_three_exit_1_and_nothing_identifying_printed(tmp_path, capsys):
    p = tmp_path / "t.csv"
    p.write_text(f"site,phone,count\nXA0101S001,{PHONE},3\nXA0101S002,+211 955 111 222,12\n"
                 "XA0102S001,0912 333 444,40\n")
    digest = sha(p)
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr().out
    assert "phone" in out and "+*** *** *** *78" in out and "row 2/count" in out
    assert PHONE not in out and "912 345" not in out and "955 111" not in out
    assert main(["check", str(p), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["findings"][0]["column"] == "phone" and report["findings"][0]["kind"] == "phone"
    assert report["small_cells"] == [{"row": 2, "column": "count"}]
    assert report["sensitivity"] == "high" and report["safe_to_share"] is False
    assert PHONE not in json.dumps(report)
    assert sha(p) == digest


def test_microdata_k_anonymity_with_quasi_columns(tmp_path, capsys):
    p = tmp_path / "m.csv"
    rows = ["sex,age_band,any_yes"] + ["F,18—20,1"] * 6 + ["M,30—38,0"] * 6 + ["M,48+,1"]
    p.write_text("\n".join(rows) + "\n")
    assert main(["check", str(p), "--quasi", "sex,age_band", "--threshold", "3"]) == 1
    out = capsys.readouterr().out
    assert "smallest group 1" in out and "1 records (7.7%) in 1 groups smaller than 3" in out
    assert main(["check", str(p), "--quasi", "sex", "--threshold", "3"]) == 0
    assert main(["check", str(p), "--quasi", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_xlsx_sheet_and_case_data(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases "
    ws.append(["case_id", "victim_name", "referral", "means_of_control", "ageBroad"])
    ws.append(["C-001", "Amina Diallo", "shelter", "threats", "18—20"])
    p = tmp_path / "cases.xlsx"
    wb.save(p)
    digest = sha(p)
    assert main(["check", str(p), "--sheet", "cases"]) == 1
    out = capsys.readouterr().out
    assert "case-management export recognised" in out and "SEVERE" in out and "do not share" in out
    assert "Amina" not in out and "A*** D***" in out
    assert sha(p) == digest


@pytest.mark.parametrize("name, content", [("empty.csv", b""), ("ragged.csv", b"a,b\n1,2\n1,2,3\n"),
                                           ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)])
def test_unreadable_files_exit_2_naming_the_file(tmp_path, capsys, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert name in err
    assert p.read_bytes() == content


def test_missing_file_and_missing_sheet_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert "nope.csv" in err and ("no such file" in err or "not found" in err)
    wb = Workbook()
    p = tmp_path / "w.xlsx"
    wb.save(p)
    assert main(["check", str(p), "--sheet", "Data"]) == 2
    err = capsys.readouterr().err
    assert "w.xlsx" in err and "sheet" in err and "'Data'" in err


def test_glotip_style_censored_cells_next_to_a_total_are_recoverable(tmp_path, capsys):
    """'<5' is kept as censored, not zero; but a lone '<5' in a row with its total is still disclosive."""
    p = tmp_path / "glotip.csv"
    p.write_text("country,female,male,total\nXBR,<5,12,15\nXCA,20,30,50\nXDN,25,35,60\n")
    assert main(["check", str(p), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "table" and report["small_cells"] == []
    assert report["recoverable_from_totals"] >= 1
    q = tmp_path / "glotip_ok.csv"
    q.write_text("country,female,male\nXBR,<5,12\nXCA,20,30\nXDN,25,35\n")
    assert main(["check", str(q)]) == 0


def test_input_file_error_is_exit_2_with_the_loaders_message(tmp_path, capsys):
    """The one loader's InputFileError (a UserError) becomes exit 2 and its message, once, no traceback."""
    p = tmp_path / "ragged.csv"
    p.write_bytes(b"a,b\n1,2\n1,2,3\n")
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ctie check: cannot read ragged.csv, row 3: has more values than header columns")
    assert "Traceback" not in err and err.count("ragged.csv") == 1


def test_a_bug_is_not_disguised_as_an_unreadable_file(tmp_path, monkeypatch, capsys):
    """An injected bug (a KeyError inside the loader) must surface as itself, not as exit 2 'cannot read'."""
    import ctie_helpers.data as data

    def broken(*_args, **_kwargs):
        return {}["header_row"]

    monkeypatch.setattr(data, "load_table", broken)
    p = tmp_path / "fine.csv"
    p.write_text("admin1_pcode,count\nXA01,12\n")
    with pytest.raises(KeyError, match="header_row"):
        main(["check", str(p)])
    assert "cannot read" not in capsys.readouterr().err


ISSUE_15 = "Nombre completo,Dirección\nMaría López,Calle 10 # 5-23\nJuan Pérez,Carrera 7 # 12-40\n"


@pytest.mark.parametrize("name, text, flagged", [
    ("issue15.csv", ISSUE_15, {"Nombre completo", "Dirección"}),
    ("fr.csv", "Prénom;Nom;Âge\nAmina;Diallo;34\nLéa;Petit;29\n", {"Prénom", "Nom"}),
    ("en.csv", "Full name,site_name,household size\nAmina Diallo,North Gate Camp,4\n", {"Full name"}),
    ("es.csv", "apellidos,nombre_del_sitio,hogares\nLópez García,Campamento Norte,3\n", {"apellidos"}),
])
def test_small_files_with_person_name_columns_exit_1_and_names_stay_masked(tmp_path, capsys, name, text, flagged):
    """Issue 15: a header naming a person is a direct identifier even in a one- or two-row file."""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    digest = sha(p)
    assert main(["check", str(p), "--json"]) == 1
    out = capsys.readouterr().out
    report = json.loads(out)
    assert {f["column"] for f in report["findings"] if f["kind"] in ("name", "address")} == flagged
    for raw in ("María", "López", "Amina", "Diallo", "Pérez", "Petit"):
        assert raw not in out
    assert sha(p) == digest


def test_small_file_of_place_names_is_not_flagged(tmp_path, capsys):
    p = tmp_path / "sites.csv"
    p.write_text("site_name,admin1_name,nom_du_site,nombre_del_sitio,households\n"
                 "North Gate Camp,Velmora,Camp Nord,Campamento Norte,40\n"
                 "River Bend,Ostrin,Quartier Sud,Barrio Sur,55\n", encoding="utf-8")
    assert main(["check", str(p), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_xlsx_name_column_flagged(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nombre completo", "Dirección"])
    ws.append(["María López", "Calle 10 # 5-23"])
    ws.append(["Juan Pérez", "Carrera 7 # 12-40"])
    p = tmp_path / "nombres.xlsx"
    wb.save(p)
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr().out
    assert "Nombre completo: name" in out and "Dirección: address" in out and "María" not in out
