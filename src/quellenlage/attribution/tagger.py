"""The attribution tagger: spaCy's Tagger whose labels are attribution roles, written to `doc._.attribution_roles`.

One combined label per token over four BIO layers ("M-I|C-O|S-B|A-O": message, cue, source, addressee), so a
source inside a reported message keeps both roles. The labels are not parts of speech: writing them to their own
place leaves `token.tag_` to the word class that the NER reads. Trained as a plain `tagger` (training/
configs/attribution.cfg); training/assemble.py builds this component with the trained weights.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Doc
from thinc.api import Model

from quellenlage.nlp.extensions import setup_extensions


class RoleTagger(Tagger):
    def set_annotations(self, docs, batch_tag_ids) -> None:
        """One label per token into `doc._.attribution_roles` (token.tag is not touched)."""
        if isinstance(docs, Doc):
            docs = [docs]
        labels = self.labels
        for doc, tag_ids in zip(docs, batch_tag_ids):
            if hasattr(tag_ids, "get"):
                tag_ids = tag_ids.get()
            doc._.attribution_roles = [labels[i] for i in tag_ids]


@Language.factory("quellenlage_role_tagger", assigns=["doc._.attribution_roles"],
                  requires=["token.pos", "token.morph"],
                  default_config={"neg_prefix": "!", "overwrite": False, "label_smoothing": 0.0,
                                  "scorer": {"@scorers": "spacy.tagger_scorer.v1"}},
                  default_score_weights={"tag_acc": 1.0})
def make_role_tagger(nlp: Language, name: str, model: Model, overwrite: bool, scorer: Callable | None,
                     neg_prefix: str, label_smoothing: float) -> RoleTagger:
    """The `model` is the trained tagger's (quellenlage.SubwordMultiHashEmbed + CNN-BiLSTM encoder)."""
    setup_extensions()
    return RoleTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix,
                      label_smoothing=label_smoothing)
