"""CLI query commands, manual curation and the exports (JSON, CSV, FollowTheMoney, GraphML)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET

from test_store import faz, reuters, spiegel
from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.kb.store import KnowledgeBase

runner = CliRunner()


def filled(db):
    kb = KnowledgeBase(db)
    for a in (spiegel(), faz(), reuters()):
        kb.add(a)
    kb.close()
    return db


def run(*args):
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_query_commands_in_three_formats(tmp_path):
    db = filled(str(tmp_path / "kb.sqlite"))
    actors = json.loads(run("actors", "--db", db, "--format", "json"))
    kozak = next(a for a in actors if "Kozak" in a["names"])
    assert kozak["documents"] == 3
    assert "Dmitri Kosak" in run("actors", "--db", db)
    rows = list(csv.DictReader(io.StringIO(run("actors", "--db", db, "--format", "csv"))))
    assert {r["name"] for r in rows} == {a["name"] for a in actors}
    detail = json.loads(run("actor", "Kozaks", "--db", db, "--format", "json"))  # genitive finds the actor
    assert detail["id"] == kozak["id"] and len(detail["said"]) == 3
    text = run("actor", "Kosak", "--db", db)
    assert "merged names:" in text and "rigour score" in text
    claims = json.loads(run("claims", "--about", "Kozak", "--status", "corroborated", "--db", db, "--format", "json"))
    assert len(claims) == 1 and claims[0]["origins"] == ["New York Times", "Reuters"]
    assert json.loads(run("claims", "--status", "contested", "--db", db, "--format", "json")) == []
    assert "[corroborated]" in run("claims", "--db", db)
    assert "Der Spiegel -> New York Times" in run("sources", "--db", db)
    assert json.loads(run("stats", "--db", db, "--format", "json"))["documents"] == 3
    bad = runner.invoke(app, ["actor", "Niemand Unbekannt", "--db", db])
    assert bad.exit_code == 2


def test_merge_and_split_commands(tmp_path):
    db = filled(str(tmp_path / "kb.sqlite"))
    kozak = KnowledgeBase(db).find_actor("Kozak")
    runner.invoke(app, ["split", str(kozak), "Kozak", "--db", db])
    kb = KnowledgeBase(db)
    assert kb.find_actor("Kozak") != kozak
    res = runner.invoke(app, ["merge", str(kozak), "Kozak", "--db", db, "--reason", "Reuters meint denselben"])
    assert res.exit_code == 0, res.output
    assert kb.find_actor("Kozak") == kozak
    assert runner.invoke(app, ["merge", "Niemand", "Kozak", "--db", db]).exit_code == 2


def test_exports(tmp_path):
    from followthemoney import model
    db = filled(str(tmp_path / "kb.sqlite"))
    data = json.loads(run("export", "--format", "json", "--db", db))
    assert {"stats", "actors", "claims", "sources"} <= set(data)
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", db))))
    assert len(rows) == sum(len(c["reports"]) for c in data["claims"])
    ftm = [json.loads(line) for line in run("export", "--format", "ftm", "--db", db).splitlines()]
    proxies = [model.get_proxy(e) for e in ftm]  # raises on an unknown schema or property
    by_schema = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert {"Person", "Organization", "Article", "Mention", "Note", "UnknownLink"} <= set(by_schema)
    person = next(p for p in by_schema["Person"] if "Kozak" in p.get("alias"))
    assert set(person.get("name")) | set(person.get("alias")) >= {"Dmitry Kozak", "Dmitri Kosak", "Kozak"}
    ids = {p.id for p in proxies}
    assert all(m.get("document")[0] in ids for m in by_schema["Mention"])
    out = tmp_path / "sources.graphml"
    run("export", "--format", "graphml", "--output", str(out), "--db", db)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(out).getroot()
    labels = [d.text for d in root.iterfind(".//g:node/g:data[@key='label']", ns)]
    assert "New York Times" in labels and len(root.findall(".//g:edge", ns)) == len(data["sources"])


def test_sqlite_file_is_browsable(tmp_path):
    """Datasette needs only plain SQLite: declared foreign keys and views that run."""
    db = filled(str(tmp_path / "kb.sqlite"))
    with sqlite3.connect(db) as c:
        fks = c.execute("SELECT * FROM pragma_foreign_key_list('attributions')").fetchall()
        assert {row[2] for row in fks} >= {"revisions", "actors", "claims", "attributions"}
        views = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='view'")}
        assert views == {"current_revisions", "reports", "actor_overview", "source_edges"}
        for v in views:
            assert c.execute(f"SELECT COUNT(*) FROM {v}").fetchone()[0] > 0
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []


def test_query_commands_on_postgresql(pg_url):
    filled(pg_url)
    actors = json.loads(run("actors", "--db", pg_url, "--format", "json"))
    assert next(a for a in actors if "Kozak" in a["names"])["documents"] == 3
    claims = json.loads(run("claims", "--about", "Kosak", "--db", pg_url, "--format", "json"))
    assert [c["status"] for c in claims] == ["corroborated"]
    assert "New York Times" in run("export", "--format", "graphml", "--db", pg_url)


def _error_line(r) -> str:
    """The CLI's answer to a bad argument: exit status 2, one error line, no traceback."""
    out = r.stderr.decode() if isinstance(r.stderr, bytes) else r.stderr
    assert r.returncode == 2, out
    assert "Traceback" not in out and out.strip().startswith("error:") and len(out.strip().splitlines()) == 1, out
    return out


def test_reading_commands_never_create_a_database(tmp_path):
    from qltest import run_cli

    typo = tmp_path / "typo.sqlite"
    for cmd in (["stats"], ["actors"], ["actor", "Kozak"], ["claims"], ["sources"], ["export"],
                ["merge", "a", "b"], ["split", "a", "b"]):
        out = _error_line(run_cli(*cmd, "--db", str(typo)))
        assert f"no knowledge base at {typo}" in out
    assert not typo.exists()


def test_a_file_that_is_not_sqlite_is_one_error_line(tmp_path):
    from qltest import run_cli

    junk = tmp_path / "notes.txt"
    junk.write_text("Das ist keine Datenbank, sondern eine Notiz.\n" * 50, encoding="utf-8")
    before = junk.read_bytes()
    for cmd in (["actors"], ["stats"], ["ingest", str(junk)]):
        out = _error_line(run_cli(*cmd, "--db", str(junk)))
        assert "not a quellenlage knowledge base" in out and str(junk) in out
    assert junk.read_bytes() == before


def test_ids_beyond_64_bits_find_nothing(tmp_path):
    from qltest import run_cli

    db = str(tmp_path / "kb.sqlite")
    with KnowledgeBase(db, encoder="lexical") as kb:
        kb.add(spiegel())
        assert kb.actor("9" * 25) is None and kb.find_actor(2**70) is None
        assert kb.claim("9" * 30) is None and kb.document("9" * 23) is None
    out = _error_line(run_cli("actor", "9" * 25, "--db", db))
    assert "no actor named" in out
    r = run_cli("actors", "--limit", "9" * 23, "--db", db)
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()
