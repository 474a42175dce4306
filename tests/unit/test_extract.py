"""The extractor contract (quellenlage.extract) and the language packs (quellenlage.lang), on real text."""
from __future__ import annotations

import catalogue
import pytest

from qltest import run_cli
from quellenlage.errors import IngestError, ModelMissingError
from quellenlage.extract import (DEFAULT_EXTRACTOR, DocumentFailed, Extractor, FunctionExtractor, analyze_one,
                                 extractors, get_extractor)
from quellenlage.lang import FALLBACK, PACKS, language_pack, pack_for
from quellenlage.model import Analysis, Article, InputError
from quellenlage.settings import DEFAULTS

pytestmark = pytest.mark.issue(13)

TEXT = ("Laut einem Bericht des Hunsrücker Anzeigers hat Bürgermeisterin Anna Keller dem Landrat vorgeschlagen, "
        "das Genehmigungsverfahren auszusetzen.")


def test_default_extractor_analyses_in_order_and_passes_errors_through(kozak_text):
    extractor = get_extractor()
    assert isinstance(extractor, Extractor) and extractor.name == DEFAULT_EXTRACTOR
    items = [Article(TEXT, "a.txt"), IngestError("b.bin", "binary file"),
             Article("x" * (DEFAULTS.max_chars + 1), "long.txt"), Article(kozak_text, "kozak.txt")]
    results = list(extractor(items))
    assert [type(r).__name__ for r in results] == ["Analysis", "InputError", "InputError", "Analysis"]
    assert results[1].source_path == "b.bin" and results[1].error == "binary file"
    assert "1,000,001 characters in one document" in results[2].error
    first, kozak = results[0], results[3]
    assert first.document.source_path == "a.txt" and first.attributions[0].source[0].text == \
        "einem Bericht des Hunsrücker Anzeigers"
    assert first.pipeline["extractor"] == DEFAULT_EXTRACTOR and first.pipeline["language"] == "de"
    assert "quellenlage_attribution_linking" in first.pipeline["components"]
    assert len(kozak.attributions) >= 10 and not kozak.warnings


def test_a_language_without_a_pack_goes_through_german_and_says_so():
    results = list(get_extractor()([Article(TEXT, "fr.txt", language="fr"), Article(TEXT, "de.txt")]))
    fr, de = results  # English has a pack (lang/en); French has none
    assert fr.warnings == ["no language pack for 'fr': analysed with the 'de' pipeline"] and de.warnings == []
    assert fr.pipeline["language"] == "de"
    assert [a.message for a in fr.attributions] == [a.message for a in de.attributions]


def test_language_packs_registry():
    assert PACKS["de"] == "de" and PACKS["en"] == "en" and FALLBACK == "de"
    pack, warning = pack_for("DE")
    assert pack.code == "de" and warning is None and (pack.model_dir / "config.cfg").exists()
    assert pack_for("fr")[0] is language_pack("de") and "'fr'" in pack_for("fr")[1]
    with pytest.raises(KeyError):
        language_pack("fr")


def test_word_lists_are_data_with_their_reason_in_the_header():
    de = language_pack("de")
    assert {"behaupten", "dementieren"} <= de.words("speech_verbs")
    assert de.word_map("particle_cues")["machen"] == {"deutlich", "klar"}
    assert "sagen" in de.words("cue_lemmas")  # learnt by training/cue_lexicon.py (first column of the TSV)
    for path in (de.path / "words").glob("*.txt"):
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} does not say what it is for"
    with pytest.raises(FileNotFoundError, match="no_such_list"):
        de.words("no_such_list")
    # one list where two modules had copies: Konjunktiv II for the mood repair and for run-on speech
    from quellenlage.attribution import cues
    from quellenlage.nlp import mood
    assert mood.KONJUNKTIV_II == cues.KONJUNKTIV_II == de.words("konjunktiv_ii")
    assert mood.CLAUSE_BREAKS == cues.CLAUSE_BREAKS


def plain(article: Article) -> Analysis:
    if "kaputt" in article.text:
        raise RuntimeError("kaputt")
    if "ohne Modell" in article.text:
        raise ModelMissingError("no trained pipeline at /nowhere")
    return Analysis(document=article.meta(), text=article.text)


def test_function_extractor_turns_a_crash_into_an_input_error_and_stops_on_setup_errors():
    extractor = FunctionExtractor(plain)
    ok, bad = extractor([Article("Ein Satz.", "a.txt"), Article("kaputt", "b.txt")])
    assert isinstance(ok, Analysis) and ok.text == "Ein Satz."
    assert isinstance(bad, InputError) and bad.error == "analysis failed (RuntimeError: kaputt)"
    with pytest.raises(ModelMissingError):
        list(extractor([Article("ohne Modell", "c.txt")]))
    with pytest.raises(DocumentFailed, match="RuntimeError: kaputt"):
        analyze_one(extractor, Article("kaputt", "b.txt"))


def test_registry_builds_registered_extractors_by_versioned_name():
    name = "test.plain.v1"
    extractors.register(name, func=lambda settings: FunctionExtractor(plain, name=name))
    try:
        extractor = get_extractor(name)
        assert extractor.name == name and analyze_one(extractor, Article("Ein Satz.", "a.txt")).text == "Ein Satz."
    finally:
        catalogue._remove((*extractors.namespace, name))
    with pytest.raises(catalogue.RegistryError):
        get_extractor(name)


def test_cli_refuses_an_unknown_extractor_by_name(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run_cli("analyze", str(tmp_path / "a.txt"), "--extractor", "nope.v9", "--no-progress")
    assert r.returncode == 2 and b"--extractor nope.v9" in r.stderr and b"quellenlage.spacy.v1" in r.stderr
