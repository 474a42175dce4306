"""A memory of the names in the gold NER sentences, for names the statistical NER leaves alone.

The NER learns from 5,200 gold sentences and still misses some names it was shown, because one model cannot
fit every context (on dev, a model of the train sentences missed "Hertha", "Apartheid" and "Volks- und
Raiffeisenbanken", all marked in train). Tried on the 500 dev sentences with a memory
of the 4,700 train sentences, adding a remembered name where the NER found nothing raised strict F1 on each of
twelve dev models, by 0.0035 to 0.007 (docs/training.md). A name is remembered only where the gold sentences
mark it as an entity at least 70 % of the times it occurs and give it one label at least 90 % of those times,
so words that are names only sometimes stay with the NER ("Union": ORG 4 of 9 times, "Bild": 3 of 16); and a name
needs two letters, so GermEval's "$", "€" (MISC) and lone initials ("D.") are left out.

The memory ships in the pipeline as the component `quellenlage_entity_memory` after the NER
(src/quellenlage/nlp/entity_memory.py): it fills gaps and never changes an entity the NER found;
training/assemble.py adds it.

usage: python training/entity_memory.py [--gold training/corpus/ner-train-dev.spacy] [--out FILE]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
MIN_ENTITY_SHARE = 0.7
MIN_LABEL_SHARE = 0.9
MAX_TOKENS = 7
MIN_LETTERS = 2


def memory_patterns(docs, min_entity_share: float = MIN_ENTITY_SHARE, min_label_share: float = MIN_LABEL_SHARE,
                    max_tokens: int = MAX_TOKENS) -> list[dict]:
    """{"label", "pattern"} of the names that docs (gold NER) mark consistently, for quellenlage_entity_memory."""
    docs = list(docs)
    labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for doc in docs:
        for ent in doc.ents:
            if len(ent) <= max_tokens:
                labels[tuple(t.text for t in ent)][ent.label_] += 1
    occurrences: Counter = Counter()
    for doc in docs:
        words = [t.text for t in doc]
        for n in range(1, max_tokens + 1):
            for i in range(len(words) - n + 1):
                key = tuple(words[i:i + n])
                if key in labels:
                    occurrences[key] += 1
    patterns = []
    for key, counts in sorted(labels.items()):
        as_entity = sum(counts.values())
        label, top = counts.most_common(1)[0]
        letters = sum(c.isalpha() for word in key for c in word)
        if (letters >= MIN_LETTERS and as_entity / occurrences[key] >= min_entity_share
                and top / as_entity >= min_label_share):
            patterns.append({"label": label, "pattern": " ".join(key)})
    return patterns


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT / "training" / "corpus" / "ner-train-dev.spacy"))
    ap.add_argument("--out", default=str(ROOT / "training" / "output" / "entity_memory.jsonl"))
    a = ap.parse_args()
    import spacy
    from spacy.tokens import DocBin

    from quellenlage.nlp.entity_memory import write_patterns

    vocab = spacy.blank("de").vocab
    patterns = memory_patterns(DocBin().from_disk(a.gold).get_docs(vocab))
    write_patterns(Path(a.out), patterns)
    print(f"{len(patterns)} names from {a.gold} -> {a.out}", Counter(p["label"] for p in patterns))


if __name__ == "__main__":
    main()
