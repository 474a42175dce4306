"""Silver NER data: unlabelled German news labelled by a vote of several NER models (self-training).

5,200 GermEval sentences are all the gold NER data here. Several models trained with different seeds disagree
on exactly the names they are unsure of; the spans a majority agrees on, over about 700,000 words of news that
GermEval does not contain, teach the student NER names and contexts it never saw in gold data. The student is
as fast as one model, where a vote at run time would cost one NER pass per model.

Texts: the 1,028 Der Standard articles of 10kGNAD, the unlabelled Wikinews articles, the SpkAtt news articles
that are not held out and the SpkAtt Bundestag speeches (their role annotations are not read), and the UD German
training sentences (web and Wikipedia text like GermEval's, 100 to a text; never the UD held-out sentences).
Each text runs once per model through the pipeline that training/assemble.py builds, without attribution. A span
with its label counts where at least --min-votes models predict it; of overlapping spans the one with more votes
stays. Sentences of 5 to 80 tokens are written as a DocBin.

usage: python training/silver.py --ner DIR [DIR ...] [--min-votes 2] [--morph DIR]
                                  [--out training/corpus/ner-silver.spacy]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from assemble import assemble
from prepare import read_10kgnad
from spkatt import detokenize

MIN_TOKENS, MAX_TOKENS = 5, 80
UD_PER_TEXT = 100


def unlabelled_texts(shared: Path, held_out: set[str], ud_train: Path) -> list[str]:
    texts = read_10kgnad(shared)
    for folder in ("news-text/wikinews-unlabelled", "spkatt-news/train", "spkatt-parliament/train"):
        for path in sorted((shared / folder).glob("*.json")):
            if path.name in held_out:
                continue
            sentences = [s["Tokens"] for s in json.loads(path.read_text(encoding="utf-8"))["Sentences"]]
            words, spaces, _, _ = detokenize(sentences)
            texts.append("".join(w + (" " if sp else "") for w, sp in zip(words, spaces)))
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    ud = [doc.text for doc in DocBin().from_disk(ud_train).get_docs(Vocab())]
    texts.extend(" ".join(ud[k:k + UD_PER_TEXT]) for k in range(0, len(ud), UD_PER_TEXT))
    return texts


def vote(predictions: list[set[tuple[int, int, str]]], min_votes: int) -> list[tuple[int, int, str]]:
    """Spans predicted by at least min_votes models; of overlapping spans the one with more votes, then the
    longer one."""
    counts = Counter(span for spans in predictions for span in spans)
    kept: list[tuple[int, int, str]] = []
    for span, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0] - kv[0][1], kv[0])):
        if n >= min_votes and not any(k[0] < span[1] and span[0] < k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ner", nargs="+", required=True, help="NER training outputs (model-best or model-last)")
    ap.add_argument("--min-votes", type=int, default=2)
    ap.add_argument("--morph", default=str(ROOT / "training" / "output" / "morph" / "model-best"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--split", default=str(ROOT / "training" / "corpus" / "spkatt-split.json"))
    ap.add_argument("--out", default=str(ROOT / "training" / "corpus" / "ner-silver.spacy"))
    a = ap.parse_args()
    from spacy.tokens import Doc, DocBin, Span
    from tqdm import tqdm

    held_out = {Path(p).name for p in json.loads(Path(a.split).read_text())["heldout"]}
    texts = unlabelled_texts(Path(a.shared), held_out, ROOT / "training" / "corpus" / "ud-train.spacy")
    predictions: list[list[set]] = [[] for _ in texts]
    docs = []  # the first model's analyses: tokens and sentences are the same for every model
    for ner_dir in a.ner:
        # the product pipeline with this run's word classes and NER, without attribution
        nlp = assemble(a.morph, [ner_dir], attribution=None)
        for i, doc in enumerate(tqdm(nlp.pipe(texts), total=len(texts), desc=ner_dir)):
            predictions[i].append({(e.start, e.end, e.label_) for e in doc.ents})
            if len(docs) < len(texts):
                docs.append(doc)
    out, labels = DocBin(store_user_data=False), Counter()
    for doc, preds in zip(docs, predictions):
        spans = vote(preds, a.min_votes)
        for sent in doc.sents:
            words = [t.text for t in sent]
            if not MIN_TOKENS <= len(words) <= MAX_TOKENS:
                continue
            inside = [s for s in spans if sent.start <= s[0] and s[1] <= sent.end]
            silver = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent])
            silver.ents = [Span(silver, s[0] - sent.start, s[1] - sent.start, label=s[2]) for s in inside]
            labels.update(s[2] for s in inside)
            out.add(silver)
    out.to_disk(a.out)
    print(f"{len(out)} silver sentences, entities {dict(labels)} -> {a.out}")


if __name__ == "__main__":
    main()
