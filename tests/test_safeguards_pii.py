"""PII detection in English, French and Spanish, with masked examples; case-management recognition."""

from __future__ import annotations

import pandas as pd

from ctie_helpers.safeguards import classify_columns, detect_pii, mask_value

PEOPLE = ["Amina Diallo", "Jean Dupont", "María López", "Paul Martin", "Léa Petit"]
PHONES = ["+211 912 345 678", "0912 345 679", "+33 6 12 34 56 78", "07 11 22 33 44", "+221771234567"]
EMAILS = ["amina.d@example.org", "jdupont@mail.fr", "maria@correo.es", "pm@example.com", "lea@ex.net"]
DOBS = ["1980-01-02", "1975-05-06", "2001-12-12", "1999-03-03", "1960-07-07"]
PASSPORTS = ["P1234567", "AB1234567", "X9876543", "C1111111", "D2222222"]
ADDRESSES = ["12 rue des Lilas", "3 avenue Foch", "5 calle Mayor", "9 Main Street", "1 rue Haute"]
NARRATIVE = [f"She said a neighbour recruited her with a promise of work in the city, case note {i}"
             for i in range(5)]


def _kinds(df: pd.DataFrame) -> dict[str, str]:
    return {f.column: f.kind for f in detect_pii(df).findings}


def _all_output(report) -> str:
    return repr(report.to_dict())


def test_english_names_detected_and_masked():
    df = pd.DataFrame({"Full Name": PEOPLE, "Phone number": PHONES, "E-mail": EMAILS, "Date of birth": DOBS,
                       "Passport No": PASSPORTS, "Home address": ADDRESSES, "Comments": NARRATIVE,
                       "latitude": [4.851234, 4.9, 5.012345, 4.777777, 4.812345]})
    report = detect_pii(df)
    assert _kinds(df) == {"Full Name": "name", "Phone number": "phone", "E-mail": "email",
                          "Date of birth": "date_of_birth", "Passport No": "id_number",
                          "Home address": "address", "Comments": "narrative", "latitude": "gps"}
    assert all(f.direct for f in report.findings)
    out = _all_output(report)
    for raw in PEOPLE + PHONES + EMAILS + DOBS + PASSPORTS + ADDRESSES + NARRATIVE + ["4.851234"]:
        assert raw not in out
    by_col = {f.column: f for f in report.findings}
    assert by_col["Full Name"].examples[0] == "A*** D***"
    assert by_col["Phone number"].examples[0] == "+*** *** *** *78"
    assert by_col["E-mail"].examples[0] == "a***@***.org"
    assert by_col["Date of birth"].examples[0] == "198*-**-**"
    assert by_col["Comments"].examples[0].startswith("[free text,")
    assert by_col["Phone number"].evidence == "name+values" and by_col["Phone number"].share == 1.0


def test_french_columns():
    df = pd.DataFrame({"Nom et prénom": PEOPLE, "Téléphone": PHONES, "Courriel": EMAILS,
                       "Date de naissance": DOBS, "Numéro de passeport": PASSPORTS, "Adresse": ADDRESSES,
                       "Observations": NARRATIVE, "Nombre de personnes": [1, 2, 3, 4, 5]})
    assert _kinds(df) == {"Nom et prénom": "name", "Téléphone": "phone", "Courriel": "email",
                          "Date de naissance": "date_of_birth", "Numéro de passeport": "id_number",
                          "Adresse": "address", "Observations": "narrative"}  # "nombre de" is a count


def test_spanish_columns():
    df = pd.DataFrame({"Nombre de la víctima": PEOPLE, "teléfono": PHONES, "correo_electronico": EMAILS,
                       "fechaDeNacimiento": DOBS, "pasaporte": PASSPORTS, "dirección": ADDRESSES,
                       "observaciones": NARRATIVE, "coordenadas": ["4.851234, 31.582345"] * 5})
    assert _kinds(df) == {"Nombre de la víctima": "name", "teléfono": "phone", "correo_electronico": "email",
                          "fechaDeNacimiento": "date_of_birth", "pasaporte": "id_number",
                          "dirección": "address", "observaciones": "narrative", "coordenadas": "gps"}


def test_values_alone_reveal_identifiers_under_bland_names():
    df = pd.DataFrame({"col1": PHONES, "col2": EMAILS, "col3": PEOPLE, "col4": NARRATIVE,
                       "col5": ["4.851234 31.582345 0 0"] * 5})
    report = detect_pii(df)
    assert _kinds(df) == {"col1": "phone", "col2": "email", "col3": "name", "col4": "narrative", "col5": "gps"}
    assert {f.evidence for f in report.findings} == {"values"}


def test_no_false_alarms_on_aggregate_site_data():
    df = pd.DataFrame({"site_pcode": ["XA0101S001", "XA0101S002", "XA0102S001", "XA0201S001", "XA0202S003"],
                       "site_name": ["North Gate Camp", "River Bend", "Old Mill", "Hill Top", "Long Field"],
                       "admin1_name": ["Velmora"] * 5, "pop_total": [1200, 850, 40, 3000, 260],
                       "pct_without_documents": [0.1234, 0.2, 0.05, 0.3333, 0.0],
                       "mobile_money": [1, 0, 1, 1, 0], "interview_date": [f"2024-03-0{i}" for i in range(1, 6)]})
    assert detect_pii(df).findings == []


def test_coarse_coordinates_are_not_exact_positions():
    df = pd.DataFrame({"lon": [31.5, 31.6, 31.5, 31.7, 31.6]})
    assert detect_pii(df).findings == []


def test_case_management_export_recognised():
    df = pd.DataFrame({"case_id": ["C1", "C2"], "survivor_sex": ["F", "M"], "referral_to": ["a", "b"],
                       "means_of_control": ["threats", "debt"], "exploitation_type": ["labour", "sexual"]})
    report = detect_pii(df)
    assert report.case_management
    assert set(report.case_signals) >= {"case id", "victim/survivor", "referral", "means of control"}
    assert [f.kind for f in report.findings] == ["record_id"]
    assert not report.findings[0].direct and report.findings[0].action.startswith("pseudonymise")


def test_ctdc_variables_recognised_as_case_data():
    df = pd.DataFrame(columns=["yearOfRegistration", "gender", "ageBroad", "citizenship", "meansThreats",
                               "isForcedLabour"])
    report = detect_pii(df)
    assert report.case_management and any(s.startswith("CTDC variables") for s in report.case_signals)
    tags = classify_columns(df)
    assert tags["ageBroad"] == "quasi" and tags["gender"] == "quasi"
    assert tags["meansThreats"] == "sensitive" and tags["isForcedLabour"] == "sensitive"


def test_survey_is_not_case_data():
    df = pd.DataFrame({"hh_id": ["H1"], "sex": ["F"], "age": [30], "admin2_pcode": ["XA0101"]})
    report = detect_pii(df)
    assert not report.case_management
    assert set(report.quasi_identifiers) == {"sex", "age", "admin2_pcode"}


def test_masks_never_return_the_value():
    for value, kind in [("Amina Diallo", "name"), ("+211912345678", "phone"), ("P1234567", "id_number"),
                        ("1980-01-02", "date_of_birth"), ("4.851234, 31.582345", "gps"),
                        ("12 rue des Lilas", "address"), ("a@b.org", "email")]:
        masked = mask_value(value, kind)
        assert masked and masked != value and value not in masked
    assert mask_value("4.851234, 31.582345", "gps") == "4.8***, 31.5***"
    assert mask_value("12 rue des Lilas", "address") == "### r*** d*** L***"


def test_shared_ids_are_not_record_keys():
    df = pd.DataFrame({"cluster_id": ["XA0101S001"] * 3 + ["XA0101S002"] * 3, "no_id_documents": [0, 1] * 3,
                       "hh_id": [f"H{i}" for i in range(6)]})
    assert [(f.column, f.kind) for f in detect_pii(df).findings] == [("hh_id", "record_id")]


# Issue 15: a header that names a person is a direct identifier in a file of any size.
PERSON_HEADERS = ["Nombre completo", "NOMBRE COMPLETO", "nombre_completo", "Nombre", "Apellidos", "Apellido(s)",
                  "Nombres y apellidos", "Full name", "First Name", "last_name", "Surname", "Name", "Nom",
                  "Prénom", "PRENOM", "Nom complet", "Nom de famille"]


def test_person_name_headers_flagged_in_a_two_row_file():
    for header in PERSON_HEADERS:
        df = pd.DataFrame({header: ["María López", "Juan Pérez"], "count": [3, 4]})
        report = detect_pii(df)
        assert [(f.column, f.kind) for f in report.findings] == [(header, "name")], header
        assert report.direct_columns == [header]
        assert "María" not in _all_output(report) and "Pérez" not in _all_output(report)


def test_single_first_names_flagged_under_a_person_header():
    df = pd.DataFrame({"Prénom": ["Amina", "Léa"], "Apellido": ["Diallo", "O'Neill"]})
    assert _kinds(df) == {"Prénom": "name", "Apellido": "name"}


def test_issue_15_file_flags_both_name_and_address():
    """The exact file of issue 15: the address was flagged, the full names were not."""
    df = pd.DataFrame({"Nombre completo": ["María López", "Juan Pérez"],
                       "Dirección": ["Calle 10 # 5-23", "Carrera 7 # 12-40"]})
    assert _kinds(df) == {"Nombre completo": "name", "Dirección": "address"}


def test_place_name_columns_are_not_person_names_in_small_files():
    df = pd.DataFrame({"site_name": ["North Gate Camp", "River Bend"], "admin1_name": ["Velmora", "Ostrin"],
                       "nom_du_site": ["Camp Nord", "Quartier Sud"],
                       "nombre_del_sitio": ["Campamento Norte", "Barrio Sur"],
                       "Nombre de la comunidad": ["Vereda Alta", "La Loma"],
                       "Nombre": [12, 40],  # French "nombre": a count
                       "nombre": ["1 234", "<5"]})
    assert detect_pii(df).findings == []


def test_shared_ids_in_a_big_file_are_not_record_keys():
    """Issue 15 (speed): uniqueness is counted on the whole column (5,000 clusters over 50,000 rows: one
    value in ten is new), not on the 2,000-value sample, in which about 1,650 of 2,000 look new."""
    n = 50_000
    df = pd.DataFrame({"cluster_id": [f"XA0101S{i % 5000:04d}" for i in range(n)],
                       "hh_id": [f"H{i:05d}" for i in range(n)]})
    assert [(f.column, f.kind) for f in detect_pii(df).findings] == [("hh_id", "record_id")]
