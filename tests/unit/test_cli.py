"""The CLI end to end, as a user runs it: formats, the JSON schema, batches with bad inputs, stdin."""
from __future__ import annotations

import json

import jsonschema

from qltest import KOZAK, ROOT, run_cli

SCHEMA = json.loads((ROOT / "src/quellenlage/schema/quellenlage-1.schema.json").read_text())


def test_default_runs_on_the_bundled_example():
    r = run_cli("analyze")
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    assert "beispiel-artikel.de.txt" in out and "Attributions" in out and "Keller" in out


def test_json_output_validates_and_offsets_point_into_text():
    r = run_cli("analyze", str(KOZAK), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema"] == "quellenlage/1"
    assert doc["text"] == KOZAK.read_text(encoding="utf-8")
    for layer in ("sentences", "entities"):
        for s in doc[layer]:
            assert doc["text"][s["start"]:s["end"]] == s["text"]
    for a in doc["attributions"]:
        for role in ("cue", "source", "message", "addressee", "frame"):
            for s in a[role]:
                assert doc["text"][s["start"]:s["end"]] == s["text"]


def test_batch_with_bad_inputs_goes_on_and_exit_code_says_so(tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "gut.txt").write_text("Die Ministerin sagte, der Plan sei gescheitert.", encoding="utf-8")
    (tmp_path / "leer.txt").write_bytes(b"")
    (tmp_path / "kaputt.json").write_text("{nicht json", encoding="utf-8")
    (tmp_path / "binär.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "zweiter.txt").write_text("Laut Polizei gab es keine Verletzten. Die Straße blieb gesperrt, "
                                          "so die Behörde. Übrigens äußerte sich niemand.", encoding="latin-1")
    out = tmp_path.parent / "out.jsonl"
    r = run_cli("analyze", str(tmp_path), "--format", "jsonl", "--output", str(out))
    assert r.returncode == 1
    err = r.stderr.decode()
    for name in ("leer.txt", "kaputt.json", "binär.txt"):
        assert name in err
    assert "zweiter.txt: not UTF-8, decoded as" in err
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5
    for d in docs:
        jsonschema.validate(d, SCHEMA)
    ok = [d for d in docs if not d.get("errors")]
    assert sorted(d["document"]["source_path"].rsplit("/", 1)[-1] for d in ok) == ["gut.txt", "zweiter.txt"]


def test_stdin_and_text_report():
    text = "Laut Berichten der Zeitung sei der Vertrag unterschrieben worden.".encode("utf-8")
    r = run_cli("analyze", "-", "--format", "json", stdin=text)
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["text"] == text.decode()


def test_html_report_escapes_article_text(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("Der Sprecher sagte, <script>alert(1)</script> sei kein Problem.", encoding="utf-8")
    r = run_cli("analyze", str(p), "--format", "html")
    assert r.returncode == 0
    assert b"<script>alert(1)</script>" not in r.stdout and b"&lt;script&gt;" in r.stdout


def test_version_and_help_examples():
    assert run_cli("--version").stdout.decode().startswith("quellenlage ")
    assert b"Example" in run_cli("analyze", "--help").stdout


def test_a_document_too_long_for_memory_is_refused_by_name_and_the_batch_goes_on(tmp_path):
    from quellenlage.cli import EXAMPLE_ARTICLE

    article = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    (tmp_path / "sammelband.txt").write_text("\n\n".join([article] * 1100), encoding="utf-8")  # 1.1 M characters
    (tmp_path / "artikel.txt").write_text(article, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run_cli("analyze", str(tmp_path / "sammelband.txt"), str(tmp_path / "artikel.txt"), "--format", "jsonl",
                "--output", str(out))
    assert r.returncode == 1
    assert "sammelband.txt: 1,113,198 characters in one document; the limit is 1,000,000" in r.stderr.decode()
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [bool(d.get("errors")) for d in docs] == [True, False]
    assert docs[1]["entities"]
