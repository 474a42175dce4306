"""Assemble the English product pipeline (quellenlage_en_core) from the trained parts and save it into the package.

The rule lemmatizer's tables (lemma_rules, lemma_exc, lemma_index) come from the spacy-lookups-data package, which
is needed only here: they are serialised into the pipeline (lemmatizer/lookups/lookups.bin).

usage: python training/en/assemble.py [--morph DIR] [--ner DIR [DIR ...]] [--attribution DIR]
                                      [--out src/quellenlage/lang/en/model]
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from quellenlage.nlp.entity_tagger import add_vote  # noqa: E402
from quellenlage.nlp.pipeline import register_components  # noqa: E402
from assemble import add_role_tagger  # noqa: E402  (training/assemble.py: the German pipeline's builder)

VERSION = "0.1.0"
BATCH_SIZE = 8
SENTENCE_RULES = {"closers": ["”", "’", "\"", "'", ")", "]"], "attached_only": ["\"", "'"],
                  "continuers": [",", "-", "–", ":", "(", "and", "or"]}
LEMMA_EXCEPTIONS = Path(__file__).with_name("lemma_exceptions.tsv")


def lemma_patterns(path: Path = LEMMA_EXCEPTIONS) -> list[dict]:
    """attribute_ruler patterns from `form<TAB>lemma<TAB>UPOS` lines (closed-class words the rules leave alone)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, lemma, *pos = line.split("\t")
        token = {"LOWER": form}
        if pos and pos[0]:
            token["POS"] = pos[0]
        out.append({"patterns": [[token]], "attrs": {"LEMMA": lemma}})
    return out


def assemble(morph: str, ner: list[str], attribution: str | None) -> spacy.Language:
    """The English product pipeline; `ner` holds one or more entity-tagger pipelines (several vote)."""
    register_components()
    nlp = spacy.blank("en", config={"nlp": {"batch_size": BATCH_SIZE}})
    # English typography: “ opens a quote, ” closes one; a straight quote closes only when attached ('drink."')
    nlp.add_pipe("quellenlage_sentences", config=SENTENCE_RULES)
    nlp.add_pipe("morphologizer", source=spacy.load(morph))
    # closed-class lemmas first: the rule lemmatizer keeps a lemma that is already set
    nlp.add_pipe("attribute_ruler", name="lemma_exceptions").add_patterns(lemma_patterns())
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lemmatizer.initialize()  # loads the English tables of spacy-lookups-data into the pipeline
    add_vote(nlp, [spacy.load(path) for path in ner], name="ner")
    nlp.add_pipe("quellenlage_title_trim_en")  # "Senator Elizabeth Warren" → "Elizabeth Warren" (GUM counts titles)
    if attribution:
        add_role_tagger(nlp, spacy.load(attribution))  # writes doc._.attribution_roles
        nlp.add_pipe("quellenlage_attribution_en")
    nlp.meta.update({"name": "quellenlage_en_core", "version": VERSION,
                     "license": "research and non-commercial use (PolNeAR; GUM texts CC BY-NC-SA in part)",
                     "description": "English news pipeline of quellenlage: sentences, POS/morphology, lemmas, NER, "
                                    "attribution. Trained on GUM, UD English-EWT dev/test and PolNeAR train "
                                    "(see MODELS.md)."})
    return nlp


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--morph", default="training/output/en/morph/model-best")
    ap.add_argument("--ner", nargs="+", default=["training/output/en/entity-tagger-s0/model-best"])
    ap.add_argument("--attribution", default="training/output/en/attribution/model-best")
    ap.add_argument("--out", default="src/quellenlage/lang/en/model")
    a = ap.parse_args()
    nlp = assemble(a.morph, a.ner, a.attribution if Path(a.attribution).exists() else None)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"saved {nlp.pipe_names} to {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
