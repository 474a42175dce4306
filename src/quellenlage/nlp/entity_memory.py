"""Names the gold NER sentences mark consistently, added where the statistical NER found nothing.

One model trained on 5,200 sentences still misses names it was shown (on dev, a model of the train sentences
missed "Hertha", "Apartheid" and "Volks- und Raiffeisenbanken", all marked in train). Training
(`training/entity_memory.py`) keeps the names that the gold sentences mark as an entity at least 70 % of the
times they occur, with one label at least 90 % of those times; this component finds them with spaCy's
PhraseMatcher and adds those that touch no entity of the NER. It never changes or removes an entity the NER
found. On the dev sentences it raised strict F1 on each of twelve NER models (docs/training.md).

spaCy's `entity_ruler` would do the same, but it builds its phrase patterns by running every earlier component
(morphology, NER) over them each time the pipeline loads; here the tokenizer alone builds them.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

PATTERNS_FILE = "names.jsonl"


def read_patterns(path: Path) -> list[dict]:
    """{"label", "pattern"} lines, as training/entity_memory.py writes them."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_patterns(path: Path, patterns: list[dict]) -> None:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in patterns), encoding="utf-8")


class EntityMemory:
    def __init__(self, nlp: Language, name: str):
        self.nlp, self.name = nlp, name
        self.patterns: list[dict] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")

    def __len__(self) -> int:
        return len(self.patterns)

    def add_patterns(self, patterns: list[dict]) -> None:
        by_label = defaultdict(list)
        for pattern in patterns:
            by_label[pattern["label"]].append(self.nlp.make_doc(pattern["pattern"]))
        for label, docs in by_label.items():
            self.matcher.add(label, docs)
        self.patterns.extend(patterns)

    def __call__(self, doc: Doc) -> Doc:
        if not self.patterns:
            return doc
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        new = [span for span in filter_spans(self.matcher(doc, as_spans=True))
               if not any(i in taken for i in range(span.start, span.end))]
        if new:
            doc.set_ents(new, default="unmodified")
        return doc

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None):
        if path:
            self.add_patterns(read_patterns(Path(path)))

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_patterns(path / PATTERNS_FILE, self.patterns)

    def from_disk(self, path, exclude=()):
        self.patterns, self.matcher = [], PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.add_patterns(read_patterns(Path(path) / PATTERNS_FILE))
        return self


@Language.factory("quellenlage_entity_memory", assigns=["doc.ents"], requires=["doc.ents"])
def make_entity_memory(nlp: Language, name: str) -> EntityMemory:
    return EntityMemory(nlp, name)
