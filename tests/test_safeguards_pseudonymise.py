"""Keyed pseudonyms: stable, key-dependent, refused without a key, never a literal in a notebook."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from ctie_helpers.safeguards import MissingKeyError, load_key, pseudonym, pseudonymise
from ctie_helpers.safeguards.pseudonymise import KEY_ENV, KEY_FILE_ENV

KEY = b"0123456789abcdef-test-key"


@pytest.fixture(autouse=True)
def _no_key_in_env(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)


def test_known_code_is_hmac_sha256_base32():
    digest = hmac.new(KEY, b"amina diallo", hashlib.sha256).digest()
    import base64

    assert pseudonym("Amina Diallo", KEY) == "P-" + base64.b32encode(digest).decode()[:10]


def test_same_person_same_code_across_files_and_spellings():
    a = pseudonymise(pd.DataFrame({"name": ["Amina Diallo", "Jean Dupont"]}), "name", key=KEY, prefix="PER")
    b = pseudonymise(pd.DataFrame({"name": ["  amina   DIALLO ", None]}), ["name"], key=KEY, prefix="PER")
    assert a["name"].iloc[0] == b["name"].iloc[0]
    assert a["name"].iloc[0].startswith("PER-") and len(a["name"].iloc[0]) == 14
    assert pd.isna(b["name"].iloc[1])
    assert a["name"].iloc[0] != a["name"].iloc[1]


def test_another_key_gives_other_codes():
    assert pseudonym("Amina Diallo", KEY) != pseudonym("Amina Diallo", b"another-secret-key-0000")


def test_refuses_without_a_key_with_a_clear_message():
    with pytest.raises(MissingKeyError, match=KEY_FILE_ENV):
        pseudonymise(pd.DataFrame({"name": ["Amina"]}), "name")
    with pytest.raises(MissingKeyError, match="too short"):
        pseudonymise(pd.DataFrame({"name": ["Amina"]}), "name", key=b"short")


def test_key_from_environment_and_from_file(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY.decode())
    from_env = pseudonym("x", load_key())
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY.decode() + "\n")
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    assert pseudonym("x", load_key()) == from_env
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "missing.txt"))
    with pytest.raises(MissingKeyError, match="not found"):
        load_key()


def test_input_frame_untouched_and_columns_checked():
    df = pd.DataFrame({"name": ["Amina"], "age": [30]})
    out = pseudonymise(df, "name", key=KEY, suffix="_code")
    assert df["name"].iloc[0] == "Amina" and list(out.columns) == ["name_code", "age"]
    with pytest.raises(KeyError, match="nom"):
        pseudonymise(df, "nom", key=KEY)
