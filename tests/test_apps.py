"""The mini-apps without a browser: build each one, set its controls' ``.value`` (or click), and check the
figure and table data it shows; plus uploads, friendly errors, the catalog and the Voilà command.

``ctie app`` itself is started once (slow): it serves only its notebook, on 127.0.0.1, and removes its
private folder when stopped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import requests

from ctie_helpers.apps import catalog, ui, upload
from ctie_helpers.apps.server import VOILA_CONFIG, private_root, voila_command, voila_env

NOW = dt.datetime.now(dt.UTC)


def file_value(name: str, content: bytes) -> tuple[dict, ...]:
    """What a browser puts in ``FileUpload.value`` (ipywidgets 8)."""
    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content), "last_modified": NOW},)


def bars(slot) -> tuple[list, list]:
    trace = slot.figure.data[0]
    return list(trace.x), list(trace.y)


# --- shared pieces --------------------------------------------------------------------------------------

def test_guard_shows_user_errors_and_hides_tracebacks(capfd):
    from ctie_helpers.data.errors import InputFileError

    status = ui.Status()

    @ui.guard(status)
    def bad_input():
        raise InputFileError("export.csv", "'x' is not a number", row=3, column="victims")

    @ui.guard(status)
    def bug():
        return {}["missing"]

    @ui.guard(status)
    def plain_value_error():  # a ValueError from deep inside is a bug too, not the user's fault
        raise ValueError("cannot reshape array")

    bad_input()
    assert status.kind == "error"
    assert status.message == "Could not do that: export.csv, row 3, column 'victims': 'x' is not a number"
    assert "KeyError" not in capfd.readouterr().err  # a user error is no bug: nothing in the server log
    bug()  # must not raise
    assert status.kind == "error" and "still running" in status.message and "missing" not in status.message
    assert "this is a bug" in status.message
    assert "KeyError" in capfd.readouterr().err  # the traceback went to the server log (the real stderr)
    plain_value_error()
    assert "this is a bug" in status.message and "reshape" not in status.message
    assert "cannot reshape array" in capfd.readouterr().err


def test_uploads_go_through_a_private_folder_that_is_removed(monkeypatch):
    seen = []
    real = upload.private_folder

    def spy():
        cm = real()
        folder = cm.__enter__()
        seen.append((folder, oct(folder.stat().st_mode & 0o777)))
        return _Exit(cm, folder)

    class _Exit:
        def __init__(self, cm, folder):
            self.cm, self.folder = cm, folder

        def __enter__(self):
            return self.folder

        def __exit__(self, *exc):
            return self.cm.__exit__(*exc)

    monkeypatch.setattr(upload, "private_folder", spy)
    f = upload.first_upload(file_value("../../etc/My Data!.csv", b"a,b\n1,2\n3,4\n"))
    assert f.name == "My Data_.csv"  # no path parts survive
    df = upload.load_bytes(f)
    assert df.shape == (2, 2) and df.attrs["source"]["file"] == "My Data_.csv"
    (folder, mode), = seen
    assert mode == "0o700" and not folder.exists()


def test_upload_errors_name_the_file():
    with pytest.raises(ValueError, match="empty"):
        upload.load_bytes(upload.UploadedFile("x.csv", b""))
    with pytest.raises(ValueError, match="broken.xlsx"):
        upload.load_bytes(upload.UploadedFile("broken.xlsx", b"not a zip"))
    with pytest.raises(ValueError, match="nothing pasted"):
        upload.load_pasted("   ")


# --- the six apps -----------------------------------------------------------------------------------------

def test_mse_lab_model_and_pasted_table():
    from ctie_helpers.apps import build_mse

    app = build_mse()
    assert app.result is not None and app.status.kind == "info"
    assert app.result.selection == "stepwise" and "stepwise selection" in app.summary.value
    assert "list_a:list_b" in app.models.value and "p_value" in app.models.value
    assert app.figure.figure.data[0].x[0] == pytest.approx(app.result.estimate)
    app.model.value = "Best by AIC"
    assert app.result.selection == "aic"
    app.model.value = "Independence"
    assert app.result.model == "independence" and round(app.result.estimate) == 844
    assert app.figure.figure.data[0].x[0] == pytest.approx(app.result.estimate)
    app.source.value = "Paste a table"
    app.paste.value = "police,ngo,count\n1,0,340\n0,1,240\n1,1,60\n"
    assert app.result.estimate == pytest.approx(2000.0)  # Lincoln-Petersen: 400 x 300 / 60
    app.paste.value = "Police,NGO,Frequency\n1,0,340\n0,1,240\n1,1,60\n"
    assert app.count.value == "Frequency" and app.result.estimate == pytest.approx(2000.0)
    assert "counts from column <b>Frequency</b>" in app.summary.value
    app.paste.value = "police,ngo,count\n1,0,x\n"
    assert app.status.kind == "error" and "whole numbers" in app.status.message
    app.paste.value = "police;ngo\n1;0\n0;1\n1;1\n1;1\n1;0\n"  # one row per person, semicolons
    assert app.count.value == "(each row is one person)" and app.result.estimate == pytest.approx(6.0)


def test_mse_lab_subset_of_lists_leaves_out_the_others():
    from ctie_helpers.apps import build_mse

    app = build_mse()
    app.lists.value = ("list_a", "list_b")
    assert app.result.n_lists == 2 and "left out" in app.status.message
    assert list(app.histories.figure.data[0].x) == ["A", "B", "A + B"]


def test_sampling_planner_reproduces_717_and_allocates():
    from ctie_helpers.apps import build_sampling

    app = build_sampling()
    assert app.result.n == 619 and app.deff.value == pytest.approx(1.45)
    app.use_clusters.value = False
    app.deff.value, app.population.value, app.nonresponse.value = 2.0, 2000, 0.10
    assert app.result.n == 717  # the brief's worked example
    x, y = bars(app.figure)
    assert sum(y) == 717 and x == list(app.allocation.index)
    app.method.value = "Equal per stratum"
    assert max(bars(app.figure)[1]) - min(bars(app.figure)[1]) <= 1
    app.strata.value = "North, 100\nSouth, abc"
    assert app.status.kind == "error" and "line 2" in app.status.message
    app.strata.value = "North, 100\nSouth, 50"
    assert app.allocation.to_dict() == {"North": 100, "South": 50} and "census" in app.table.value


def test_indicator_dashboard_controls_update_chart_and_gated_table():
    from ctie_helpers.apps import build_indicators

    app = build_indicators()
    assert app.indicator.value == "IND-02" and app.by.value == "admin area"
    app.indicator.value = "IND-12"
    x, y = bars(app.figure)
    assert x == ["Lysandar", "Ostrevan", "Quessary", "Tarnholt", "Velmora"] and "IND-12" in app.figure.figure.layout.title.text
    assert list(app.current.table["percent"]) == y
    app.area.value = "XA01"  # Velmora: its districts, with small counts suppressed
    table = app.current.table
    assert list(table["area"]) == ["Korvessa", "Mirraden", "Thalvenor"]
    hidden = table[app.current.count_column].astype(str)
    assert (hidden == "<5").sum() >= 1 and "&lt;5" in app.table.value
    raw = app.current.raw.set_index("area")[app.current.count_column]
    for area in table.loc[hidden == "<5", "area"]:
        assert 0 < raw[area] < 5  # really small, and the chart shows no bar for it
    assert "suppressed" in app.figure.figure.data[0].text
    app.round.value = "compare"
    assert len(app.figure.figure.data) == 2  # one bar series per round
    app.dataset.value = "household_survey"
    assert app.indicator.value == "IND-01" and app.round.layout.display == "none"
    app.by.value = "hh_head_sex"
    assert bars(app.figure)[0] == ["female", "male"]


def test_indicator_dashboard_uploaded_file_is_mapped_by_hxl():
    from ctie_helpers.apps import build_indicators

    rows = "\n".join(f"S{i},XA0{1 + i % 3},{1 + i % 2},{i % 2},{(i // 2) % 2}" for i in range(60))
    csv = ("Site code,Province pcode,Round,Recruiters seen,Armed groups\n#loc+code,#adm1+code,#date+round,"
           "#affected+recruiters+reported,#affected+armed_groups+reported\n" + rows + "\n").encode()
    app = build_indicators()
    app.upload.value = file_value("my_sites.csv", csv)
    assert app.dataset.value == "uploaded" and app.status.kind == "info"
    assert [v for _, v in app.indicator.options] == ["IND-10", "IND-12"]
    assert app.upload.value == ()  # the bytes are not kept in the widget
    app.upload.value = file_value("other.csv", b"a,b\n1,2\n")
    assert app.status.kind == "error" and "no registry indicator" in app.status.message
    assert app.dataset.value == "uploaded"  # the previous file is still usable


def test_evidence_review_tagging_area_and_gated_export():
    from ctie_helpers.apps import build_evidence

    app = build_evidence()
    assert int(app.matrix.counts.values.sum()) > 60
    for _, code in app.area.options:  # national sources have no admin1: every area must still work
        app.area.value = code
        assert app.status.kind == "info", app.status.message
    app.area.value = ""
    app.start.value = "Blank: tag the excerpts yourself"
    assert int(app.matrix.counts.values.sum()) == 0
    app.levels.value, app.categories.value = ("household",), ("risk",)
    assert int(app.matrix.counts.loc["household", "risk"]) == 1
    assert "1" in app.figure.figure.data[0].text[1]
    app.next.click()
    assert app.excerpt.value == "SRC-002" and app.levels.value == ()
    app.export_button.click()
    assert app.download.value.startswith('<a class="ctie-download"') and "data:text/csv;base64," in app.download.value
    table = app.export_table
    assert len(table) == 20 and table.loc[(table["level"] == "Household/family") & (table["category"] == "Risk factors"),
                                          "excerpts"].tolist() == [1]


def test_questionnaire_builder_lints_and_builds_a_pyxform_checked_form():
    from ctie_helpers.apps import build_questionnaire

    app = build_questionnaire()
    rules = {(f.question, f.rule_id) for f in app.findings}
    assert ("phone", "Q07") in rules and ("trafficked", "Q04") in rules and ("debt_leave", "Q01") in rules
    app.question_list.value = "trafficked"
    assert app.name.value == "trafficked" and app.choices.value == "Yes\nNo"
    app.label.value = "In the last 12 months, has anyone kept you from leaving a job?"
    app.choices.value = "Yes\nNo\nDon't know\nPrefer not to answer"
    app.indicator.value = "IND-03"
    app.add_button.click()
    assert not [f for f in app.findings if f.question == "trafficked"]
    app.build_button.click()
    assert app.xlsform[:2] == b"PK" and "<h:html" in app.xform and '/trafficked"' in app.xform
    assert "download=\"ctie_site_assessment.xlsx\"" in app.download.value
    app.name.value = "bad name"
    app.add_button.click()
    assert app.status.kind == "error" and "must start with a letter" in app.status.message


def test_safety_check_upload_masks_pii_and_gates():
    from ctie_helpers.apps import build_safety

    app = build_safety()
    assert app.assessment.kind == "table" and app.released.suppressed_cells  # the example has small cells
    csv = (b"full name,phone number,age,sex,district\nAmina Yusuf,+254 712 345 678,23,F,XA0101\n"
           b"John Doe,+254 733 111 222,45,M,XA0102\n")
    app.upload.value = file_value("referrals.csv", csv)
    assert app.source.value == "Upload a file" and app.upload.value == ()
    assert set(app.assessment.pii.direct_columns) == {"full name", "phone number"}
    shown = app.pii_table.value + app.preview.value + app.download.value
    for secret in ("Amina", "Yusuf", "712 345", "733 111"):
        assert secret not in shown
    assert "A*** Y***" in app.pii_table.value
    assert "full name" not in app.released.table.columns and app.assessment.sensitivity.level in ("high", "severe")
    app.upload.value = file_value("broken.xlsx", b"abc")
    assert app.status.kind == "error" and "broken.xlsx" in app.status.message
    assert app.verdict.value == ""  # the previous file's verdict is not left on screen


def test_each_update_draws_one_chart_per_slot(monkeypatch):
    from ctie_helpers.apps import build_indicators, build_sampling

    calls = []
    real = ui.FigureSlot.show
    monkeypatch.setattr(ui.FigureSlot, "show", lambda self, fig: (calls.append(self), real(self, fig)))
    app = build_sampling()
    calls.clear()
    app.confidence.value = "99%"  # the shown DEFF is re-set inside the update: still one redraw
    assert len(calls) == 1
    dash = build_indicators()
    calls.clear()
    dash.indicator.value = "IND-13"
    assert len(calls) == 1
    out = dash.figure.outputs[0]
    assert out["output_type"] == "display_data" and "application/vnd.plotly.v1+json" in out["data"]


# --- catalog, notebooks, server -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n, s in catalog.APPS.items() if s.packaged])
def test_notebook_is_thin_and_its_packaged_copy_identical(name):
    spec = catalog.app(name)
    in_repo = catalog.notebook_path(name)
    assert in_repo.parent.name == spec.session
    packaged = catalog.PACKAGED_NOTEBOOKS / spec.notebook_name
    assert packaged.read_bytes() == in_repo.read_bytes()
    code = [c.source for c in nbformat.read(in_repo, as_version=4).cells if c.cell_type == "code"]
    assert code == [spec.source]
    assert catalog.notebook_path(name, notebooks_dir=Path("/nonexistent")) == packaged  # works from anywhere


def test_unknown_app_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of indicators, evidence"):
        catalog.app("dashbord")


def test_voila_command_is_hardened(tmp_path):
    root = private_root([catalog.notebook_path("mse")], parent=tmp_path)
    assert oct(root.stat().st_mode & 0o777) == "0o700" and sorted(p.name for p in root.iterdir()) == [
        "app_mse.ipynb", "voila.json"]
    cmd = " ".join(voila_command(root / "app_mse.ipynb", 8999))
    for flag in ("--Voila.ip=127.0.0.1", "--Voila.port=8999", "--Voila.port_retries=0", "--template=ctie",
                 "strip_sources=True", "show_tracebacks=False", "allow_template_override=NO",
                 "cull_idle_timeout="):
        assert flag in cmd
    assert "0.0.0.0" not in cmd and "preheat_kernel" not in cmd
    preheated = voila_command(root / "app_mse.ipynb", 8999, preheat=True)
    # preheated, Voilà runs through the launcher that keeps the culler off a spare a page has just taken
    assert "--VoilaConfiguration.preheat_kernel=True" in preheated and preheated[1:3] == ["-m", "ctie_helpers.apps.pool"]
    assert voila_command(root / "app_mse.ipynb", 8999)[1:3] == ["-m", "voila"]
    assert VOILA_CONFIG["VoilaConfiguration"]["file_allowlist"] == []
    assert "@jupyter/nbgrader" in VOILA_CONFIG["VoilaConfiguration"]["extension_denylist"]
    template = Path(voila_env()["JUPYTER_PATH"].split(os.pathsep)[0]) / "voila/templates/ctie/index.html.j2"
    assert "cdn.jsdelivr.net" in template.read_text()  # named only to be removed


@pytest.mark.slow
def test_ctie_app_serves_only_its_notebook_on_loopback(tmp_path):
    from tests.browser_support import free_port

    port = free_port()
    ctie = Path(sys.executable).parent / "ctie"
    log = (tmp_path / "app.log").open("w")
    proc = subprocess.Popen([str(ctie), "app", "sampling", "--no-browser", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, (tmp_path / "app.log").read_text()
            try:
                requests.get(f"{base}/voila/static/probe", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "ctie app did not answer"
                time.sleep(0.5)
        import psutil

        voila = psutil.Process(proc.pid).children()[0]
        root = Path(voila.cwd())
        assert root.name.startswith("ctie-app-") and {p.name for p in root.iterdir()} == {
            "app_sampling.ipynb", "voila.json"}
        assert {c.laddr.ip for c in voila.net_connections(kind="tcp") if c.status == "LISTEN"} <= {"127.0.0.1"}
        page = requests.get(f"{base}/", timeout=240)  # runs the notebook in a new kernel
        assert page.status_code == 200 and "build_sampling" not in page.text and "cdn.jsdelivr" not in page.text
        (root / "secret.png").write_bytes(b"\x89PNG")  # allowed by Voilà's default list; not by ours
        for path in ("voila/files/secret.png", "voila/files/voila.json", "voila/files/app_sampling.ipynb"):
            assert requests.get(f"{base}/{path}", timeout=10).status_code == 403, path
        for path in ("voila/tree", "voila/api/contents", "voila/render/app_sampling.ipynb"):
            r = requests.get(f"{base}/{path}", timeout=10, allow_redirects=True)
            assert r.status_code in (403, 404), path  # no listing, no other notebook
        printed = (tmp_path / "app.log").read_text()
        assert f"open http://127.0.0.1:{port}/" in printed and "Sampling planner" in printed
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0
    assert not root.exists()  # the private folder is gone with the server
    assert not re.search(r"Traceback", (tmp_path / "app.log").read_text())


def test_indicator_table_withholds_small_denominators():
    from ctie_helpers.apps.indicator_data import compute
    from ctie_helpers.content import indicator

    df = pd.DataFrame({"admin1_pcode": ["XA01"] * 20 + ["XA02"] * 2, "round": 1,
                       "recruiters_reported": [1] * 8 + [0] * 12 + [0, 0]})
    res = compute(df, indicator("IND-10"), "admin area", rounds=[1])
    row = res.table.set_index("area")
    assert row.loc["Velmora", "percent"] == 40.0
    assert row.loc["Quessary", "percent"] == "" and row.loc["Quessary", res.count_column] == "n<5"


def test_indicator_dashboard_shows_the_admin_table_as_an_offline_map():
    import json

    from ctie_helpers.apps import build_indicators
    from ctie_helpers.data import load
    from ctie_helpers.data.boundaries import ardania_boundaries
    from ctie_helpers.data.geography import ADMIN2
    from ctie_helpers.plots.maps import OFFLINE_TOPOJSON_URL

    app = build_indicators()
    app.indicator.value = "IND-12"
    app.show_as.value = "Map"
    fig = app.figure.figure
    assert [t.type for t in fig.data] == ["choropleth", "choropleth"]
    assert fig.data[0].featureidkey == "properties.ADM1_PCODE"  # Ardania's admin1 boundaries by default
    # percent of round-2 sites with armed group presence, straight from the data, by province
    sites = load("sites_assessment")
    expected = (100 * sites[sites["round"] == 2].groupby("admin1_pcode")["armed_group_presence"].mean()).round(1)
    shown = dict(zip(fig.data[1].locations, fig.data[1].z, strict=True))
    assert shown == pytest.approx(expected.to_dict())
    assert "highest in Tarnholt (35.9%)" in fig.layout.meta["alt"]
    # drawn by the plotly extension: its topojson "fetch" is the offline data URL
    bundle = app.figure.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert bundle["config"]["topojsonURL"] == OFFLINE_TOPOJSON_URL

    app.area.value = "XA01"  # Velmora's districts: small counts withheld, drawn grey, never as a value
    fig = app.figure.figure
    table = app.current.table
    withheld = table.loc[table["percent"].astype(str).isin(["", "nan"]) | table["percent"].isna(), "area"]
    assert len(withheld) >= 1 and fig.data[0].featureidkey == "properties.ADM2_PCODE"
    codes = {a.name: a.pcode for a in ADMIN2}
    assert set(fig.data[1].locations) == {codes[a] for a in table["area"]} - {codes[a] for a in withheld}
    assert f"{len(withheld)} area" in fig.layout.meta["alt"]

    # an uploaded GeoJSON (COD-style admin1 file) replaces Ardania's grid
    gj = ardania_boundaries("admin1").geojson
    for f in gj["features"]:
        f["properties"] = {"admin1Pcode": f["properties"]["ADM1_PCODE"], "admin1Name_en": "n"}
    app.area.value = ""
    app.boundaries_upload.value = file_value("cod_adm1.geojson", json.dumps(gj).encode())
    fig = app.figure.figure
    assert fig.data[0].featureidkey == "properties.admin1Pcode" and "cod_adm1 (GeoJSON)" in fig.layout.title.text
    app.show_as.value = "Chart"
    assert app.figure.figure.data[0].type == "bar"
