"""Ingestion: encodings, HTML, JSON records, folders and every kind of bad input, each named in its error."""
from __future__ import annotations

import json

import pytest

from quellenlage.errors import IngestError
from quellenlage.ingest.reader import iter_articles
from quellenlage.model import Article

SATZ = "Laut Berichten der Zeitung habe der Bürgermeister den Plan abgelehnt. Er sei überrascht gewesen."


def read_one(path, **kw):
    items = list(iter_articles([str(path)], **kw))
    assert len(items) == 1
    return items[0]


def test_utf8_text_is_kept_exactly(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(SATZ + "\n", encoding="utf-8")
    art = read_one(p)
    assert isinstance(art, Article) and art.text == SATZ + "\n"


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + SATZ.encode("utf-8"))
    art = read_one(p)
    assert art.text == SATZ and art.encoding == "utf-8-sig"


def test_latin1_is_detected(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(("Die Bürgerinnen und Bürger äußerten große Sorgen über die Straße. " * 5).encode("latin-1"))
    art = read_one(p)
    assert isinstance(art, Article) and "Bürgerinnen" in art.text and "Straße" in art.text
    assert art.encoding not in ("utf-8", "utf-8-sig")


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("broken.json", b'{"text": "Er sagte', "malformed JSON"),
    ("notext.json", b'{"title": "ohne Text"}', "no non-empty string field 'text'"),
    ("broken.html", b"<html><body><div><script>var x=1;</script></div></body></html>", "HTML"),
])
def test_bad_inputs_get_a_clear_error_naming_the_input(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    err = read_one(p)
    assert isinstance(err, IngestError)
    assert err.source == str(p) and reason in err.reason


def test_too_large_is_refused_without_reading_it_all(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Wort " * 3000, encoding="utf-8")
    err = read_one(p, max_bytes=10_000)
    assert isinstance(err, IngestError) and "too large" in err.reason


def test_undecodable_bytes_are_reported(tmp_path):
    p = tmp_path / "mixed.txt"
    # valid UTF-8 BOM announcing UTF-8, followed by bytes that are not UTF-8
    p.write_bytes(b"\xef\xbb\xbfDer Stra\xdfe")
    err = read_one(p)
    assert isinstance(err, IngestError) and "not valid UTF-8" in err.reason


def test_html_main_text_title_and_date(tmp_path):
    body = " ".join(["Die Stadtverwaltung teilte am Montag mit, der Haushalt sei ausgeglichen."] * 6)
    html = (f"<html><head><title>Haushalt ausgeglichen</title><meta name='date' content='2024-03-05'></head>"
            f"<body><nav>Startseite | Politik | Sport</nav><article><h1>Haushalt ausgeglichen</h1>"
            f"<p>{body}</p></article><footer>Impressum Datenschutz</footer></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    art = read_one(p)
    assert isinstance(art, Article)
    assert "der Haushalt sei ausgeglichen" in art.text and "Impressum" not in art.text
    assert art.title == "Haushalt ausgeglichen" and art.date == "2024-03-05"


def test_jsonl_records_and_a_bad_line_that_does_not_stop_the_rest(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join([json.dumps({"text": SATZ, "title": "Eins", "outlet": "Testblatt", "date": "2024-01-01"}),
                            "{kaputt",
                            json.dumps({"text": "Zweiter Text, so die Sprecherin."})]), encoding="utf-8")
    items = list(iter_articles([str(p)]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "Article"]
    assert items[0].outlet == "Testblatt" and items[0].title == "Eins"
    assert items[1].source.endswith("batch.jsonl:2")


def test_json_list_of_records(tmp_path):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"text": SATZ}, {"text": ""}]), encoding="utf-8")
    items = list(iter_articles([str(p)]))
    assert isinstance(items[0], Article) and isinstance(items[1], IngestError)
    assert items[1].source.endswith("list.json[1]")


def test_folders_are_walked_recursively_in_stable_order(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Erster Text.", encoding="utf-8")
    (tmp_path / "b" / "c" / "d.txt").write_text("Zweiter Text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Versteckt.", encoding="utf-8")
    items = list(iter_articles([str(tmp_path)]))
    assert [i.text for i in items] == ["Erster Text.", "Zweiter Text."]


def test_missing_path(tmp_path):
    err = read_one(tmp_path / "nope.txt")
    assert isinstance(err, IngestError) and "no such file" in err.reason
