"""Settings in one place, and the shared CLI options that read them: bad flags are usage errors, never tracebacks."""
from __future__ import annotations

import re

import pytest

from qltest import KOZAK, run_cli


def test_settings_defaults_environment_and_overrides():
    from quellenlage.settings import DEFAULTS, Settings

    assert DEFAULTS.max_bytes == 5_000_000 and DEFAULTS.batch_size == 8 and DEFAULTS.db == "quellenlage.sqlite"
    s = Settings.from_env({"QUELLENLAGE_DB": "/tmp/x.sqlite", "QUELLENLAGE_TOKEN": "t"}, max_body_bytes=10, db=None)
    assert (s.db, s.token, s.max_body_bytes) == ("/tmp/x.sqlite", "t", 10)
    assert Settings.from_env({}, db="other.sqlite").db == "other.sqlite"
    with pytest.raises(ValueError, match="max_bytes"):
        Settings(max_bytes=-5)
    with pytest.raises(ValueError, match="analysis_timeout_s"):
        DEFAULTS.replace(analysis_timeout_s=0)


def _one_error(r) -> str:
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err and err.strip(), err
    return " ".join(re.sub("[│╭╮╰╯─]", " ", err).split())  # Typer draws usage errors in a box


def test_negative_max_bytes_is_a_usage_error():
    err = _one_error(run_cli("analyze", str(KOZAK), "--max-bytes", "-5"))
    assert "--max-bytes" in err
    err = _one_error(run_cli("ingest", str(KOZAK), "--max-bytes", "-5", "--db", "unused.sqlite"))
    assert "--max-bytes" in err


def test_output_to_a_folder_is_a_usage_error(tmp_path):
    err = _one_error(run_cli("analyze", str(KOZAK), "-o", str(tmp_path)))
    assert "is a directory" in err
    err = _one_error(run_cli("export", "-o", str(tmp_path), "--db", str(tmp_path / "kb.sqlite")))
    assert "is a directory" in err
    err = _one_error(run_cli("analyze", str(KOZAK), "-o", str(tmp_path / "no" / "such" / "out.json")))
    assert "does not exist" in err


def test_db_that_is_a_folder_is_a_usage_error(tmp_path):
    err = _one_error(run_cli("ingest", str(KOZAK), "--db", str(tmp_path)))
    assert "is a folder" in err
    assert not any(tmp_path.iterdir())
